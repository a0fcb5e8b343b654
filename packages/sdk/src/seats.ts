import type * as Generated from './wire.generated.js';

/** An idle user as `users/dormant` and `seat_policy/preview` send them. Times are ISO 8601. */
export type WireDormantUser = Generated.WireUsersDormantReply['users'][number];
export type WireDormantReply = Generated.WireUsersDormantReply;
export type WireDeactivateDormantRequest = Generated.WireUsersDeactivateDormantRequest;
export type WireDeactivateDormantReply = Generated.WireUsersDeactivateDormantReply;
export type WireSeatPolicy = Generated.WireSeatPolicyGetReply;
export type WireSeatPolicyPreviewReply = Generated.WireSeatPolicyPreviewReply;

/** A user holding a seat without using it. */
export interface DormantUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: 'admin' | 'user';
  createdAt: Date;
  /** Null: never signed in; idle since the invitation. */
  lastLoginAt: Date | null;
  /** The last sign-in (any way in, refreshes included), else the invitation. */
  lastActiveAt: Date;
  /** Whole days since `lastActiveAt`. */
  idleDays: number;
}

/** The seats in use; null seats and seatsLeft mean unlimited. */
export interface SeatsInUse {
  seats: number | null;
  activeUsers: number;
  seatsLeft: number | null;
}

/** What {@link Client.listDormantUsers} answers. */
export interface DormantListing {
  days: number;
  /** Users last active before this time are idle. */
  idleBefore: Date;
  /** The most recently active first. */
  users: DormantUser[];
  /** Idle users in all, and of them admins (deactivated only when chosen one by one). */
  total: number;
  admins: number;
  /** Seats freed by deactivating every idle user but the admins, and every one of them. */
  frees: { allButAdmins: number; all: number };
  seats: SeatsInUse;
}

/** What {@link Client.deactivateDormantUsers} did: every user deactivated freed one seat. */
export interface ReclaimResult {
  deactivated: Array<{ id: string; email: string }>;
  /** Left as they were: `NOT_DORMANT` (signed in since), `LAST_ACTIVE_ADMIN`, `SELF_DEACTIVATION`, `USER_NOT_FOUND`. */
  skipped: Array<{ email: string; code: string; message: string }>;
  seatsFreed: number;
  /** After the deactivations. */
  seats: SeatsInUse;
}

/** The idle-seat policy (off by default). */
export interface SeatPolicy {
  /** Deactivate users idle longer than `days`, automatically. */
  enabled: boolean;
  days: number;
  /** Mail a warning this many days before; null: no mail. */
  warnDays: number | null;
  /** A user the policy deactivated is reactivated at sign-in when a seat is free. */
  floating: boolean;
  /** Whom a user who finds the licence full should ask; null: the active admins. */
  contact: string | null;
}

/** Whom the policy would deactivate and warn if it ran now. */
export interface SeatPolicyPreview {
  policy: SeatPolicy;
  idleBefore: Date;
  deactivate: DormantUser[];
  warn: DormantUser[];
}

export function dormantUserFromWire(w: WireDormantUser): DormantUser {
  return {
    id: w.id,
    email: w.email,
    firstName: w.first_name,
    lastName: w.last_name,
    role: w.role,
    createdAt: new Date(w.created_at),
    lastLoginAt: w.last_login_at === null ? null : new Date(w.last_login_at),
    lastActiveAt: new Date(w.last_active_at),
    idleDays: w.idle_days,
  };
}

function seatsFromWire(w: WireDormantReply['seats']): SeatsInUse {
  return { seats: w.seats, activeUsers: w.active_users, seatsLeft: w.seats_left };
}

export function dormantListingFromWire(w: WireDormantReply): DormantListing {
  return {
    days: w.days,
    idleBefore: new Date(w.idle_before),
    users: w.users.map(dormantUserFromWire),
    total: w.total,
    admins: w.admins,
    frees: { allButAdmins: w.frees.all_but_admins, all: w.frees.all },
    seats: seatsFromWire(w.seats),
  };
}

export function reclaimResultFromWire(w: WireDeactivateDormantReply): ReclaimResult {
  return {
    deactivated: w.deactivated,
    skipped: w.skipped.map((s) => ({ email: s.email, code: s.error, message: s.msg })),
    seatsFreed: w.seats_freed,
    seats: seatsFromWire(w.seats),
  };
}

export function seatPolicyFromWire(w: WireSeatPolicy): SeatPolicy {
  return { enabled: w.enabled, days: w.days, warnDays: w.warn_days, floating: w.floating, contact: w.contact };
}

export function seatPolicyToWire(p: Partial<SeatPolicy>): Generated.WireSeatPolicySetRequest {
  return {
    ...(p.enabled !== undefined && { enabled: p.enabled }),
    ...(p.days !== undefined && { days: p.days }),
    ...(p.warnDays !== undefined && { warn_days: p.warnDays }),
    ...(p.floating !== undefined && { floating: p.floating }),
    ...(p.contact !== undefined && { contact: p.contact }),
  };
}

export function seatPolicyPreviewFromWire(w: WireSeatPolicyPreviewReply): SeatPolicyPreview {
  return {
    policy: seatPolicyFromWire(w.policy),
    idleBefore: new Date(w.idle_before),
    deactivate: w.deactivate.map(dormantUserFromWire),
    warn: w.warn.map(dormantUserFromWire),
  };
}
