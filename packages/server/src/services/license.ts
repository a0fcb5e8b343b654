import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../deps.js';
import { AppError } from '../errors.js';
import { BUILT_IN_LICENSE_PUBLIC_KEY, COMMUNITY, LicenseError, verifyLicense } from '../license/license.js';
import type { License } from '../license/license.js';
import { getSetting, putSetting } from '../queries/settings.js';
import { countActiveUsers } from '../queries/users.js';
import { requireAdmin } from './actor.js';
import type { Actor } from './actor.js';
import { auditWriter } from './audit.js';
import type { Audit } from './audit.js';

/** Where the licence in force comes from: uploaded (the database), the configuration, or none (Community). */
export type LicenseSource = 'uploaded' | 'PADDOCK_LICENSE' | 'none';

/** A licence that exists but is not in force, and why (an uploaded one that no longer verifies, an expired one). */
export interface SetAsideLicense {
  source: 'uploaded' | 'PADDOCK_LICENSE';
  reason: LicenseError['reason'];
  message: string;
}

export interface LicenseInForce {
  license: License;
  source: LicenseSource;
  setAside: SetAsideLicense[];
}

export interface LicenseStatus extends License {
  source: LicenseSource;
  setAside: SetAsideLicense[];
  activeUsers: number;
  /** Never negative; null means unlimited. */
  seatsLeft: number | null;
  /** Active users beyond the seats (a licence with fewer seats than active users); 0 within the licence. */
  overBy: number;
}

export interface InstalledLicense extends LicenseStatus {
  /** Why the new licence needs attention (more active users than seats), or null. */
  warning: string | null;
}

export interface LicenseDeps {
  db: Kysely<Database>;
  clock: Clock;
  /** The licence of the configuration (PADDOCK_LICENSE), or Community. */
  license: License;
  /** PEM Ed25519 key that uploaded licences must be signed with; the built-in key by default. */
  publicKey?: string;
  /** Records installed licences; the standard writer by default. */
  audit?: Audit;
}

/** Where an uploaded licence lives: in the database, so every process and every restart sees it. */
const SETTING = 'license';

export function createLicenseService(deps: LicenseDeps) {
  const { db, clock } = deps;
  const publicKey = deps.publicKey ?? BUILT_IN_LICENSE_PUBLIC_KEY;
  const audit = deps.audit ?? auditWriter(clock);
  /** Verification results by document: a stored licence is checked once per process. */
  const verified = new Map<string, License | LicenseError>();

  /** The uploaded licence, why it does not verify (expired, other key), or null when none is stored. */
  async function uploaded(trx: Kysely<Database>): Promise<License | LicenseError | null> {
    const document = await getSetting(trx, SETTING);
    if (document === undefined) return null;
    let result = verified.get(document);
    if (result === undefined) {
      result = await verifyLicense(document, publicKey, clock.now()).catch((err: unknown) => {
        if (err instanceof LicenseError) return err;
        throw err;
      });
      verified.set(document, result);
    }
    return result;
  }

  const expired = (license: License) => license.expiresAt !== null && license.expiresAt <= clock.now();
  const EXPIRED = 'the licence has expired; ask for a renewed licence';

  /**
   * The licence in force now and where it comes from. A valid uploaded licence wins over
   * PADDOCK_LICENSE; one that no longer verifies or has expired is set aside (and said so), and the
   * configured licence applies, or Community.
   */
  async function inForce(trx: Kysely<Database> = db): Promise<LicenseInForce> {
    const setAside: SetAsideLicense[] = [];
    const stored = await uploaded(trx);
    if (stored instanceof LicenseError) setAside.push({ source: 'uploaded', reason: stored.reason, message: stored.message });
    else if (stored !== null && !expired(stored)) return { license: stored, source: 'uploaded', setAside };
    else if (stored !== null) setAside.push({ source: 'uploaded', reason: 'EXPIRED', message: EXPIRED });
    if (deps.license.edition === 'enterprise') {
      if (!expired(deps.license)) return { license: deps.license, source: 'PADDOCK_LICENSE', setAside };
      setAside.push({ source: 'PADDOCK_LICENSE', reason: 'EXPIRED', message: EXPIRED });
    }
    return { license: COMMUNITY, source: 'none', setAside };
  }

  async function current(trx: Kysely<Database> = db): Promise<License> {
    return (await inForce(trx)).license;
  }

  /** The licence in force with its seat count, for start-up and for admins. */
  async function report(): Promise<LicenseStatus> {
    const { license, source, setAside } = await inForce();
    const activeUsers = await countActiveUsers(db);
    return { ...license, source, setAside, activeUsers, ...seatUse(license.seats, activeUsers) };
  }

  async function status(actor: Actor): Promise<LicenseStatus> {
    requireAdmin(actor);
    return report();
  }

  async function assertSeatsFree(trx: Kysely<Database>, needed: number): Promise<void> {
    const license = await current(trx);
    if (license.seats === null || needed <= 0) return;
    const active = await countActiveUsers(trx);
    if (active + needed <= license.seats) return;
    const edition = license.edition === 'community' ? 'The Community edition' : 'Your Enterprise licence';
    const { overBy, seatsLeft } = seatUse(license.seats, active);
    const details = { seats: license.seats, active_users: active, over_by: overBy, ...(needed > 1 && { needed }) };
    if (needed > 1) {
      throw new AppError(
        'SEAT_LIMIT_REACHED',
        `${edition} allows ${license.seats} active users and ${active} are active: ${users(needed)} cannot be activated with ${seatsLeft === 1 ? '1 seat' : `${seatsLeft ?? 0} seats`} free. ` +
          'Import fewer active users (or some as inactive), deactivate users, or install a licence with more seats.',
        details,
      );
    }
    throw new AppError(
      'SEAT_LIMIT_REACHED',
      overBy === 0
        ? `${edition} allows ${license.seats} active users and all ${license.seats} seats are in use. ` +
            'Deactivate a user to free a seat, or install a licence with more seats.'
        : `${edition} allows ${license.seats} active users and ${active} are active, ${overBy} over the licence. ` +
            `Deactivate ${users(overBy + 1)} before anyone can be activated, or install a licence with more seats.`,
      details,
    );
  }

  return {
    current,
    report,
    status,

    /**
     * Verifies a licence exactly as start-up does and stores it for every process; audited.
     * A bad signature or a malformed document is LICENSE_INVALID, an expired one LICENSE_EXPIRED.
     * A licence with fewer seats than active users is installed too, with a warning.
     */
    async install(actor: Actor, document: string): Promise<InstalledLicense> {
      requireAdmin(actor);
      const text = document.trim();
      const license = await verifyLicense(text, publicKey, clock.now()).catch((err: unknown) => {
        throw err instanceof LicenseError ? refusal(err) : err;
      });
      await db.transaction().execute(async (trx) => {
        await putSetting(trx, SETTING, text);
        await audit(trx, actor, 'license.install', { type: 'license', id: null, label: license.licensee }, {
          edition: license.edition,
          seats: license.seats,
          expires_at: license.expiresAt === null ? null : new Date(license.expiresAt).toISOString(),
        });
      });
      verified.set(text, license);
      const installed = await status(actor);
      return { ...installed, warning: installed.overBy > 0 ? overUse(installed.seats ?? 0, installed.activeUsers) : null };
    },

    /**
     * Refuses one more active user when every seat is taken. Call it inside the transaction that
     * activates the user, after `lockSeats`, so that the count cannot change under it.
     */
    async assertSeatFree(trx: Kysely<Database>): Promise<void> {
      return assertSeatsFree(trx, 1);
    },

    /** Refuses `needed` more active users (an import) unless that many seats are free; the same conditions. */
    assertSeatsFree,
  };
}

function seatUse(seats: number | null, activeUsers: number): { seatsLeft: number | null; overBy: number } {
  if (seats === null) return { seatsLeft: null, overBy: 0 };
  return { seatsLeft: Math.max(0, seats - activeUsers), overBy: Math.max(0, activeUsers - seats) };
}

const users = (n: number) => (n === 1 ? '1 user' : `${n} users`);

/** The sentence for a licence with fewer seats than active users (upload reply, start-up banner). */
export function overUse(seats: number, activeUsers: number): string {
  const overBy = activeUsers - seats;
  return (
    `${activeUsers} users are active but the licence allows ${seats}: ${overBy} over the licence. ` +
    `No one can be activated until ${overBy + 1 === 1 ? '1 user is' : `${overBy + 1} users are`} deactivated.`
  );
}

function refusal(err: LicenseError): AppError {
  return new AppError(err.reason === 'EXPIRED' ? 'LICENSE_EXPIRED' : 'LICENSE_INVALID', `This licence cannot be installed: ${err.message}.`);
}

export type LicenseService = ReturnType<typeof createLicenseService>;
