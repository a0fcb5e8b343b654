import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { DormantUser, SeatReclaimService, SeatsNow } from '../../services/seat-reclaim.js';
import type { SeatPolicy } from '../../services/seat-policy.js';
import { DAY_MS } from '../../services/seat-policy.js';
import { mount } from '../contract.js';
import { seatPolicyGet, seatPolicyPreview, seatPolicySet, usersDeactivateDormant, usersDormant } from '../contracts/seats.js';
import type { dormantUser } from '../contracts/seats.js';

const iso = (ms: number) => new Date(ms).toISOString();

function presentDormant(u: DormantUser, now: number): z.input<typeof dormantUser> {
  return {
    id: u.id,
    email: u.email,
    first_name: u.first_name,
    last_name: u.last_name,
    role: u.role,
    created_at: iso(u.created_at),
    last_login_at: u.last_login_at === null ? null : iso(u.last_login_at),
    last_active_at: iso(u.last_active_at),
    idle_days: Math.floor((now - u.last_active_at) / DAY_MS),
  };
}

const presentSeats = (s: SeatsNow) => ({ seats: s.seats, active_users: s.activeUsers, seats_left: s.seatsLeft });
const presentPolicy = (p: SeatPolicy) => ({ enabled: p.enabled, days: p.days, warn_days: p.warnDays, floating: p.floating, contact: p.contact });

/** Seat reclaim: idle users, freeing their seats, the idle-seat policy. */
export function seatRoutes(app: FastifyInstance, seats: SeatReclaimService, now: () => number): void {
  mount(app, usersDormant, async (body, actor) => {
    const listing = await seats.dormant(actor, { days: body.days, limit: body.limit });
    const at = now();
    return {
      days: listing.days,
      idle_before: iso(listing.idleBefore),
      users: listing.users.map((u) => presentDormant(u, at)),
      total: listing.total,
      admins: listing.admins,
      frees: { all_but_admins: listing.total - listing.admins, all: listing.total },
      seats: presentSeats(listing.seats),
    };
  });

  mount(app, usersDeactivateDormant, async (body, actor) => {
    const result = await seats.reclaim(actor, { days: body.days, ...(body.emails !== undefined && { emails: body.emails }), ...(body.all === true && { all: true }) });
    return {
      deactivated: result.deactivated,
      skipped: result.skipped.map((s) => ({ email: s.email, error: s.code, msg: s.message })),
      seats_freed: result.seatsFreed,
      seats: presentSeats(result.seats),
    };
  });

  mount(app, seatPolicyGet, async (_body, actor) => presentPolicy(await seats.getPolicy(actor)));

  mount(app, seatPolicySet, async (body, actor) => {
    const changes: Partial<SeatPolicy> = {
      ...(body.enabled !== undefined && { enabled: body.enabled }),
      ...(body.days !== undefined && { days: body.days }),
      ...(body.warn_days !== undefined && { warnDays: body.warn_days }),
      ...(body.floating !== undefined && { floating: body.floating }),
      ...(body.contact !== undefined && { contact: body.contact }),
    };
    return presentPolicy(await seats.setPolicy(actor, changes));
  });

  mount(app, seatPolicyPreview, async (body, actor) => {
    const plan = await seats.preview(actor, { ...(body.days !== undefined && { days: body.days }), ...(body.warn_days !== undefined && { warnDays: body.warn_days }) });
    const at = now();
    return {
      policy: presentPolicy(plan.policy),
      idle_before: iso(plan.idleBefore),
      deactivate: plan.deactivate.map((u) => presentDormant(u, at)),
      warn: plan.warn.map((u) => presentDormant(u, at)),
    };
  });
}
