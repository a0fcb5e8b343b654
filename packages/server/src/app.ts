import { randomUUID } from 'node:crypto';
import path from 'node:path';
import fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { Db } from './db/database.js';
import { migrationsCurrent } from './db/migrate.js';
import type { Clock, IdGenerator, PasswordHasher } from './deps.js';
import { argon2Hasher, randomIds, systemClock } from './deps.js';
import { AppError } from './errors.js';
import { installAuth } from './http/auth.js';
import { dashboardRoutes } from './http/dashboard.js';
import { frameworkError, installErrorHandling, rawClientError } from './http/errors.js';
import { createMetrics, metricsRoute } from './http/metrics.js';
import { replySerializerCompiler } from './http/serializer.js';
import { apiValidatorCompiler } from './http/validation.js';
import { adminRoutes } from './http/routes/admin.js';
import { configRoutes } from './http/routes/config.js';
import { withTokenEndpoint } from './http/openapi.js';
import { graphqlEndpoint } from './http/graphql/plugin.js';
import { KEYCLOAK_ADMIN_PREFIX, keycloakAdminRoutes } from './http/keycloak/admin-users.js';
import { identityRoutes } from './http/routes/identity.js';
import { SCIM_PREFIX, scimRoutes } from './http/scim/plugin.js';
import { scimTokenRoutes } from './http/routes/scim-tokens.js';
import { invitationPageRoutes } from './http/routes/invitation-page.js';
import { loginThrottleRoutes } from './http/routes/login-throttle.js';
import { seatRoutes } from './http/routes/seats.js';
import { ssoRoutes } from './http/routes/sso.js';
import { userRoutes } from './http/routes/users.js';
import { workspaceRoutes } from './http/routes/workspaces.js';
import { isServiceAccountClientId } from './domain/rules.js';
import { createIdentity, createUpstream } from './identity/index.js';
import type { Identity, TokenSubject, Upstream } from './identity/index.js';
import type { License } from './license/license.js';
import { discardingMailer, outboxMailer } from './mail.js';
import type { Mailer } from './mail.js';
import { createServices } from './services/index.js';
import type { Actor, Services } from './services/index.js';
import type { SsoProviderSettings } from './services/sso.js';
import { andThen } from './soon.js';
import type { Soon } from './soon.js';

export interface AppOptions {
  db: Db;
  license: License;
  /** PEM Ed25519 key that uploaded licences must be signed with; the built-in key by default. */
  licensePublicKey?: string;
  publicUrl: string;
  apiClientSecret: string;
  clock?: Clock;
  ids?: IdGenerator;
  hasher?: PasswordHasher;
  /** Sends invitation links. Default: .eml files under `<dataDir>/outbox`, or dropped without a dataDir. */
  mailer?: Mailer;
  /** Local state (the outbox of the default mailer). */
  dataDir?: string;
  /** The built dashboard; packages/dashboard/dist by default. */
  dashboardDir?: string;
  /** Outside OpenID providers from configuration (more can be added through the API). */
  ssoProviders?: readonly SsoProviderSettings[];
  /** Paddock as a client of those providers; the openid-client one by default. */
  upstream?: Upstream;
  /** Tests: a refusal whose code the call's contract does not declare is answered as a 500. */
  strictContracts?: boolean;
  /** pino options, or false for silence (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Rows per database read of the streamed unpaged listings (tests: small, to span many). */
  streamBatchSize?: number;
  /**
   * How often this process offers to run the idle-seat policy (it runs when the policy is on and
   * this process wins the hourly claim in the database); false: never (tests drive it themselves).
   */
  seatPolicyTickMs?: number | false;
}

/** Five minutes: a process that starts late, or another that stops, delays a due run by at most that. */
export const SEAT_POLICY_TICK_MS = 5 * 60 * 1000;

export interface App {
  http: FastifyInstance;
  services: Services;
  identity: Identity;
  close(): Promise<void>;
}

/** The composition root: every dependency is made or received here, and nowhere else. */
export async function buildApp(options: AppOptions): Promise<App> {
  const clock = options.clock ?? systemClock;
  const http = fastify({
    logger: options.logger ?? false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
    clientErrorHandler: rawClientError,
    frameworkErrors: frameworkError,
  });
  http.setValidatorCompiler(apiValidatorCompiler);
  http.setSerializerCompiler(replySerializerCompiler);
  // Callback-style hooks: an async one costs a promise and a turn of the queue on every request.
  http.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff');
    // What the API answers is about people and tokens: never kept by a cache on the way.
    if (request.url.startsWith('/v1/') || request.url.startsWith('/auth/admin/')) void reply.header('cache-control', 'no-store');
    done();
  });
  installErrorHandling(http, { strictContracts: options.strictContracts ?? false });
  const metrics = createMetrics();
  metrics.install(http);

  const upstream = options.upstream ?? createUpstream(clock);
  const services = createServices({
    db: options.db.kysely,
    reader: options.db,
    clock,
    ids: options.ids ?? randomIds,
    hasher: options.hasher ?? argon2Hasher(),
    license: options.license,
    ...(options.licensePublicKey !== undefined && { licensePublicKey: options.licensePublicKey }),
    log: http.log,
    mailer:
      options.mailer ??
      (options.dataDir === undefined ? discardingMailer(http.log) : outboxMailer({ dir: path.join(options.dataDir, 'outbox'), clock, log: http.log })),
    publicUrl: options.publicUrl,
    ssoProviders: options.ssoProviders ?? [],
    checkIssuer: async (provider) => upstream.check(provider),
    loginEvents: metrics.login,
    ...(options.streamBatchSize !== undefined && { streamBatchSize: options.streamBatchSize }),
  });
  const identity = await createIdentity({
    db: options.db.kysely,
    publicUrl: options.publicUrl,
    apiClientSecret: options.apiClientSecret,
    users: services.users,
    throttle: services.loginThrottle,
    sso: services.sso,
    upstream,
    clock,
    logger: http.log,
  });

  const resolveActor = (token: string): Soon<Actor> => andThen(identity.verifyAccessToken(token), (subject): Soon<Actor> => actorFor(subject, services));
  installAuth(http, resolveActor);

  await http.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Paddock API', version: '0.1.0', description: 'Users, workspaces, licence seats and audit; Wallaroo-compatible.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
    // The public calls only: identity's internal routes (login pages, oidc-provider's catch-all) carry no tag.
    hideUntagged: true,
    transformObject: (documents) => withTokenEndpoint(documents),
  });
  await http.register(swaggerUi, { routePrefix: '/v1/api/docs', theme: { title: 'Paddock API' } });
  await http.register(identity.plugin);

  userRoutes(http, services.users, services.passwords, services.userImport);
  await invitationPageRoutes(http, { invitations: services.invitations, secureCookies: options.publicUrl.startsWith('https:') });
  workspaceRoutes(http, services.workspaces);
  adminRoutes(http, services);
  identityRoutes(http, services);
  scimTokenRoutes(http, services.scimTokens);
  configRoutes(http, identity.issuer);
  await http.register(keycloakAdminRoutes(services.users, resolveActor), { prefix: KEYCLOAK_ADMIN_PREFIX });
  await http.register(graphqlEndpoint(services.workspaces, resolveActor));
  await http.register(scimRoutes({ scim: services.scim, tokens: services.scimTokens, publicUrl: options.publicUrl }), { prefix: SCIM_PREFIX });
  loginThrottleRoutes(http, services.loginThrottle);
  seatRoutes(http, services.seatReclaim, () => clock.now());
  ssoRoutes(http, services.sso, identity.brokerRedirectUri);

  await dashboardRoutes(http, options.dashboardDir === undefined ? {} : { root: options.dashboardDir });
  http.get('/v1/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => http.swagger());
  http.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  metricsRoute(http, metrics, async () => services.license.status({ kind: 'system' }), resolveActor);
  http.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ready = await migrationsCurrent(options.db).catch(() => false);
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', database: options.db.dialect });
  });

  await http.ready();
  const stopPolicy = scheduleSeatPolicy(services, options.seatPolicyTickMs ?? SEAT_POLICY_TICK_MS, http.log);
  return {
    http,
    services,
    identity,
    close: async () => {
      await stopPolicy();
      await http.close();
      await identity.close();
    },
  };
}

/**
 * Offers to run the idle-seat policy every `every` ms; the database decides which process runs it
 * (see `claimPolicyRun`). Returns a stop that waits for a run in flight.
 */
function scheduleSeatPolicy(services: Services, every: number | false, log: FastifyInstance['log']): () => Promise<void> {
  if (every === false) return async () => undefined;
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    // A run still going (a long one) makes this tick a no-op rather than a queue.
    running ??= services.seatReclaim
      .tick()
      .then(
        () => undefined,
        (err: unknown) => log.error({ err }, 'the idle-seat policy failed; it runs again at a later tick'),
      )
      .finally(() => {
        running = null;
      });
  }, every);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}

/** The actor behind a token, checked against the user's (or service account's) current state on every request. */
function actorFor(subject: TokenSubject, services: Services): Soon<Actor> {
  if (subject.kind === 'client') {
    if (!isServiceAccountClientId(subject.clientId)) return { kind: 'client', id: subject.clientId, role: subject.role };
    return services.serviceAccounts.getByClientId(subject.clientId).then((account): Actor => {
      if (!account) throw new AppError('UNAUTHENTICATED', 'This service account no longer exists.');
      return { kind: 'client', id: account.client_id, role: account.role };
    });
  }
  return andThen(services.users.standing(subject.userId), (user): Actor => {
    if (!user || user.status !== 'active') throw new AppError('UNAUTHENTICATED', 'This account is deactivated or no longer exists.');
    if (subject.generation < user.token_generation) {
      throw new AppError('UNAUTHENTICATED', 'This token was issued before a deactivation, a password change or a role change; log in again.');
    }
    return { kind: 'user', id: user.id, email: user.email, role: user.role };
  });
}
