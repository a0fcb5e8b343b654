import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import * as client from 'openid-client';
import pino from 'pino';
import type { Db } from '../../src/db/database.js';
import { argon2Hasher, randomIds, systemClock } from '../../src/deps.js';
import type { Clock } from '../../src/deps.js';
import { createIdentity, createUpstream } from '../../src/identity/index.js';
import type { Identity } from '../../src/identity/index.js';
import type { License } from '../../src/license/license.js';
import { auditWriter } from '../../src/services/audit.js';
import { createInvitationsService } from '../../src/services/invitations.js';
import { createLicenseService } from '../../src/services/license.js';
import { discardingMailer } from '../../src/mail.js';
import { createLoginThrottle } from '../../src/services/login-throttle.js';
import { createUsersService } from '../../src/services/users.js';
import { createSsoService } from '../../src/services/sso.js';
import type { UsersService } from '../../src/services/users.js';

export const API_CLIENT_SECRET = 'test-api-client-secret-0123456789';
export const PASSWORD = 'correct horse battery staple';

/** A clock that runs with real time, shifted by `offset` ms (oidc-provider itself reads real time). */
export class ShiftedClock implements Clock {
  offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
}

/** No seat limit: the suites invite as many users as they need. */
const UNLIMITED: License = { edition: 'enterprise', seats: null, licensee: 'identity tests', expiresAt: null };

export function createUsers(db: Db, clock: Clock = systemClock): UsersService {
  const hasher = argon2Hasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
  const silent = { info: () => undefined, warn: () => undefined };
  const audit = auditWriter(clock);
  return createUsersService({
    db: db.kysely,
    reader: db,
    clock,
    ids: randomIds,
    hasher,
    license: createLicenseService({ db: db.kysely, clock, license: UNLIMITED }),
    audit,
    invitations: createInvitationsService({ db: db.kysely, clock, hasher, mailer: discardingMailer(silent), publicUrl: 'http://paddock.test', audit, log: silent }),
  });
}

export interface Running {
  identity: Identity;
  app: FastifyInstance;
  publicUrl: string;
  /** Where this server actually listens (the public URL unless another was given). */
  listening: string;
  issuer: string;
  tokenUrl: string;
  /** Every line the identity module logged (pino JSON), at debug level and above. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * The identity module mounted in a real Fastify app listening on 127.0.0.1 (port 0), with a JSON route
 * beside it. The server listens before the app is ready so that the public URL (and the issuer) names
 * the port it got.
 */
export async function startIdentity(options: { db: Db; users: UsersService; clock?: Clock; publicUrl?: string }): Promise<Running> {
  let server: Server | undefined;
  const app = Fastify({
    serverFactory: (handler) => {
      server = createServer(handler);
      return server;
    },
  });
  if (!server) throw new Error('no server');
  const http = server;
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const listening = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  // Processes sharing a database share the public URL, whatever address each listens on.
  const publicUrl = options.publicUrl ?? listening;

  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const clock = options.clock ?? systemClock;
  const logger = pino({ level: 'debug' }, sink);
  const upstream = createUpstream(clock);
  const identity = await createIdentity({
    db: options.db.kysely,
    publicUrl,
    apiClientSecret: API_CLIENT_SECRET,
    users: options.users,
    throttle: createLoginThrottle({ db: options.db.kysely, clock, audit: auditWriter(clock), log: logger }),
    sso: createSsoService({ db: options.db.kysely, clock, audit: auditWriter(clock), users: options.users, configured: [], checkIssuer: async (provider) => upstream.check(provider) }),
    upstream,
    clock,
    logger,
  });
  await app.register(identity.plugin);
  app.post('/echo', (request, reply) => reply.send({ got: request.body }));
  await app.ready();

  const issuer = `${publicUrl}/auth/realms/master`;
  return {
    identity,
    app,
    publicUrl,
    listening,
    issuer,
    tokenUrl: `${issuer}/protocol/openid-connect/token`,
    logs,
    async close() {
      await identity.close();
      http.closeAllConnections();
      await app.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

const insecure = { execute: [client.allowInsecureRequests] };

/** openid-client configured for the public SDK client. */
export async function sdkClient(issuer: string): Promise<client.Configuration> {
  return client.discovery(new URL(issuer), 'sdk-client', undefined, client.None(), insecure);
}

/** Sends a configuration's requests to another process of the same deployment (another listening address). */
export function via(config: client.Configuration, from: string, to: string): client.Configuration {
  config[client.customFetch] = async (url, options) => fetch(url.replace(from, to), options as RequestInit);
  return config;
}

/** openid-client configured for the confidential API client, with Basic (default) or POST authentication. */
export async function apiClient(issuer: string, auth: 'basic' | 'post' = 'basic', secret = API_CLIENT_SECRET): Promise<client.Configuration> {
  const method = auth === 'basic' ? client.ClientSecretBasic(secret) : client.ClientSecretPost(secret);
  return client.discovery(new URL(issuer), 'api-client', undefined, method, insecure);
}

export async function passwordGrant(config: client.Configuration, username: string, password = PASSWORD, scope?: string) {
  return client.genericGrantRequest(config, 'password', { username, password, ...(scope === undefined ? {} : { scope }) });
}

/** A raw form POST to the token endpoint: the reply's status and JSON body, unprocessed. */
export async function postToken(tokenUrl: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}
