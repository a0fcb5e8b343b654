import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, NewUser } from '../db/schema.js';
import type { Clock, IdGenerator } from '../deps.js';
import { AppError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import { defaultWorkspaceName, emailSchema, personNameSchema } from '../domain/rules.js';
import { existingEmails, insertImportedUsers, takenWorkspaceNames } from '../queries/user-import.js';
import { lockSeats } from '../queries/users.js';
import { actorRef, requireAdmin } from './actor.js';
import type { Actor } from './actor.js';
import type { LicenseService } from './license.js';

/** At most this many rows per call; a larger file goes in several. */
export const IMPORT_MAX_ROWS = 100_000;

export interface ImportRow {
  /** Where the row came from (a line of the file), for the result. */
  line: number;
  email: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
  /** `admin` or `user` (the default); anything else refuses the row. */
  role?: string | undefined;
  /** `active` (the default) or `inactive`; anything else refuses the row. */
  status?: string | undefined;
  /** An argon2id hash to keep as the password; without one the user has none (SSO, or an invitation later). */
  passwordHash?: string | undefined;
}

export type ImportOutcome =
  | { line: number; email: string; outcome: 'created' }
  | { line: number; email: string; outcome: 'skipped' | 'refused'; code: ErrorCode; reason: string };

export interface ImportResult {
  dryRun: boolean;
  created: number;
  skipped: number;
  refused: number;
  /** One per row, in the order given. */
  rows: ImportOutcome[];
}

/** PHC string of an argon2id hash, as @node-rs/argon2 (and every argon2 library) writes it. */
const ARGON2ID = /^\$argon2id\$v=19\$m=\d{1,10},t=\d{1,10},p=\d{1,3}\$[A-Za-z0-9+/]{8,}\$[A-Za-z0-9+/]{16,}$/;

const rowSchema = z.object({
  email: emailSchema,
  firstName: personNameSchema.optional(),
  lastName: personNameSchema.optional(),
  role: z.enum(['admin', 'user']).optional(),
  status: z.enum(['active', 'inactive']).optional(),
  passwordHash: z.string().regex(ARGON2ID, 'must be an argon2id hash ($argon2id$v=19$...)').optional(),
});

/**
 * Bulk import: every row checked as an invitation would be, existing users skipped, the seat check
 * applied to the whole batch before anything is written, then users, default workspaces and audit
 * events inserted a batch of rows per statement, in one transaction.
 */
export function createUserImport(deps: { db: Kysely<Database>; clock: Clock; ids: IdGenerator; license: LicenseService }) {
  const { db, clock, ids, license } = deps;

  return {
    async importUsers(actor: Actor, rows: readonly ImportRow[], options: { dryRun: boolean }): Promise<ImportResult> {
      requireAdmin(actor);
      if (rows.length > IMPORT_MAX_ROWS) throw new AppError('VALIDATION_FAILED', `At most ${IMPORT_MAX_ROWS} rows per import; split the file.`, { field: 'rows' });
      const outcomes: ImportOutcome[] = [];
      const candidates = checkRows(rows, outcomes);
      const now = clock.now();
      const imported = await db
        .transaction()
        .execute(async (trx) => {
          await lockSeats(trx, now);
          const existing = await existingEmails(trx, candidates.map((c) => c.email));
          const fresh = candidates.filter((c) => !existing.has(c.email));
          const taken = await takenWorkspaceNames(trx, fresh.map((c) => defaultWorkspaceName(c.email)));
          const toCreate: NewUser[] = [];
          for (const c of candidates) {
            if (existing.has(c.email)) outcomes[c.index] = { line: c.line, email: c.email, outcome: 'skipped', code: 'EMAIL_TAKEN', reason: 'A user with this email already exists.' };
            else if (taken.has(defaultWorkspaceName(c.email))) {
              outcomes[c.index] = { line: c.line, email: c.email, outcome: 'refused', code: 'WORKSPACE_NAME_TAKEN', reason: `A workspace named ${defaultWorkspaceName(c.email)} already exists; rename it first.` };
            } else {
              outcomes[c.index] = { line: c.line, email: c.email, outcome: 'created' };
              toCreate.push(newUser(c, ids.uuid(), now));
            }
          }
          await license.assertSeatsFree(trx, toCreate.filter((u) => u.status === 'active').length);
          if (options.dryRun) throw new DryRun();
          const ref = actorRef(actor);
          await insertImportedUsers(trx, toCreate, defaultWorkspaceName, (u, workspaceId) => ({
            at: now,
            actor_id: ref.id,
            actor_label: ref.label,
            action: 'user.create',
            target_type: 'user',
            target_id: u.id,
            target_label: u.email,
            details: JSON.stringify({ role: u.role, status: u.status, default_workspace_id: workspaceId, import: true }),
          }));
          return true;
        })
        .catch((err: unknown) => {
          if (err instanceof DryRun) return false;
          throw err;
        });
      const count = (o: ImportOutcome['outcome']) => outcomes.filter((r) => r.outcome === o).length;
      return { dryRun: !imported, created: count('created'), skipped: count('skipped'), refused: count('refused'), rows: outcomes };
    },
  };
}

export type UserImport = ReturnType<typeof createUserImport>;

/** Rolls a dry run's transaction back once its checks have run. */
class DryRun extends Error {}

type Candidate = z.output<typeof rowSchema> & { line: number; index: number };

/** Refuses malformed rows and repeated emails (the first row of an email wins); answers the rest, normalised. */
function checkRows(rows: readonly ImportRow[], outcomes: ImportOutcome[]): Candidate[] {
  const firstLine = new Map<string, number>();
  const candidates: Candidate[] = [];
  rows.forEach((row, index) => {
    const parsed = rowSchema.safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? 'row';
      outcomes[index] = { line: row.line, email: row.email, outcome: 'refused', code: 'VALIDATION_FAILED', reason: `${field}: ${issue?.message ?? 'invalid'}` };
      return;
    }
    const email = parsed.data.email;
    const earlier = firstLine.get(email);
    if (earlier !== undefined) {
      outcomes[index] = { line: row.line, email, outcome: 'refused', code: 'DUPLICATE_ROW', reason: `The email is also on line ${earlier}.` };
      return;
    }
    firstLine.set(email, row.line);
    candidates.push({ ...parsed.data, line: row.line, index });
  });
  return candidates;
}

function newUser(c: Candidate, id: string, now: number): NewUser {
  return {
    id,
    email: c.email,
    username: c.email,
    first_name: c.firstName ?? '',
    last_name: c.lastName ?? '',
    role: c.role ?? 'user',
    status: c.status ?? 'active',
    email_verified: 0,
    password_hash: c.passwordHash ?? null,
    created_at: now,
    last_login_at: null,
    must_change_password: 0,
    token_generation: 0,
  };
}
