import { z } from 'zod';
import { emailSchema, personNameSchema, serviceAccountNameSchema } from '../../domain/rules.js';
import { contract } from '../contract.js';

const role = z.enum(['admin', 'user']);
const clientId = z.string().min(1).max(64);
const isoTime = z.string().describe('ISO-8601');

export const serviceAccount = z.object({
  client_id: z.string(),
  name: z.string(),
  role,
  description: z.string(),
  created_at: isoTime,
  created_by: z.string().describe('email of the admin, or client:<id>'),
  secret_rotated_at: isoTime.nullable(),
});

export const serviceAccountsCreate = contract({
  path: 'service_accounts/create',
  tag: 'service accounts',
  summary: 'Create a confidential client for scripts (client-credentials grant); its secret is shown once',
  body: z.object({
    name: serviceAccountNameSchema.describe('DNS-style; the client id is sa-<name>'),
    role,
    description: personNameSchema.optional(),
  }),
  reply: z.object({ client_id: z.string(), client_secret: z.string() }),
  errors: ['FORBIDDEN', 'SERVICE_ACCOUNT_EXISTS'],
});

export const serviceAccountsList = contract({
  path: 'service_accounts/list',
  tag: 'service accounts',
  summary: 'Every service account, by name (never their secrets)',
  body: z.object({}),
  reply: z.object({ service_accounts: z.array(serviceAccount) }),
  errors: ['FORBIDDEN'],
});

export const serviceAccountsRotate = contract({
  path: 'service_accounts/rotate',
  tag: 'service accounts',
  summary: 'Replace the secret, shown once; the old one is refused at once',
  body: z.object({ client_id: clientId }),
  reply: z.object({ client_secret: z.string() }),
  errors: ['FORBIDDEN', 'SERVICE_ACCOUNT_NOT_FOUND'],
});

export const serviceAccountsDelete = contract({
  path: 'service_accounts/delete',
  tag: 'service accounts',
  summary: 'Delete a service account: its secret and its tokens are refused at once',
  body: z.object({ client_id: clientId }),
  reply: z.object({}),
  errors: ['FORBIDDEN', 'SERVICE_ACCOUNT_NOT_FOUND'],
});

export const session = z.object({
  id: z.string(),
  client_id: z.string(),
  created_at: isoTime,
  expires_at: isoTime.nullable().describe('when the login ends unless refreshed'),
  last_used_at: isoTime.nullable().describe('the login or latest refresh'),
});

const optionalEmail = z.object({ email: emailSchema.optional().describe('default: the caller') });

export const sessionsList = contract({
  path: 'sessions/list',
  tag: 'sessions',
  summary: "A user's logins (grants and their refresh tokens), newest first",
  body: optionalEmail,
  reply: z.object({ sessions: z.array(session) }),
  errors: ['FORBIDDEN', 'USER_NOT_FOUND'],
});

export const sessionsRevoke = contract({
  path: 'sessions/revoke',
  tag: 'sessions',
  summary: 'End one login: its refresh token is refused at once, its access token within 5 minutes',
  body: z.object({ id: z.string().min(1).max(128) }),
  reply: z.object({}),
  errors: ['SESSION_NOT_FOUND'],
});

export const sessionsRevokeAll = contract({
  path: 'sessions/revoke_all',
  tag: 'sessions',
  summary: 'End every login of a user ("log out everywhere" without an email)',
  body: optionalEmail,
  reply: z.object({ revoked: z.number().int() }),
  errors: ['FORBIDDEN', 'USER_NOT_FOUND'],
});
