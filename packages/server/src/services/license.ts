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

export interface LicenseStatus extends License {
  activeUsers: number;
  seatsLeft: number | null;
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
  const verified = new Map<string, License | null>();

  /** The uploaded licence, or null when none is stored or it no longer verifies (expired, other key). */
  async function uploaded(trx: Kysely<Database>): Promise<License | null> {
    const document = await getSetting(trx, SETTING);
    if (document === undefined) return null;
    if (!verified.has(document)) {
      verified.set(document, await verifyLicense(document, publicKey, clock.now()).catch(() => null));
    }
    return verified.get(document) ?? null;
  }

  /** The licence in force now: an uploaded one wins over the configured one; an expired one falls back to Community. */
  async function current(trx: Kysely<Database> = db): Promise<License> {
    const license = (await uploaded(trx)) ?? deps.license;
    return license.expiresAt !== null && license.expiresAt <= clock.now() ? COMMUNITY : license;
  }

  async function status(actor: Actor): Promise<LicenseStatus> {
    requireAdmin(actor);
    const license = await current();
    const activeUsers = await countActiveUsers(db);
    return { ...license, activeUsers, seatsLeft: license.seats === null ? null : Math.max(0, license.seats - activeUsers) };
  }

  return {
    current,
    status,

    /**
     * Verifies a licence exactly as start-up does and stores it for every process; audited.
     * A bad signature or a malformed document is LICENSE_INVALID, an expired one LICENSE_EXPIRED.
     */
    async install(actor: Actor, document: string): Promise<LicenseStatus> {
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
      return status(actor);
    },

    /**
     * Refuses one more active user when every seat is taken. Call it inside the transaction that
     * activates the user, after `lockSeats`, so that the count cannot change under it.
     */
    async assertSeatFree(trx: Kysely<Database>): Promise<void> {
      const license = await current(trx);
      if (license.seats === null) return;
      const active = await countActiveUsers(trx);
      if (active < license.seats) return;
      const edition = license.edition === 'community' ? 'The Community edition' : 'Your Enterprise licence';
      throw new AppError(
        'SEAT_LIMIT_REACHED',
        `${edition} allows ${license.seats} active users and all ${license.seats} seats are in use. ` +
          'Deactivate a user to free a seat, or install a licence with more seats.',
        { seats: license.seats, active_users: active },
      );
    },
  };
}

function refusal(err: LicenseError): AppError {
  return new AppError(err.reason === 'EXPIRED' ? 'LICENSE_EXPIRED' : 'LICENSE_INVALID', `This licence cannot be installed: ${err.message}.`);
}

export type LicenseService = ReturnType<typeof createLicenseService>;
