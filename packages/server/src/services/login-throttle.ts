import { isIPv6 } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database, LoginFailureRow } from '../db/schema.js';
import type { Clock } from '../deps.js';
import { normalizeEmail } from '../domain/rules.js';
import { deleteLoginFailure, listLoginFailures, lockLoginFailure, purgeLoginFailures, updateLoginFailure } from '../queries/login-throttle.js';
import { requireAdmin } from './actor.js';
import type { Actor } from './actor.js';
import type { Audit, AuditTarget } from './audit.js';

const MINUTE = 60_000;

/** Every number of the login throttle, in one place. */
export const LOGIN_THROTTLE = {
  /** Failures count within this window... */
  windowMs: 15 * MINUTE,
  /** ...and this many lock the account (its normalised email, whether or not a user has it)... */
  accountFailures: 5,
  /** ...or this many the client address (higher: offices and proxies share one). */
  addressFailures: 20,
  /** The first lock of a key; each further one doubles... */
  firstLockMs: MINUTE,
  /** ...up to this. */
  maxLockMs: 60 * MINUTE,
  /** A key not locked for this long starts again from the first lock; quieter rows are purged. */
  forgetAfterMs: 24 * 60 * MINUTE,
} as const;

export type LoginKeyKind = 'account' | 'address';

export interface LoginLock {
  key: string;
  kind: LoginKeyKind;
  /** Failures in the current window. */
  failures: number;
  /** Epoch ms while locked, else null. */
  lockedUntil: number | null;
}

/** Where a lock is reported besides the audit trail (pino's `warn` fits). */
export interface ThrottleLog {
  warn(details: Record<string, unknown>, message: string): void;
}

/** Where failures and locks are counted (the metrics); told after the fact, it cannot refuse. */
export interface LoginEvents {
  /** `invalid_credentials`: the check said no; `throttled`: a lock (or attempts in flight) refused it unchecked. */
  failed(reason: 'invalid_credentials' | 'throttled'): void;
  locked(kind: LoginKeyKind): void;
}

export interface LoginThrottleDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: Audit;
  log: ThrottleLog;
  /** Counts failures and locks; nothing counts them by default. */
  events?: LoginEvents;
}

const UNCOUNTED: LoginEvents = { failed: () => undefined, locked: () => undefined };

interface Key {
  key: string;
  kind: LoginKeyKind;
  limit: number;
  target: AuditTarget;
}

function accountKey(email: string): Key {
  const normalized = normalizeEmail(email);
  return { key: `account:${normalized}`, kind: 'account', limit: LOGIN_THROTTLE.accountFailures, target: { type: 'user', id: null, label: normalized } };
}

/** IPv4-mapped addresses count as IPv4; IPv6 counts per /64, the block one subscriber gets. */
export function normalizeAddress(address: string): string {
  const bare = address.replace(/%.*$/, '').replace(/\/64$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare)?.[1];
  if (mapped !== undefined) return mapped;
  if (!isIPv6(bare)) return bare;
  const [head = '', tail] = bare.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

function addressKey(address: string): Key {
  const key = `address:${normalizeAddress(address)}`;
  return { key, kind: 'address', limit: LOGIN_THROTTLE.addressFailures, target: { type: 'system', id: null, label: key } };
}

const isLocked = (row: LoginFailureRow, now: number) => row.locked_until !== null && row.locked_until > now;

/** The row as of `now`: a window that ran out, or a lock that passed, starts the count again. */
function rolled(row: LoginFailureRow, now: number): LoginFailureRow {
  const lockPassed = row.locked_until !== null && row.locked_until <= now && row.window_started_at < row.locked_until;
  const windowOver = lockPassed || now - row.window_started_at >= LOGIN_THROTTLE.windowMs;
  const forgotten = row.locked_until !== null && now - row.locked_until >= LOGIN_THROTTLE.forgetAfterMs;
  return {
    ...row,
    failures: windowOver ? 0 : row.failures,
    window_started_at: windowOver ? now : row.window_started_at,
    lock_count: forgotten ? 0 : row.lock_count,
  };
}

function lockDuration(lockCount: number): number {
  return Math.min(LOGIN_THROTTLE.firstLockMs * 2 ** Math.max(0, lockCount - 1), LOGIN_THROTTLE.maxLockMs);
}

const SYSTEM: Actor = { kind: 'system' };

/**
 * Throttles password logins per account and per client address. Each attempt counts as a failure
 * before the password is checked and is taken back when it was right, so parallel guesses cannot
 * slip past the limit while the hash runs. A locked key refuses even the right password.
 */
export function createLoginThrottle(deps: LoginThrottleDeps) {
  const { db, clock, audit, log } = deps;
  const events = deps.events ?? UNCOUNTED;

  /** Counts the attempt; false when a key is locked or its budget is taken by attempts in flight. */
  async function begin(keys: readonly Key[], now: number): Promise<boolean> {
    return db.transaction().execute(async (trx) => {
      const rows: LoginFailureRow[] = [];
      for (const k of keys) rows.push(rolled(await lockLoginFailure(trx, k.key, now), now));
      if (rows.some((row, i) => isLocked(row, now) || row.failures >= (keys[i]?.limit ?? 0))) return false;
      for (const row of rows) await updateLoginFailure(trx, { ...row, failures: row.failures + 1 });
      return true;
    });
  }

  /** After a wrong password: locks each key whose failures reached its limit. */
  async function failed(keys: readonly Key[]): Promise<void> {
    const now = clock.now();
    const started = await db.transaction().execute(async (trx) => {
      const locks: { kind: LoginKeyKind; lockedUntil: number; lockCount: number }[] = [];
      for (const k of keys) {
        const row = await lockLoginFailure(trx, k.key, now);
        if (isLocked(row, now) || row.failures < k.limit) continue;
        const lockCount = row.lock_count + 1;
        const lockedUntil = now + lockDuration(lockCount);
        await updateLoginFailure(trx, { ...row, locked_until: lockedUntil, lock_count: lockCount });
        await audit(trx, SYSTEM, 'auth.lock', k.target, {
          kind: k.kind,
          failures: row.failures,
          lock_count: lockCount,
          locked_until: new Date(lockedUntil).toISOString(),
        });
        locks.push({ kind: k.kind, lockedUntil, lockCount });
      }
      if (locks.length > 0) await purgeLoginFailures(trx, now - LOGIN_THROTTLE.forgetAfterMs);
      return locks;
    });
    for (const lock of started) {
      events.locked(lock.kind);
      log.warn(
        { kind: lock.kind, lock_count: lock.lockCount, locked_until: new Date(lock.lockedUntil).toISOString() },
        'login locked after repeated failures (the audit trail names the key)',
      );
    }
  }

  /** After the right password: the account starts afresh, the address gets its attempt back. */
  async function succeeded(account: Key, address: Key): Promise<void> {
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await deleteLoginFailure(trx, account.key);
      const row = await lockLoginFailure(trx, address.key, now);
      await updateLoginFailure(trx, { ...row, failures: Math.max(0, row.failures - 1) });
    });
  }

  return {
    /**
     * Runs `verify` (the password check) unless the account or the address is locked. Answers its
     * result, or null when refused: the caller gives the same answer as for a wrong password.
     */
    async attempt<T>(email: string, address: string, verify: () => Promise<T | null>): Promise<T | null> {
      const account = accountKey(email);
      const from = addressKey(address);
      if (!(await begin([account, from], clock.now()))) {
        events.failed('throttled');
        return null;
      }
      const result = await verify();
      if (result === null) {
        events.failed('invalid_credentials');
        await failed([account, from]);
      } else await succeeded(account, from);
      return result;
    },

    /** Current locks and counters, of every key or of one account (admins). */
    async list(actor: Actor, email?: string): Promise<LoginLock[]> {
      requireAdmin(actor);
      const now = clock.now();
      const rows = await listLoginFailures(db, {
        ...(email !== undefined && { key: accountKey(email).key }),
        lockedAfter: now,
        windowStartedAfter: now - LOGIN_THROTTLE.windowMs,
      });
      return rows.map((row) => ({
        key: row.key,
        kind: row.key.startsWith('account:') ? 'account' : 'address',
        failures: row.failures,
        lockedUntil: isLocked(row, now) ? row.locked_until : null,
      }));
    },

    /** Forgets the failures and locks of an account or an address (admins); audited. */
    async clear(actor: Actor, which: { email: string } | { address: string }): Promise<void> {
      requireAdmin(actor);
      const k = 'email' in which ? accountKey(which.email) : addressKey(which.address);
      await db.transaction().execute(async (trx) => {
        const cleared = await deleteLoginFailure(trx, k.key);
        await audit(trx, actor, 'user.clear_login_lock', k.target, { kind: k.kind, existed: cleared > 0 });
      });
    },
  };
}

export type LoginThrottleService = ReturnType<typeof createLoginThrottle>;
