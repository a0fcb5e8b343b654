import { z } from 'zod';
import { emailSchema } from '../../domain/rules.js';
import { contract } from '../contract.js';

const isoTime = z.string().describe('ISO 8601, UTC');
const days = z.number().int().min(1).max(3650);

export const dormantUser = z.object({
  id: z.string(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  role: z.enum(['admin', 'user']),
  created_at: isoTime,
  last_login_at: isoTime.nullable().describe('null: never signed in (idle since the invitation)'),
  last_active_at: isoTime.describe('the last sign-in (any way in, refreshes included), else the invitation'),
  idle_days: z.number().int().describe('whole days since last_active_at'),
});

const seatsNow = z.object({
  seats: z.number().int().nullable().describe('null: unlimited'),
  active_users: z.number().int(),
  seats_left: z.number().int().min(0).nullable().describe('null: unlimited'),
});

export const usersDormant = contract({
  path: 'users/dormant',
  tag: 'users',
  summary:
    'Paddock: active users with no sign-in (password, refresh, device, browser, SSO) for more than `days` days, and those invited more than `days` days ago who never signed in; ' +
    'the most recently active first, admins included, with the seats each choice would free (admins only)',
  body: z.object({
    days,
    limit: z.number().int().min(1).max(5000).default(500).describe('users listed at most; the totals count them all'),
  }),
  reply: z.object({
    days: z.number().int(),
    idle_before: isoTime.describe('users last active before this time are idle'),
    users: z.array(dormantUser),
    total: z.number().int().describe('idle users in all'),
    admins: z.number().int().describe('of them, admins: listed, but deactivated only when chosen one by one'),
    frees: z.object({
      all_but_admins: z.number().int().describe('seats that users/deactivate_dormant with all: true frees now'),
      all: z.number().int().describe('seats freed by choosing every idle user, admins included'),
    }),
    seats: seatsNow,
  }),
  errors: ['FORBIDDEN'],
});

export const usersDeactivateDormant = contract({
  path: 'users/deactivate_dormant',
  tag: 'users',
  summary:
    'Paddock: deactivate idle users in one step: `emails` exactly (admins too, one by one), or `all` the idle users who are not admins. ' +
    'Each is checked again at once: one who signed in since the listing is skipped (NOT_DORMANT), as are the last active admin and the caller. Every deactivation frees one seat and is audited',
  body: z
    .object({
      days,
      emails: z.array(emailSchema).min(1).max(1000).optional(),
      all: z.literal(true).optional().describe('every idle user but the admins'),
    })
    .refine((b) => (b.emails === undefined) !== (b.all === undefined), { message: 'send either emails or all: true', path: ['emails'] }),
  reply: z.object({
    deactivated: z.array(z.object({ id: z.string(), email: z.string() })),
    skipped: z.array(z.object({ email: z.string(), error: z.string().describe('NOT_DORMANT, LAST_ACTIVE_ADMIN, SELF_DEACTIVATION or USER_NOT_FOUND'), msg: z.string() })),
    seats_freed: z.number().int().describe('exactly the number of users deactivated'),
    seats: seatsNow.describe('after the deactivations'),
  }),
  errors: ['FORBIDDEN'],
});

const policy = z.object({
  enabled: z.boolean().describe('deactivate users idle longer than days, automatically (default false)'),
  days: days.describe('idle means no sign-in for more than this many days (default 90)'),
  warn_days: z.number().int().min(1).max(3649).nullable().describe('mail a warning this many days before; null: no mail (default)'),
  floating: z.boolean().describe('a user the policy deactivated is reactivated at sign-in when a seat is free (default false)'),
  contact: z.string().trim().min(1).max(200).nullable().describe('whom a user who finds the licence full should ask; null: the active admins'),
});

export const seatPolicyGet = contract({
  path: 'seat_policy/get',
  tag: 'seats',
  summary: 'Paddock: the idle-seat policy (off by default)',
  body: z.object({}),
  reply: policy,
  errors: ['FORBIDDEN'],
});

export const seatPolicySet = contract({
  path: 'seat_policy/set',
  tag: 'seats',
  summary: 'Paddock: change the idle-seat policy for every process (the fields sent; the others stay); audited. warn_days must be less than days',
  body: policy.partial(),
  reply: policy,
  errors: ['FORBIDDEN'],
});

export const seatPolicyPreview = contract({
  path: 'seat_policy/preview',
  tag: 'seats',
  summary: 'Paddock: whom the idle-seat policy (the stored one, with the fields sent) would deactivate and warn if it ran now; admins never',
  body: policy.pick({ days: true, warn_days: true }).partial(),
  reply: z.object({
    policy,
    idle_before: isoTime,
    deactivate: z.array(dormantUser),
    warn: z.array(dormantUser),
  }),
  errors: ['FORBIDDEN'],
});
