import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../deps.js';
import { AppError } from '../errors.js';
import { COMMUNITY } from '../license/license.js';
import type { License } from '../license/license.js';
import { countActiveUsers } from '../queries/users.js';
import { requireAdmin } from './actor.js';
import type { Actor } from './actor.js';

export interface LicenseStatus extends License {
  activeUsers: number;
  seatsLeft: number | null;
}

export function createLicenseService(deps: { db: Kysely<Database>; clock: Clock; license: License }) {
  /** The licence in force now: an enterprise licence that has since expired falls back to Community. */
  function current(): License {
    const { license, clock } = deps;
    return license.expiresAt !== null && license.expiresAt <= clock.now() ? COMMUNITY : license;
  }

  return {
    current,

    async status(actor: Actor): Promise<LicenseStatus> {
      requireAdmin(actor);
      const license = current();
      const activeUsers = await countActiveUsers(deps.db);
      return { ...license, activeUsers, seatsLeft: license.seats === null ? null : Math.max(0, license.seats - activeUsers) };
    },

    /**
     * Refuses one more active user when every seat is taken. Call it inside the transaction that
     * activates the user, after `lockSeats`, so that the count cannot change under it.
     */
    async assertSeatFree(trx: Kysely<Database>): Promise<void> {
      const license = current();
      if (license.seats === null) return;
      const active = await countActiveUsers(trx);
      if (active < license.seats) return;
      const edition = license.edition === 'community' ? 'The Community edition' : 'Your Enterprise licence';
      throw new AppError(
        'SEAT_LIMIT_REACHED',
        `${edition} allows ${license.seats} active users and all ${license.seats} seats are in use. ` +
          'Deactivate a user to free a seat, or install a licence with more seats (PADDOCK_LICENSE).',
        { seats: license.seats, active_users: active },
      );
    },
  };
}

export type LicenseService = ReturnType<typeof createLicenseService>;
