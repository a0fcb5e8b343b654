import type { FastifyContextConfig, FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { AppError } from '../errors.js';
import type { Actor } from '../services/actor.js';
import type { Soon } from '../soon.js';
import { prependHook } from './route-hooks.js';

export type ActorResolver = (token: string) => Soon<Actor>;

const BEARER = 'Bearer ';

/** JavaScript's whitespace (`\s`) within Latin-1, which is all a header value holds. */
const WHITESPACE = ['\t', '\n', '\v', '\f', '\r', ' ', '\u00a0'];

/** `Bearer <token>`, the scheme in any case and the whitespace around the token any. */
function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  // As every client writes it, found without the regular expression, which costs several times
  // more over a token's hundreds of characters.
  if (header?.startsWith(BEARER) === true && header.length > BEARER.length && WHITESPACE.every((space) => !header.includes(space, BEARER.length))) {
    return header.slice(BEARER.length);
  }
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Send an access token: Authorization: Bearer <token>.');
  return match[1];
}

/**
 * An onRequest hook that sets the caller's actor, or refuses with UNAUTHENTICATED. Callback style,
 * and at once when the actor is known at once (see `Soon`): an async hook costs every request a
 * promise and a turn of the microtask queue.
 */
export function requireActor(resolve: ActorResolver): onRequestHookHandler {
  return (request, _reply, done) => {
    let actor: Soon<Actor>;
    try {
      actor = resolve(bearer(request));
    } catch (err) {
      done(err as Error);
      return;
    }
    if (actor instanceof Promise) {
      actor.then((known) => {
        request.actor = known;
        done();
      }, done);
      return;
    }
    request.actor = actor;
    done();
  };
}

/**
 * Every `/v1/api/*` call but the documentation and the routes mounted `public` needs a valid token of an active user or client;
 * a call mounted with `optionalAuth` may come without one (a token it gets must still be valid).
 *
 * Decided once per route as it is added, by hooks of that route: asked on each request, the
 * question read Fastify's `routeOptions`, an object it builds anew at each read. Call before any
 * route is added.
 */
export function installAuth(app: FastifyInstance, resolve: ActorResolver): void {
  app.decorateRequest('actor', null);
  const authenticate = requireActor(resolve);
  const authenticateWhenSent: onRequestHookHandler = (request, reply, done) => {
    if (request.headers.authorization === undefined) done();
    else authenticate.call(app, request, reply, done);
  };
  app.addHook('onRoute', (route) => {
    const config: FastifyContextConfig = route.config ?? {};
    if (!route.url.startsWith('/v1/api/') || route.url.startsWith('/v1/api/docs') || config.public === true) return;
    // First of the route's own hooks, before the body is read: a caller without a valid token learns nothing else.
    prependHook(route, 'onRequest', config.optionalAuth === true ? authenticateWhenSent : authenticate);
  });
}
