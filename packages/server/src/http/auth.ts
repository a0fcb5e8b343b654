import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { Actor } from '../services/actor.js';

export type ActorResolver = (token: string) => Promise<Actor>;

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Send an access token: Authorization: Bearer <token>.');
  return match[1];
}

/** An onRequest hook that sets the caller's actor, or refuses with UNAUTHENTICATED (for surfaces mounted apart). */
export function requireActor(resolve: ActorResolver) {
  return async (request: FastifyRequest): Promise<void> => {
    request.actor = await resolve(bearer(request));
  };
}

/**
 * Every `/v1/api/*` call but the documentation and the routes mounted `public` needs a valid token of an active user or client;
 * a call mounted with `optionalAuth` may come without one (a token it gets must still be valid).
 */
export function installAuth(app: FastifyInstance, resolve: ActorResolver): void {
  app.decorateRequest('actor', null);
  // Fastify builds `routeOptions` anew at each read: read once.
  const isApiCall = ({ url = '', config }: FastifyRequest['routeOptions']) => url.startsWith('/v1/api/') && !url.startsWith('/v1/api/docs') && config.public !== true;
  // Before the body is read: a caller without a valid token learns nothing else.
  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions;
    if (!isApiCall(route)) return;
    if (route.config.optionalAuth === true && request.headers.authorization === undefined) return;
    request.actor = await resolve(bearer(request));
  });
  app.addHook('preValidation', (request, _reply, done) => {
    if (isApiCall(request.routeOptions)) request.body = withoutNulls(request.body);
    done();
  });
}

/**
 * Wallaroo's clients may POST no body for `{}`, and Python clients send `None` as null for fields
 * they leave out: both mean "absent". Anything that is not an object is left for the schema to refuse.
 */
function withoutNulls(body: unknown): unknown {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) return body;
  const values = Object.values(body);
  if (!values.includes(null)) return body;
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null));
}
