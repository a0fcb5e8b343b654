import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../deps.js';
import { AppError, assertThat } from '../errors.js';
import type { Mailer } from '../mail.js';
import { claimIdleWarning, claimPolicyRun, countDormantUsers, queryDormantUsers } from '../queries/seat-reclaim.js';
import type { DormantUser } from '../queries/seat-reclaim.js';
import { requireAdmin } from './actor.js';
import type { Actor } from './actor.js';
import type { Audit } from './audit.js';
import type { LicenseService } from './license.js';
import { DAY_MS, readSeatPolicy, writeSeatPolicy } from './seat-policy.js';
import type { SeatPolicy } from './seat-policy.js';
import type { UsersService } from './users.js';

export type { DormantUser } from '../queries/seat-reclaim.js';

/** How often the policy runs at most, whatever the number of processes: the claim on its lock row. */
export const POLICY_RUN_EVERY_MS = 60 * 60 * 1000;
/** Users one run of the policy reads at most (the next run takes the rest). */
export const POLICY_RUN_LIMIT = 5000;
/** Users one bulk deactivation (`all`) takes at most. */
export const BULK_LIMIT = 5000;

export interface SeatReclaimLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export interface SeatReclaimDeps {
  db: Kysely<Database>;
  clock: Clock;
  users: Pick<UsersService, 'deactivateIdle'>;
  license: Pick<LicenseService, 'report'>;
  audit: Audit;
  mailer: Mailer;
  /** Where users sign in, for the warning mail; no trailing slash. */
  publicUrl: string;
  log: SeatReclaimLog;
}

/** The seats in use now, and how many are left (null: unlimited). */
export interface SeatsNow {
  seats: number | null;
  activeUsers: number;
  seatsLeft: number | null;
}

export interface DormantListing {
  days: number;
  /** Users last active before this time are idle. */
  idleBefore: number;
  /** The most recently active first; at most `limit`. */
  users: DormantUser[];
  /** Idle users in all, and how many of them are admins: deactivating the others frees `total - admins` seats. */
  total: number;
  admins: number;
  seats: SeatsNow;
}

/** What a bulk deactivation did: every user it names deactivated frees exactly one seat. */
export interface ReclaimResult {
  deactivated: Array<{ id: string; email: string }>;
  /** Users left as they were, and why (NOT_DORMANT, LAST_ACTIVE_ADMIN, SELF_DEACTIVATION, USER_NOT_FOUND). */
  skipped: Array<{ email: string; code: string; message: string }>;
  seatsFreed: number;
  /** The seats after the deactivations. */
  seats: SeatsNow;
}

export interface PolicyPreview {
  policy: SeatPolicy;
  idleBefore: number;
  /** Whom the policy would deactivate if it ran now (admins never). */
  deactivate: DormantUser[];
  /** Whom it would warn now (idle within `warnDays` of `days`, not yet warned for this idle stretch). */
  warn: DormantUser[];
}

export interface PolicyRun {
  deactivated: string[];
  warned: string[];
}

const POLICY: Actor = { kind: 'policy', name: 'seat-reclaim' };
const SKIPPABLE: ReadonlySet<string> = new Set(['NOT_DORMANT', 'LAST_ACTIVE_ADMIN', 'SELF_DEACTIVATION', 'USER_NOT_FOUND']);

/**
 * Seat reclaim: who holds a seat without using it, freeing those seats in one step, and the
 * idle-seat policy that does it on its own. Every deactivation goes through the users service
 * (`deactivateIdle`), so the rules of every deactivation hold: the seat lock, the last active
 * admin, oneself, the end of every token and session, the audit event.
 */
export function createSeatReclaimService(deps: SeatReclaimDeps) {
  const { db, clock, users, license, audit, mailer, log } = deps;

  async function seatsNow(): Promise<SeatsNow> {
    const { seats, activeUsers, seatsLeft } = await license.report();
    return { seats, activeUsers, seatsLeft };
  }

  /** Active users idle for more than `days` days, admins included, the most recently active first. */
  async function dormant(actor: Actor, request: { days: number; limit: number }): Promise<DormantListing> {
    requireAdmin(actor);
    const idleBefore = clock.now() - request.days * DAY_MS;
    const [rows, counts, seats] = await Promise.all([
      queryDormantUsers(db, { before: idleBefore, limit: request.limit }),
      countDormantUsers(db, { before: idleBefore }),
      seatsNow(),
    ]);
    return { days: request.days, idleBefore, users: rows, total: counts.users, admins: counts.admins, seats };
  }

  /**
   * Deactivates idle users as an admin chose them: `emails`, exactly those (admins included, one by
   * one), or `all` the idle users who are not admins. Each is checked again under the seat lock: a
   * user who signed in since the listing is skipped (NOT_DORMANT), as are the last active admin and
   * the caller. One transaction per user; the result lists what was done and what was not.
   */
  async function reclaim(actor: Actor, request: { days: number; emails?: readonly string[]; all?: boolean }): Promise<ReclaimResult> {
    requireAdmin(actor);
    assertThat((request.emails !== undefined) !== (request.all === true), 'VALIDATION_FAILED', 'Send either emails or all: true.');
    const idleBefore = clock.now() - request.days * DAY_MS;
    const chosen: Array<{ ref: { id: string } | { email: string }; email: string }> =
      request.all === true
        ? (await queryDormantUsers(db, { before: idleBefore, usersOnly: true, limit: BULK_LIMIT })).map((u) => ({ ref: { id: u.id }, email: u.email }))
        : [...new Set(request.emails)].map((email) => ({ ref: { email }, email }));
    const result: ReclaimResult = { deactivated: [], skipped: [], seatsFreed: 0, seats: { seats: null, activeUsers: 0, seatsLeft: null } };
    for (const { ref, email } of chosen) {
      try {
        result.deactivated.push(await users.deactivateIdle(actor, ref, idleBefore, { by: 'admin', details: { idle_days: request.days } }));
      } catch (err) {
        if (err instanceof AppError && SKIPPABLE.has(err.code)) result.skipped.push({ email, code: err.code, message: err.message });
        else throw err;
      }
    }
    result.seatsFreed = result.deactivated.length;
    result.seats = await seatsNow();
    return result;
  }

  async function preview(policy: SeatPolicy): Promise<PolicyPreview> {
    const now = clock.now();
    const idleBefore = now - policy.days * DAY_MS;
    const deactivate = await queryDormantUsers(db, { before: idleBefore, usersOnly: true, limit: POLICY_RUN_LIMIT });
    let warn: DormantUser[] = [];
    if (policy.warnDays !== null) {
      const warnBefore = now - (policy.days - policy.warnDays) * DAY_MS;
      const window = await queryDormantUsers(db, { before: warnBefore, since: idleBefore, usersOnly: true, limit: POLICY_RUN_LIMIT });
      warn = window.filter((u) => u.idle_warned_at === null || u.idle_warned_at <= u.last_active_at);
    }
    return { policy, idleBefore, deactivate, warn };
  }

  async function warnOne(user: DormantUser, policy: SeatPolicy): Promise<boolean> {
    if (!(await claimIdleWarning(db, user.id, clock.now()))) return false;
    const deadline = new Date(user.last_active_at + policy.days * DAY_MS);
    const since = new Date(user.last_active_at).toISOString().slice(0, 10);
    const back = policy.floating ? ' If it is, signing in again gives it back to you as long as a seat is free.' : ' If it is, an administrator can activate it again.';
    try {
      await mailer.send({
        to: user.email,
        subject: 'Your Paddock account will be deactivated for inactivity',
        text:
          `You have not signed in to Paddock since ${since}.\n\n` +
          `Unless you sign in before ${deadline.toISOString().slice(0, 16).replace('T', ' ')} UTC, your account will be deactivated ` +
          `to free its licence seat for someone else.${back}\n\nSign in: ${deps.publicUrl}/\n`,
      });
      log.info({ to: user.email }, 'idle-seat warning mailed');
      return true;
    } catch (err) {
      log.warn({ to: user.email, err: err instanceof Error ? err.message : String(err) }, 'could not mail an idle-seat warning');
      return false;
    }
  }

  /** One run of `policy`: warnings first (a user about to go), then the deactivations, each audited as the policy. */
  async function run(policy: SeatPolicy): Promise<PolicyRun> {
    const plan = await preview(policy);
    const warned: string[] = [];
    for (const user of plan.warn) if (await warnOne(user, policy)) warned.push(user.email);
    const deactivated: string[] = [];
    for (const user of plan.deactivate) {
      try {
        await users.deactivateIdle(POLICY, { id: user.id }, plan.idleBefore, { by: 'policy', usersOnly: true, details: { policy_days: policy.days } });
        deactivated.push(user.email);
      } catch (err) {
        // Signed in meanwhile, or taken by an admin or by an overlapping run: nothing to do.
        if (!(err instanceof AppError && err.code === 'NOT_DORMANT')) throw err;
      }
    }
    if (deactivated.length > 0 || warned.length > 0) log.info({ deactivated: deactivated.length, warned: warned.length, days: policy.days }, 'idle-seat policy ran');
    return { deactivated, warned };
  }

  return {
    dormant,
    reclaim,

    async getPolicy(actor: Actor): Promise<SeatPolicy> {
      requireAdmin(actor);
      return readSeatPolicy(db);
    },

    /** Changes the policy for every process (the fields given; audited); `warnDays` must be less than `days`. */
    async setPolicy(actor: Actor, changes: Partial<SeatPolicy>): Promise<SeatPolicy> {
      requireAdmin(actor);
      return db.transaction().execute(async (trx) => {
        const before = await readSeatPolicy(trx);
        const policy = { ...before, ...changes };
        assertThat(policy.warnDays === null || policy.warnDays < policy.days, 'VALIDATION_FAILED', 'warn_days must be less than days.');
        await writeSeatPolicy(trx, policy);
        await audit(trx, actor, 'seat_policy.update', { type: 'system', id: null, label: 'seat-reclaim policy' }, { from: before, to: policy });
        return policy;
      });
    },

    /** What the policy (the stored one, or it with `changes`) would do if it ran now. */
    async preview(actor: Actor, changes: Partial<SeatPolicy> = {}): Promise<PolicyPreview> {
      requireAdmin(actor);
      const policy = { ...(await readSeatPolicy(db)), ...changes };
      assertThat(policy.warnDays === null || policy.warnDays < policy.days, 'VALIDATION_FAILED', 'warn_days must be less than days.');
      return preview(policy);
    },

    /**
     * What every process calls on its timer: runs the policy when it is on and this process wins
     * the claim on the policy's lock row (at most once per `every` ms across all processes, the
     * time of the last run kept in the database); null otherwise.
     */
    async tick(every: number = POLICY_RUN_EVERY_MS): Promise<PolicyRun | null> {
      const policy = await readSeatPolicy(db);
      if (!policy.enabled) return null;
      if (!(await claimPolicyRun(db, clock.now(), every))) return null;
      return run(policy);
    },
  };
}

export type SeatReclaimService = ReturnType<typeof createSeatReclaimService>;
