import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import { userClaims } from './account.js';
import type { IdentityUsers } from './account.js';
import { REALM_PATH } from './clients.js';
import { safeError } from './events.js';
import { USERINFO_ROUTE } from './provider.js';
import { answerWithProviderStorage } from './provider-storage.js';
import type { Soon } from '../soon.js';
import type { TokenSubject } from './verify.js';

export interface MountOptions {
  provider: Provider;
  issuer: string;
  users: IdentityUsers;
  verify: (token: string) => Soon<TokenSubject>;
  logger: FastifyBaseLogger;
  /** The login page of oidc-provider's interactions, with its own form parser. */
  loginPage: FastifyPluginAsync;
  /** Sign-in through outside providers: the login page's buttons and Keycloak's broker endpoint. */
  ssoBroker: FastifyPluginAsync;
}

type MountedRequest = IncomingMessage & { originalUrl?: string };

/**
 * Keycloak's userinfo endpoint for Paddock's JWT access tokens (oidc-provider's own only takes
 * opaque tokens without an audience). Bearer header only.
 */
function userinfoHandler(options: MountOptions) {
  const { issuer, users, verify } = options;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header('cache-control', 'no-store');
    const refuse = (description: string) =>
      reply
        .code(401)
        .header('www-authenticate', `Bearer realm="${issuer}", error="invalid_token"`)
        .send({ error: 'invalid_token', error_description: description });
    const match = /^Bearer +([\w.~+/-]+=*) *$/i.exec(request.headers.authorization ?? '');
    if (!match?.[1]) return refuse('send the access token as Authorization: Bearer <token>');
    let subject: TokenSubject;
    try {
      subject = await verify(match[1]);
    } catch {
      return refuse('invalid or expired access token');
    }
    if (subject.kind !== 'user') return refuse('the access token does not belong to a user');
    const user = await users.getById(subject.userId);
    if (user?.status !== 'active') return refuse('the user is not active');
    if (subject.generation < user.token_generation) return refuse('the access token was issued before a deactivation, a password change or a role change');
    return reply.send(userClaims(user));
  };
}

/**
 * An encapsulated Fastify plugin serving everything under the realm path with oidc-provider. Its
 * content-type parsers leave bodies unread (oidc-provider reads them itself, with its own limits),
 * and they apply inside this plugin only: the rest of the app keeps its own parsers.
 */
export function identityPlugin(options: MountOptions): FastifyPluginAsync {
  const { provider, logger } = options;
  const handle = provider.callback() as (req: IncomingMessage, res: ServerResponse) => Promise<void>;

  async function delegate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const req = request.raw as MountedRequest;
    const url = req.url ?? '/';
    if (!url.startsWith(`${REALM_PATH}/`)) {
      await reply.code(404).send({ error: 'not_found' });
      return;
    }
    reply.hijack();
    // As oidc-provider's docs mount it under a prefix: it computes its endpoint URLs from `originalUrl`.
    req.originalUrl = url;
    req.url = url.slice(REALM_PATH.length);
    try {
      await answerWithProviderStorage(async () => handle(req, reply.raw));
    } catch (err) {
      logger.error({ err: safeError(err) }, 'OpenID provider failed to answer');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' });
        reply.raw.end(JSON.stringify({ error: 'server_error' }));
      } else reply.raw.end();
    } finally {
      req.url = url;
      delete req.originalUrl;
    }
  }

  return async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => {
      done(null, undefined);
    });
    app.route({ method: ['GET', 'POST'], url: `${REALM_PATH}${USERINFO_ROUTE}`, handler: userinfoHandler(options) });
    await app.register(options.loginPage);
    await app.register(options.ssoBroker);
    app.all(`${REALM_PATH}/*`, delegate);
  };
}
