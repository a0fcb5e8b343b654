import type { FastifyInstance } from 'fastify';
import type { SsoProvider, SsoService } from '../../services/sso.js';
import { mount } from '../contract.js';
import { ssoProvidersCreate, ssoProvidersDelete, ssoProvidersList } from '../contracts/sso.js';
import { presentSsoProvider } from '../present.js';

export function ssoRoutes(app: FastifyInstance, sso: SsoService, redirectUri: (alias: string) => string): void {
  const present = (p: SsoProvider) => presentSsoProvider(p, redirectUri(p.alias));

  mount(app, ssoProvidersList, async (_body, actor) => ({ providers: (await sso.list(actor)).map(present) }));

  mount(app, ssoProvidersCreate, async (body, actor) => ({
    provider: present(
      await sso.create(actor, { alias: body.alias, displayName: body.display_name, issuer: body.issuer, clientId: body.client_id, clientSecret: body.client_secret }),
    ),
  }));

  mount(app, ssoProvidersDelete, async (body, actor) => {
    await sso.delete(actor, body.alias);
    return {};
  });
}
