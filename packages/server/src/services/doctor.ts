import type { Kysely } from 'kysely';
import type { Database, WorkspaceRow } from '../db/schema.js';
import type { Clock } from '../deps.js';
import { defaultWorkspaceName, isValidEmail } from '../domain/rules.js';
import { allUserEmails, firstActiveAdmin, usersWithUsernameMismatch } from '../queries/doctor.js';
import { findUserById, updateUser } from '../queries/users.js';
import {
  findMembership,
  findWorkspaceById,
  findWorkspaceByName,
  insertMembership,
  insertWorkspace,
  setMembershipRole,
  usersWithoutDefaultWorkspace,
  workspacesWithoutOwner,
} from '../queries/workspaces.js';
import { requireAdmin } from './actor.js';
import type { Actor } from './actor.js';
import type { Audit } from './audit.js';

export type ProblemKind = 'USERNAME_MISMATCH' | 'INVALID_EMAIL' | 'MISSING_DEFAULT_WORKSPACE' | 'WORKSPACE_WITHOUT_OWNER';

export interface Problem {
  kind: ProblemKind;
  subject: { type: 'user' | 'workspace'; id: string; label: string };
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
        detail: u.email === '' ? 'The user has no email; set one in the identity provider and re-import.' : `${JSON.stringify(u.email)} is not a valid email address; correct it at its source.`,
        fixable: false,
      });
    }
    for (const u of await usersWithoutDefaultWorkspace(trx)) {
      problems.push({
        kind: 'MISSING_DEFAULT_WORKSPACE',
        subject: { type: 'user', id: u.id, label: u.email },
        detail: `The user has no default workspace; "${defaultWorkspaceName(u.email)}" will be created.`,
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
    return problems;
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
        const clash = await findWorkspaceByName(trx, name);
        if (clash) return false;
        const id = await insertWorkspace(trx, { name, created_by: p.subject.id, created_at: clock.now(), default_for: p.subject.id });
        await insertMembership(trx, { workspace_id: id, user_id: p.subject.id, role: 'owner', created_at: clock.now() });
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
