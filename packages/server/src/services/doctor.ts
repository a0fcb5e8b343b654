import type { Kysely } from 'kysely';
import type { Database, WorkspaceRow } from '../db/schema.js';
import type { Clock } from '../deps.js';
import { defaultWorkspaceName, isValidEmail } from '../domain/rules.js';
import { allUserEmails, firstActiveAdmin, usersWithUsernameMismatch } from '../queries/doctor.js';
import { findUserById, lockSeats, recountSeats, seatCounts, storeSeatCounts, updateUser } from '../queries/users.js';
import {
  findMembership,
  findWorkspaceById,
  findWorkspaceByName,
  insertMembership,
  insertWorkspace,
  setMembershipRole,
  defaultWorkspacesNotOwned,
  updateWorkspace,
  usersWithoutDefaultWorkspace,
  workspacesWithoutOwner,
} from '../queries/workspaces.js';
import { requireAdmin } from './actor.js';
import type { Actor } from './actor.js';
import type { Audit } from './audit.js';

export type ProblemKind = 'USERNAME_MISMATCH' | 'INVALID_EMAIL' | 'MISSING_DEFAULT_WORKSPACE' | 'DEFAULT_WORKSPACE_NOT_OWNED' | 'WORKSPACE_WITHOUT_OWNER' | 'SEAT_COUNT_DRIFT';

/** How to change an email: the same change as Keycloak's `PUT users/{id}`. */
const EMAIL_CHANGE = 'change it with `paddock users set-email <id> <new email>` (users/update)';

export interface Problem {
  kind: ProblemKind;
  subject: { type: 'user' | 'workspace' | 'license'; id: string; label: string };
  detail: string;
  fixable: boolean;
}

/**
 * Finds and repairs the states that Wallaroo's troubleshooting guide describes. Paddock's own
 * rules never create them; they come from imported or hand-edited data.
 */
export function createDoctorService(deps: { db: Kysely<Database>; clock: Clock; audit: Audit }) {
  const { db, clock, audit } = deps;

  async function check(trx: Kysely<Database>): Promise<Problem[]> {
    const problems: Problem[] = [];
    for (const u of await usersWithUsernameMismatch(trx)) {
      problems.push({
        kind: 'USERNAME_MISMATCH',
        subject: { type: 'user', id: u.id, label: u.email },
        detail: `Username ${JSON.stringify(u.username)} differs from the email ${JSON.stringify(u.email)}; logins and lookups disagree.`,
        fixable: isValidEmail(u.email),
      });
    }
    for (const u of await allUserEmails(trx)) {
      if (isValidEmail(u.email)) continue;
      problems.push({
        kind: 'INVALID_EMAIL',
        subject: { type: 'user', id: u.id, label: u.email },
        detail: `${u.email === '' ? 'The user has no email' : `${JSON.stringify(u.email)} is not a valid email address`}; ${EMAIL_CHANGE}.`,
        fixable: false,
      });
    }
    for (const u of await usersWithoutDefaultWorkspace(trx)) {
      const name = defaultWorkspaceName(u.email);
      const squatter = await findWorkspaceByName(trx, name);
      problems.push({
        kind: 'MISSING_DEFAULT_WORKSPACE',
        subject: { type: 'user', id: u.id, label: u.email },
        detail: !squatter
          ? `The user has no default workspace; "${name}" will be created.`
          : adoptable(squatter, u.id)
            ? `The user has no default workspace; "${name}" (id ${squatter.id}), which they created, will become it.`
            : `The user has no default workspace, and "${name}" is taken by workspace ${squatter.id}; it will be renamed "${squatterName(name, squatter.id)}" and the default created.`,
        fixable: true,
      });
    }
    for (const ws of await defaultWorkspacesNotOwned(trx)) {
      problems.push({
        kind: 'DEFAULT_WORKSPACE_NOT_OWNED',
        subject: { type: 'workspace', id: String(ws.id), label: ws.name },
        detail: `${ws.email} is not an owner of their own default workspace; they will be made its owner.`,
        fixable: true,
      });
    }
    for (const ws of await workspacesWithoutOwner(trx)) {
      problems.push({
        kind: 'WORKSPACE_WITHOUT_OWNER',
        subject: { type: 'workspace', id: String(ws.id), label: ws.name },
        detail: 'The workspace has no owner; its creator (or else the first admin) will be made owner.',
        fixable: true,
      });
    }
    const drift = await seatCountDrift(trx);
    if (drift) problems.push(drift);
    return problems;
  }

  /** The seat meter's row against a count of the users table (a full scan: doctor's, never the request path's). */
  async function seatCountDrift(trx: Kysely<Database>): Promise<Problem | null> {
    const [kept, counted] = await Promise.all([seatCounts(trx), recountSeats(trx)]);
    if (kept.active_users === counted.active_users && kept.active_admins === counted.active_admins && kept.all_users === counted.all_users && kept.all_admins === counted.all_admins) return null;
    return {
      kind: 'SEAT_COUNT_DRIFT',
      subject: { type: 'license', id: 'seats', label: 'seats in use' },
      detail: `The user counts say ${kept.active_users} active users (${kept.active_admins} admins) of ${kept.all_users} (${kept.all_admins} admins), but the users table holds ${counted.active_users} (${counted.active_admins}) of ${counted.all_users} (${counted.all_admins}); they will be set to the count.`,
      fixable: true,
    };
  }

  async function makeOwner(trx: Kysely<Database>, ws: WorkspaceRow, userId: string): Promise<void> {
    const existing = await findMembership(trx, ws.id, userId);
    if (existing) await setMembershipRole(trx, ws.id, userId, 'owner');
    else await insertMembership(trx, { workspace_id: ws.id, user_id: userId, role: 'owner', created_at: clock.now() });
  }

  async function fixOne(trx: Kysely<Database>, p: Problem): Promise<boolean> {
    switch (p.kind) {
      case 'USERNAME_MISMATCH':
        await updateUser(trx, p.subject.id, { username: p.subject.label });
        return true;
      case 'MISSING_DEFAULT_WORKSPACE': {
        const name = defaultWorkspaceName(p.subject.label);
        const squatter = await findWorkspaceByName(trx, name);
        if (squatter && adoptable(squatter, p.subject.id)) {
          await updateWorkspace(trx, squatter.id, { default_for: p.subject.id });
          await makeOwner(trx, squatter, p.subject.id);
          return true;
        }
        if (squatter) await updateWorkspace(trx, squatter.id, { name: squatterName(name, squatter.id) });
        const id = await insertWorkspace(trx, { name, created_by: p.subject.id, created_at: clock.now(), default_for: p.subject.id });
        await insertMembership(trx, { workspace_id: id, user_id: p.subject.id, role: 'owner', created_at: clock.now() });
        return true;
      }
      case 'DEFAULT_WORKSPACE_NOT_OWNED': {
        const ws = await findWorkspaceById(trx, Number(p.subject.id));
        if (!ws || ws.default_for === null) return false;
        await makeOwner(trx, ws, ws.default_for);
        return true;
      }
      case 'WORKSPACE_WITHOUT_OWNER': {
        const ws = await findWorkspaceById(trx, Number(p.subject.id));
        if (!ws) return false;
        const owner = (await findUserById(trx, ws.created_by)) ?? (await firstActiveAdmin(trx));
        if (!owner) return false;
        await makeOwner(trx, ws, owner.id);
        return true;
      }
      case 'SEAT_COUNT_DRIFT':
        await lockSeats(trx, clock.now());
        await storeSeatCounts(trx, await recountSeats(trx));
        return true;
      case 'INVALID_EMAIL':
        return false;
    }
  }

  return {
    async check(actor: Actor): Promise<Problem[]> {
      requireAdmin(actor);
      return check(db);
    },

    /** Repairs every fixable problem, each with an audit event, in one transaction. */
    async fix(actor: Actor): Promise<{ fixed: Problem[]; remaining: Problem[] }> {
      requireAdmin(actor);
      return db.transaction().execute(async (trx) => {
        const fixed: Problem[] = [];
        const remaining: Problem[] = [];
        for (const p of await check(trx)) {
          if (p.fixable && (await fixOne(trx, p))) {
            fixed.push(p);
            await audit(trx, actor, `doctor.fix.${p.kind.toLowerCase()}`, { type: p.subject.type, id: p.subject.id, label: p.subject.label });
          } else remaining.push(p);
        }
        return { fixed, remaining };
      });
    },
  };
}

export type DoctorService = ReturnType<typeof createDoctorService>;

/** A workspace of the user's own, by the default's name, that lost its link: it becomes their default again. */
function adoptable(ws: WorkspaceRow, userId: string): boolean {
  return ws.default_for === null && ws.created_by === userId;
}

/** Where a workspace that holds someone's default name goes: unique, since it carries its id. */
function squatterName(name: string, id: number): string {
  return `${name} (workspace ${id})`;
}
