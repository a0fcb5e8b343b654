import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import type { ScimService } from '../../services/scim.js';
import type { ScimTokensService } from '../../services/scim-tokens.js';
import { installErrorHandling } from '../errors.js';
import { listOf, resourceTypes, schemas, serviceProviderConfig } from './discovery.js';
import { scimErrorBody } from './errors.js';
import { scimGroupRoutes } from './groups.js';
import { scimUserRoutes } from './users.js';

/** Where the SCIM 2.0 service is mounted: `<public url>/scim/v2`. */
export const SCIM_PREFIX = '/scim/v2';

const SCIM_TYPE = 'application/scim+json; charset=utf-8';

function bearer(request: FastifyRequest): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) throw new AppError('UNAUTHENTICATED', 'Send a SCIM token: Authorization: Bearer <token>.');
  return match[1];
}

/**
 * SCIM 2.0 (RFC 7643, RFC 7644) for identity providers: Users and Groups (workspaces), each an
 * adapter over the SCIM service; discovery needs no token, everything else a SCIM token.
 * application/scim+json both ways (application/json accepted); refusals in the SCIM error shape.
 */
export function scimRoutes(deps: { scim: ScimService; tokens: ScimTokensService; publicUrl: string }) {
  const base = `${deps.publicUrl.replace(/\/+$/, '')}${SCIM_PREFIX}`;
  return async (app: FastifyInstance): Promise<void> => {
    installErrorHandling(app, { shape: scimErrorBody });
    app.addContentTypeParser('application/scim+json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
    app.addHook('onRequest', async (request) => {
      if (request.routeOptions.config.public === true) return;
      request.actor = await deps.tokens.authenticate(bearer(request));
    });
    app.addHook('onSend', async (_request, reply, payload) => {
      const type = reply.getHeader('content-type');
      if (typeof type === 'string' && type.startsWith('application/json')) void reply.header('content-type', SCIM_TYPE);
      void reply.header('cache-control', 'no-store');
      return payload;
    });

    const publicRoute = { config: { public: true } };
    app.get('/ServiceProviderConfig', publicRoute, async () => serviceProviderConfig(base));
    app.get('/ResourceTypes', publicRoute, async () => listOf(resourceTypes(base)));
    app.get<{ Params: { id: string } }>('/ResourceTypes/:id', publicRoute, async (request) => {
      const found = resourceTypes(base).find((r) => r.id === request.params.id);
      if (!found) throw new AppError('NOT_FOUND', `No resource type ${request.params.id}.`);
      return found;
    });
    app.get('/Schemas', publicRoute, async () => listOf(schemas(base)));
    app.get<{ Params: { id: string } }>('/Schemas/:id', publicRoute, async (request) => {
      const found = schemas(base).find((s) => s.id === request.params.id);
      if (!found) throw new AppError('NOT_FOUND', `No schema ${request.params.id}.`);
      return found;
    });

    scimUserRoutes(app, deps.scim, base);
    scimGroupRoutes(app, deps.scim, base);
    // The dashboard's catch-all would answer an unknown SCIM path otherwise; a provider gets a SCIM 404.
    app.all('/*', publicRoute, async (request) => {
      throw new AppError('NOT_FOUND', `No SCIM endpoint ${request.method} ${request.url.split('?')[0] ?? ''}.`);
    });
  };
}
