import type { EventEmitter } from 'node:events';
import type { FastifyBaseLogger } from 'fastify';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * An error as it may be logged: name, message, stack and an OAuth code. Nothing else, since other
 * members (a driver's `detail`, a request's body) may carry token values or secrets.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const oauth = err as Error & { error?: unknown; statusCode?: unknown };
  return {
    type: err.name,
    message: err.message,
    ...(typeof oauth.error === 'string' ? { error: oauth.error } : {}),
    ...(typeof oauth.statusCode === 'number' ? { status: oauth.statusCode } : {}),
    stack: err.stack,
  };
}

/** Refusals the provider answers on its own: logged at debug level, as codes only. */
const REFUSALS = [
  'grant.error',
  'authorization.error',
  'device_authorization.error',
  'code_verification.error',
  'revocation.error',
  'introspection.error',
  'end_session.error',
  'discovery.error',
  'jwks.error',
  'pushed_authorization_request.error',
] as const;

function where(ctx: KoaContextWithOIDC | undefined): Record<string, unknown> {
  const oidc = (ctx as Partial<KoaContextWithOIDC> | undefined)?.oidc;
  return { route: oidc?.route, client: oidc?.entities.Client?.clientId };
}

/** Routes oidc-provider's events (and Koa's) to Paddock's logger, never with a token or secret in them. */
export function logProviderEvents(provider: Provider, logger: FastifyBaseLogger): () => void {
  const onServerError = (ctx: KoaContextWithOIDC, err: Error) => logger.error({ ...where(ctx), err: safeError(err) }, 'OpenID provider error');
  const onKoaError = (err: unknown, ctx?: KoaContextWithOIDC) => {
    // Koa also reports what the provider already answered; 4xx are the client's.
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status < 500) return;
    logger.error({ ...where(ctx), err: safeError(err) }, 'OpenID provider error');
  };
  const onRefusal = (ctx: KoaContextWithOIDC, err: Error) => {
    const { error, status } = safeError(err);
    logger.debug({ ...where(ctx), error, status }, 'OpenID request refused');
  };
  const onGrant = (ctx: KoaContextWithOIDC) => {
    const params = ctx.oidc.params;
    logger.debug({ ...where(ctx), grant_type: params?.['grant_type'] }, 'tokens issued');
  };

  // Koa's own `error` event and the `*.error` family are not in the typings' event map.
  const emitter: EventEmitter = provider;
  emitter.on('server_error', onServerError);
  emitter.on('error', onKoaError);
  emitter.on('grant.success', onGrant);
  for (const event of REFUSALS) emitter.on(event, onRefusal);
  // Koa's `error` listener stays: without one, Koa would print to stderr (and a bare emitter would throw).
  return () => {
    emitter.off('server_error', onServerError);
    emitter.off('grant.success', onGrant);
    for (const event of REFUSALS) emitter.off(event, onRefusal);
  };
}
