import type { FastifyInstance } from 'fastify';
import type { ScimToken, ScimTokensService } from '../../services/scim-tokens.js';
import { mount } from '../contract.js';
import { scimTokensCreate, scimTokensList, scimTokensRevoke } from '../contracts/scim.js';

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function presentScimToken(t: ScimToken) {
  return { id: t.id, name: t.name, created_at: new Date(t.created_at).toISOString(), created_by: t.created_by, last_used_at: isoOrNull(t.last_used_at), revoked_at: isoOrNull(t.revoked_at) };
}

export function scimTokenRoutes(app: FastifyInstance, tokens: ScimTokensService): void {
  mount(app, scimTokensCreate, async (body, actor) => {
    const { token, secret } = await tokens.create(actor, body.name);
    return { token: presentScimToken(token), secret };
  });

  mount(app, scimTokensList, async (_body, actor) => ({ tokens: (await tokens.list(actor)).map(presentScimToken) }));

  mount(app, scimTokensRevoke, async (body, actor) => ({ token: presentScimToken(await tokens.revoke(actor, body.id)) }));
}
