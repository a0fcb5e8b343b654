import { z } from 'zod';
import { scimTokenNameSchema } from '../../domain/rules.js';
import { contract } from '../contract.js';

const isoTime = z.string().describe('ISO-8601');

export const scimToken = z.object({
  id: z.string(),
  name: z.string(),
  created_at: isoTime,
  created_by: z.string().describe('email of the admin who created it (the owner of the workspaces its groups create)'),
  last_used_at: isoTime.nullable().describe('to the minute'),
  revoked_at: isoTime.nullable(),
});

export const scimTokensCreate = contract({
  path: 'scim/tokens/create',
  tag: 'scim',
  summary:
    'Create a SCIM token for an identity provider (Okta, Entra ID) to provision users and groups at <public url>/scim/v2; it is shown once. ' +
    'Admin users only: the creator owns the workspaces its groups create',
  body: z.object({ name: scimTokenNameSchema.describe('DNS-style, e.g. okta or entra-prod; audit events show scim:<name>') }),
  reply: z.object({ token: scimToken, secret: z.string().describe('The bearer token: shown once, stored only as a hash') }),
  errors: ['FORBIDDEN', 'SCIM_TOKEN_EXISTS'],
});

export const scimTokensList = contract({
  path: 'scim/tokens/list',
  tag: 'scim',
  summary: 'Every SCIM token, revoked ones included, by name (never the tokens themselves)',
  body: z.object({}),
  reply: z.object({ tokens: z.array(scimToken) }),
  errors: ['FORBIDDEN'],
});

export const scimTokensRevoke = contract({
  path: 'scim/tokens/revoke',
  tag: 'scim',
  summary: 'Revoke a SCIM token: refused from the next request on, on every process; revoking it again changes nothing',
  body: z.object({ id: z.string().min(1).max(64) }),
  reply: z.object({ token: scimToken }),
  errors: ['FORBIDDEN', 'SCIM_TOKEN_NOT_FOUND'],
});
