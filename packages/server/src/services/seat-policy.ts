import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { getSetting, putSetting } from '../queries/settings.js';

/** Where the policy lives: in the database, so every process and every restart sees the same one. */
const SETTING = 'seat_reclaim_policy';

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The idle-seat policy. Off by default: nothing is deactivated, warned or floated until an admin
 * turns it on.
 */
export interface SeatPolicy {
  /** Deactivate users idle longer than `days`, automatically. */
  enabled: boolean;
  /** Idle means no sign-in (any way in) for more than this many days; for an invited user who never signed in, since the invitation. */
  days: number;
  /** Mail a warning this many days before the policy takes a seat; null: no mail. Less than `days`. */
  warnDays: number | null;
  /** A user the policy deactivated who signs in again is reactivated on the spot when a seat is free. */
  floating: boolean;
  /** Whom a user who finds the licence full should ask (a name, an address, a URL); null: the active admins. */
  contact: string | null;
}

export const DEFAULT_SEAT_POLICY: SeatPolicy = { enabled: false, days: 90, warnDays: null, floating: false, contact: null };

/** What is stored: parsed on every read, so a hand-edited row falls back to the default rather than half-applying. */
const stored = z.object({
  enabled: z.boolean(),
  days: z.number().int().min(1),
  warnDays: z.number().int().min(1).nullable(),
  floating: z.boolean(),
  contact: z.string().nullable(),
});

export async function readSeatPolicy(db: Kysely<Database>): Promise<SeatPolicy> {
  const text = await getSetting(db, SETTING);
  if (text === undefined) return DEFAULT_SEAT_POLICY;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return DEFAULT_SEAT_POLICY;
  }
  const parsed = stored.safeParse(value);
  return parsed.success ? parsed.data : DEFAULT_SEAT_POLICY;
}

export async function writeSeatPolicy(db: Kysely<Database>, policy: SeatPolicy): Promise<void> {
  await putSetting(db, SETTING, JSON.stringify(policy));
}
