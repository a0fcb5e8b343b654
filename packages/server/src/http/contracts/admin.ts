import { z } from 'zod';
import { contract, cursorSchema } from '../contract.js';

const isoTime = z.iso.datetime({ offset: true });

const licenseStatus = z.object({
  edition: z.enum(['community', 'enterprise']),
  seats: z.number().int().nullable().describe('null: unlimited'),
  active_users: z.number().int(),
  seats_left: z.number().int().min(0).nullable().describe('never negative; null: unlimited'),
  over_by: z.number().int().min(0).describe('active users beyond the seats; 0 within the licence'),
  licensee: z.string().nullable(),
  expires_at: z.string().nullable(),
  source: z.enum(['uploaded', 'PADDOCK_LICENSE', 'none']).describe('where the licence in force comes from; none: Community'),
  set_aside: z
    .array(
      z.object({
        source: z.enum(['uploaded', 'PADDOCK_LICENSE']),
        reason: z.enum(['BAD_KEY', 'EXPIRED', 'BAD_SIGNATURE', 'INVALID']),
        message: z.string(),
      }),
    )
    .describe('licences that exist but are not in force, and why (an uploaded one that no longer verifies under PADDOCK_LICENSE_PUBLIC_KEY, an expired one)'),
});

export const licenseGet = contract({
  path: 'license/get',
  tag: 'license',
  summary: 'The licence in force and the seats it leaves',
  body: z.object({}),
  reply: licenseStatus,
  errors: ['FORBIDDEN'],
});

export const licenseUpload = contract({
  path: 'license/upload',
  tag: 'license',
  summary:
    'Install a licence (checked as at start-up; stored in the database for every process, and winning over PADDOCK_LICENSE); audited. ' +
    'A licence with fewer seats than active users is installed with a warning',
  body: z.object({ license: z.string().trim().min(1, 'is required').max(16_384, 'must be at most 16384 characters').describe('The signed licence (compact JWS)') }),
  reply: licenseStatus.extend({
    warning: z.string().nullable().describe('set when more users are active than the licence allows (over_by > 0): how many must be deactivated'),
  }),
  errors: ['FORBIDDEN', 'LICENSE_INVALID', 'LICENSE_EXPIRED'],
});

const auditEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.object({ id: z.string().nullable(), label: z.string() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }),
  details: z.record(z.string(), z.unknown()),
});

export const auditQuery = contract({
  path: 'audit/query',
  tag: 'audit',
  summary: 'Audit events, newest first, filtered and paged',
  body: z.object({
    actor: z.string().trim().max(320).optional().describe('user id, email, or client:<id>'),
    target: z.string().trim().max(320).optional().describe('user id or email, workspace id or name'),
    action: z.string().max(64).optional(),
    since: isoTime.optional(),
    until: isoTime.optional(),
    limit: z.number().int().min(1).max(500).default(100),
    cursor: cursorSchema.optional(),
  }),
  reply: z.object({ events: z.array(auditEvent), next_cursor: z.string().nullable() }),
  errors: ['FORBIDDEN'],
});

export const problem = z.object({
  kind: z.enum(['USERNAME_MISMATCH', 'INVALID_EMAIL', 'MISSING_DEFAULT_WORKSPACE', 'DEFAULT_WORKSPACE_NOT_OWNED', 'WORKSPACE_WITHOUT_OWNER', 'SEAT_COUNT_DRIFT']),
  subject: z.object({ type: z.enum(['user', 'workspace', 'license']), id: z.string(), label: z.string() }),
  detail: z.string(),
  fixable: z.boolean(),
});

export const doctorCheck = contract({
  path: 'doctor/check',
  tag: 'doctor',
  summary:
    "Find what Wallaroo's troubleshooting guide describes: mismatched usernames, bad emails, missing default workspaces, default workspaces their user does not own, ownerless workspaces",
  body: z.object({}),
  reply: z.object({ problems: z.array(problem) }),
  errors: ['FORBIDDEN'],
});

export const doctorFix = contract({
  path: 'doctor/fix',
  tag: 'doctor',
  summary: 'Repair what doctor/check finds, where it can be repaired',
  body: z.object({}),
  reply: z.object({ fixed: z.array(problem), remaining: z.array(problem) }),
  errors: ['FORBIDDEN'],
});
