import { z } from 'zod';
import { emailSchema, passwordSchema, personNameSchema } from '../../domain/rules.js';
import { IMPORT_MAX_ROWS } from '../../services/user-import.js';
import { contract, cursorSchema } from '../contract.js';

const role = z.enum(['admin', 'user']);

export const keycloakUser = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string(),
  enabled: z.boolean(),
  emailVerified: z.boolean().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  createdTimestamp: z.number().describe('epoch ms'),
  lastLogin: z.number().nullable().optional().describe('epoch ms'),
  realmRoles: z.array(z.string()).optional(),
  source: z.enum(['scim']).optional().describe('Paddock (admins): scim when an identity provider manages the user; absent for local users'),
  externalId: z.string().optional().describe("Paddock (admins): the identity provider's id for the user (SCIM externalId)"),
});

const emailBody = z.object({ email: emailSchema });
const empty = z.object({});

export const usersQuery = contract({
  path: 'users/query',
  tag: 'users',
  summary: 'List users (all of them, as Wallaroo does, unless filtered or paged); an object keyed by id',
  body: z
    .object({
      user_ids: z.array(z.string().max(64)).max(1000).optional(),
      search: z.string().trim().max(254).optional().describe('Part of the email, first or last name (of the email alone for non-admins)'),
      status: z.enum(['active', 'inactive']).optional(),
      role: role.optional().describe('Admins only'),
      limit: z.number().int().min(1).max(1000).optional(),
      cursor: cursorSchema.optional(),
      offset: z.number().int().min(0).max(10_000_000).optional().describe('Paddock: matches to skip, to jump to a page (limit × (page − 1)); not with cursor, which is cheaper for the next page'),
      sort: z
        .enum(['role', 'status', 'email', 'first_name', 'last_name', 'last_login'])
        .optional()
        .describe('Paddock: default email; non-admins may sort by email and status only'),
      order: z.enum(['asc', 'desc']).optional().describe('Paddock: default asc; a cursor belongs to one sort and order'),
      include_total: z.boolean().optional().describe('Paddock: also answer how many users match, all pages together (a search counts up to 1,000: see total_exact)'),
    })
    .refine((b) => b.offset === undefined || b.cursor === undefined, { message: 'offset and cursor cannot be used together', path: ['offset'] }),
  reply: z.object({
    users: z.record(z.string(), keycloakUser).describe('In the requested order'),
    next_cursor: z.string().nullable().optional(),
    total: z.number().int().optional(),
    total_exact: z.boolean().optional().describe('Paddock, with total: false when a search matches more than 1,000 users and total says 1,000'),
  }),
  errors: ['FORBIDDEN'],
});

export const usersGetByEmail = contract({
  path: 'users/get_by_email',
  tag: 'users',
  summary: 'The user with exactly this email (case-insensitive), or null',
  body: emailBody,
  reply: z.object({ user: keycloakUser.nullable() }),
  errors: [],
});

export const usersInvite = contract({
  path: 'users/invite',
  tag: 'users',
  summary:
    'Create an active user (takes a licence seat) with their default workspace. Without a password, an invitation link is mailed and the generated password must be changed at first login',
  body: z.object({
    email: emailSchema,
    password: passwordSchema.optional(),
    first_name: personNameSchema.optional(),
    last_name: personNameSchema.optional(),
    role: role.optional(),
    require_reset: z.boolean().optional().describe('With a password: the user must change it at first login anyway'),
  }),
  reply: z.object({ id: z.string(), password: z.string().describe('The initial password (generated when none was sent)') }),
  errors: ['FORBIDDEN', 'SEAT_LIMIT_REACHED', 'EMAIL_TAKEN'],
});

export const usersDeactivate = contract({
  path: 'users/deactivate',
  tag: 'users',
  summary: 'Deactivate a user: their sessions end at once and their seat is freed',
  body: emailBody,
  reply: empty,
  errors: ['FORBIDDEN', 'USER_NOT_FOUND', 'SELF_DEACTIVATION', 'LAST_ACTIVE_ADMIN'],
});

export const usersActivate = contract({
  path: 'users/activate',
  tag: 'users',
  summary: 'Activate a user again (needs a free seat)',
  body: emailBody,
  reply: empty,
  errors: ['FORBIDDEN', 'USER_NOT_FOUND', 'SEAT_LIMIT_REACHED'],
});

export const usersSetRole = contract({
  path: 'users/set_role',
  tag: 'users',
  summary: "Change a user's platform role",
  body: z.object({ email: emailSchema, role }),
  reply: empty,
  errors: ['FORBIDDEN', 'USER_NOT_FOUND', 'LAST_ACTIVE_ADMIN'],
});

export const usersUpdate = contract({
  path: 'users/update',
  tag: 'users',
  summary:
    "Change a user's email (the username and the default workspace's name follow) or names; the user is named by user_id or by their current email, valid or not",
  body: z
    .object({
      user_id: z.string().min(1).max(64).optional(),
      email: z.string().trim().toLowerCase().max(320).optional().describe('The current email, as stored (it may be one doctor reports invalid)'),
      new_email: emailSchema.optional(),
      first_name: personNameSchema.optional(),
      last_name: personNameSchema.optional(),
    })
    .refine((b) => b.user_id !== undefined || b.email !== undefined, { message: 'user_id or email is required', path: ['user_id'] }),
  reply: empty,
  errors: ['FORBIDDEN', 'USER_NOT_FOUND', 'EMAIL_TAKEN', 'WORKSPACE_NAME_TAKEN'],
});

export const usersChangePassword = contract({
  path: 'users/change_password',
  tag: 'users',
  summary:
    'Change your own password, authenticated by the current one (no token needed: this is how a generated initial password is replaced); throttled as logins are',
  body: z.object({
    email: emailSchema,
    password: z.string().min(1, 'is required').max(1024, 'must be at most 1024 characters').describe('The current password'),
    new_password: passwordSchema.describe('Must differ from the current one'),
  }),
  reply: empty,
  errors: ['FORBIDDEN'],
});

const importOutcome = z.object({
  line: z.number().int(),
  email: z.string(),
  outcome: z.enum(['created', 'skipped', 'refused']),
  code: z.string().optional().describe('Why a row was skipped (EMAIL_TAKEN: the user exists) or refused (VALIDATION_FAILED, DUPLICATE_ROW, WORKSPACE_NAME_TAKEN)'),
  reason: z.string().optional(),
});

export const usersImport = contract({
  path: 'users/import',
  tag: 'users',
  summary:
    'Paddock: create many users, each with their default workspace; existing emails are skipped and bad rows refused one by one, ' +
    'and the seat check covers the whole batch before anything is written (SEAT_LIMIT_REACHED refuses it all)',
  body: z.object({
    users: z
      .array(
        z.object({
          line: z.number().int().min(1).optional().describe('Where the row came from, echoed in its outcome; default its position'),
          email: z.string().max(1000),
          first_name: z.string().max(1000).optional(),
          last_name: z.string().max(1000).optional(),
          role: z.string().max(32).optional().describe('admin or user (default)'),
          status: z.string().max(32).optional().describe('active (default) or inactive'),
          password_hash: z.string().max(1000).optional().describe('An argon2id hash ($argon2id$v=19$...) to keep; without one the user has no password'),
        }),
      )
      .max(IMPORT_MAX_ROWS),
    dry_run: z.boolean().optional().describe('Check everything, write nothing'),
  }),
  reply: z.object({
    dry_run: z.boolean(),
    created: z.number().int(),
    skipped: z.number().int(),
    refused: z.number().int(),
    rows: z.array(importOutcome).describe('One per row, in the order given'),
  }),
  errors: ['FORBIDDEN', 'SEAT_LIMIT_REACHED'],
  // Room for IMPORT_MAX_ROWS rows of a few hundred bytes each.
  bodyLimit: 64 * 1024 * 1024,
});
