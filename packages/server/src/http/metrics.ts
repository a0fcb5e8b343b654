import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { assertFound } from '../errors.js';
import { requireAdmin } from '../services/actor.js';
import type { LicenseStatus } from '../services/license.js';
import type { LoginEvents } from '../services/login-throttle.js';
import { requireActor } from './auth.js';
import { prependHook } from './route-hooks.js';
import type { ActorResolver } from './auth.js';

/** The `route` label of a request that matched no route: raw URLs would make the label set unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

const DURATION = 'paddock_http_request_duration_seconds';

/** One app's metrics, in a registry of its own (several apps may share a process). */
export interface Metrics {
  /** The login throttle's events, counted. */
  readonly login: LoginEvents;
  /**
   * Counts every answered request by method, route pattern and status, with its latency: installs
   * a hook on each route added after it, and one for requests that matched no route.
   */
  install(app: FastifyInstance): void;
  readonly contentType: string;
  /** The Prometheus text, with the seat gauges set from `license` (read at scrape time, never per request). */
  render(license: Pick<LicenseStatus, 'activeUsers' | 'seatsLeft'>): Promise<string>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const duration = new Histogram({
    name: DURATION,
    help: 'Time to answer HTTP requests, by method, route pattern and status.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // The histogram counts every request already: the counter is read from it at scrape time rather
  // than kept apart, which would cost each request a second label lookup (measured: a few µs).
  new Counter({
    name: 'paddock_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames,
    registers: [registry],
    async collect() {
      this.reset();
      for (const { metricName, labels, value } of (await duration.get()).values) if (metricName === `${DURATION}_count`) this.inc(labels, value);
    },
  });
  const activeUsers = new Gauge({ name: 'paddock_active_users', help: 'Active users, who take a seat each.', registers: [registry] });
  const seatsLeft = new Gauge({ name: 'paddock_seats_left', help: 'Seats the licence in force leaves free (+Inf when it has no seat limit).', registers: [registry] });
  const loginFailures = new Counter({
    name: 'paddock_login_failures_total',
    help: 'Failed password logins: invalid_credentials (wrong email, password, or an inactive user), throttled (a locked account or address).',
    labelNames: ['reason'],
    registers: [registry],
  });
  const loginLocks = new Counter({ name: 'paddock_login_locks_total', help: 'Locks started by repeated login failures, of an account or a client address.', labelNames: ['kind'], registers: [registry] });
  // Zero from the start, so that rate() and alerts see the first failure.
  for (const reason of ['invalid_credentials', 'throttled'] as const) loginFailures.inc({ reason }, 0);
  for (const kind of ['account', 'address'] as const) loginLocks.inc({ kind }, 0);

  return {
    login: {
      failed: (reason) => loginFailures.inc({ reason }),
      locked: (kind) => loginLocks.inc({ kind }),
    },
    install(app) {
      const observe = (route: string, request: FastifyRequest, reply: FastifyReply) =>
        duration.observe({ method: request.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
      // Each route's pattern is known as it is added: no request reads it (Fastify builds its routeOptions anew at each read).
      // Callback style, as every hook on the request path (see app.ts).
      app.addHook('onRoute', (route) => {
        const { url } = route;
        prependHook(route, 'onResponse', (request, reply, done) => {
          observe(url, request, reply);
          done();
        });
      });
      app.addHook('onResponse', (request, reply, done) => {
        if (request.is404) observe(UNMATCHED_ROUTE, request, reply);
        done();
      });
    },
    contentType: registry.contentType,
    async render(license) {
      activeUsers.set(license.activeUsers);
      seatsLeft.set(license.seatsLeft ?? Infinity);
      return registry.metrics();
    },
  };
}

/** `GET /metrics`, for admins only (a scraper logs in as an admin service account). */
export function metricsRoute(app: FastifyInstance, metrics: Metrics, license: () => Promise<LicenseStatus>, resolve: ActorResolver): void {
  app.get('/metrics', { schema: { hide: true }, onRequest: requireActor(resolve) }, async (request, reply) => {
    requireAdmin(assertFound(request.actor, 'UNAUTHENTICATED', 'Send an access token: Authorization: Bearer <token>.'));
    const text = await metrics.render(await license());
    return reply.type(metrics.contentType).send(text);
  });
}
