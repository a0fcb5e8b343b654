import { z } from 'zod';
import { issuerSchema, personNameSchema, ssoAliasSchema } from '../../domain/rules.js';
import { contract } from '../contract.js';

export const ssoProvider = z.object({
  alias: z.string(),
  display_name: z.string(),
  issuer: z.string(),
  client_id: z.string(),
  source: z.enum(['config', 'api']).describe('config: from PADDOCK_SSO_PROVIDERS, changed only there'),
  redirect_uri: z.string().describe('Register this at the provider as the redirect URI of the client'),
  created_at: z.string().nullable().describe('ISO-8601; null for configured providers'),
  created_by: z.string(),
});

export const ssoProvidersList = contract({
  path: 'sso_providers/list',
  tag: 'sso',
  summary: 'The outside OpenID providers offered on the login page (never their client secrets)',
  body: z.object({}),
  reply: z.object({ providers: z.array(ssoProvider) }),
  errors: ['FORBIDDEN'],
});

export const ssoProvidersCreate = contract({
  path: 'sso_providers/create',
  tag: 'sso',
  summary: 'Add an outside OpenID provider; its issuer must answer discovery. The reply names the redirect URI to register there',
  body: z.object({
    alias: ssoAliasSchema.describe('Names the provider in URLs: /auth/realms/master/broker/<alias>/endpoint'),
    display_name: personNameSchema.pipe(z.string().min(1, 'is required')).describe('Shown as "Sign in with <display_name>"'),
    issuer: issuerSchema,
    client_id: z.string().trim().min(1, 'is required').max(255, 'must be at most 255 characters'),
    client_secret: z.string().min(1, 'is required').max(1024, 'must be at most 1024 characters'),
  }),
  reply: z.object({ provider: ssoProvider }),
  errors: ['FORBIDDEN', 'SSO_PROVIDER_EXISTS', 'SSO_DISCOVERY_FAILED'],
});

export const ssoProvidersDelete = contract({
  path: 'sso_providers/delete',
  tag: 'sso',
  summary: 'Remove an outside provider and its account links; its users stay and can sign in otherwise',
  body: z.object({ alias: z.string().min(1).max(32) }),
  reply: z.object({}),
  errors: ['FORBIDDEN', 'SSO_PROVIDER_NOT_FOUND', 'SSO_PROVIDER_CONFIGURED'],
});
