import type { Kysely } from 'kysely';
import type { Database, UserRow, WorkspaceRow } from '../db/schema.js';
import type { Clock } from '../deps.js';
import { isUniqueViolation } from '../db/errors.js';
import { AppError, assertFound, assertThat } from '../errors.js';
import { normalizeEmail } from '../domain/rules.js';
import { findUserByEmail, findUserById } from '../queries/users.js';
import { STREAM_BATCH_SIZE } from '../queries/user-batches.js';
import {
  countOwners,
  deleteMembership,
  findDefaultWorkspace,
  findMembership,
  findWorkspaceByExternalId,
  findWorkspaceById,
  findWorkspaceByName,
  insertMembership,
  insertWorkspace,
  listMembers,
  listWorkspaces,
  writtenWorkspaceBatches,
  lockWorkspace,
  countMembers,
  membershipsOf,
  pageWorkspaces,
  setMembershipRole,
  updateWorkspace,
} from '../queries/workspaces.js';
import type { MemberRole, MemberRow, WorkspacePageFilter } from '../queries/workspaces.js';
import { isAdmin, requireAdmin } from './actor.js';
import type { Actor } from './actor.js';
import type { Audit } from './audit.js';
import { primed } from './batches.js';
import { cursorCodec, idPosition } from './cursor.js';

export interface WorkspacesDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: Audit;
  /** Rows per read of `listAll` (tests make it small to span many batches). */
  streamBatchSize?: number;
}

/** A workspace as the dashboard lists it. */
export interface WorkspaceOverview extends WorkspaceRow {
  memberCount: number;
  owners: Array<{ user_id: string; email: string }>;
  /** The role of the user the listing is about, null when they are not a member. */
  role: MemberRole | null;
}

export interface WorkspaceOverviewPage {
  workspaces: WorkspaceOverview[];
  /** Where the next page starts; null on the last. */
  nextCursor: string | null;
}

const workspaceCursor = cursorCodec('workspaces', idPosition);

/** A workspace an identity provider pushes as a group (SCIM `POST /Groups`). */
export interface GroupInput {
  /** Already checked against the workspace name rule (domain/rules.ts). */
  name: string;
  /** Who owns it: a user (the admin whose SCIM token pushes it). */
  ownerId: string;
  externalId?: string | null | undefined;
  source: NonNullable<WorkspaceRow['source']>;
}

/** What a group change (SCIM) does to a workspace; absent fields stay as they are. */
export interface GroupChanges {
  /** Already checked against the workspace name rule. */
  name?: string | undefined;
  externalId?: string | null | undefined;
  source?: NonNullable<WorkspaceRow['source']> | undefined;
  /** SCIM deleted the group (true): unlinked, the workspace and its members kept. */
  scimDeleted?: boolean | undefined;
  /**
   * Member changes by user id, applied after `remove` then `add`, or the collaborators made exactly
   * `replaceWith`. Members join as collaborators; owners stay owners (never removed or demoted here).
   */
  members?: { add?: readonly string[]; remove?: readonly string[]; replaceWith?: readonly string[] } | undefined;
}

/** A user named by email or by id, as the Wallaroo calls allow. */
export type UserRef = { email: string } | { userId: string };

const wsTarget = (ws: WorkspaceRow) => ({ type: 'workspace' as const, id: String(ws.id), label: ws.name });

export function createWorkspacesService(deps: WorkspacesDeps) {
  const { db, clock, audit } = deps;
  const batchSize = deps.streamBatchSize ?? STREAM_BATCH_SIZE;

  async function mustFindWorkspace(trx: Kysely<Database>, id: number): Promise<WorkspaceRow> {
    return assertFound(await findWorkspaceById(trx, id), 'WORKSPACE_NOT_FOUND', `No workspace has the id ${id}.`);
  }

  async function mustFindUser(trx: Kysely<Database>, ref: UserRef): Promise<UserRow> {
    if ('email' in ref) {
      const email = normalizeEmail(ref.email);
      return assertFound(await findUserByEmail(trx, email), 'USER_NOT_FOUND', `No user has the email ${email}.`);
    }
    return assertFound(await findUserById(trx, ref.userId), 'USER_NOT_FOUND', `No user has the id ${ref.userId}.`);
  }

  /** Admins may manage any workspace; others only those they own. */
  async function assertCanManage(trx: Kysely<Database>, actor: Actor, workspaceId: number): Promise<void> {
    if (isAdmin(actor)) return;
    const membership = actor.kind === 'user' ? await findMembership(trx, workspaceId, actor.id) : undefined;
    assertThat(membership?.role === 'owner', 'FORBIDDEN', 'Only an owner of this workspace or an admin may change its members.');
  }

  async function assertCanSee(actor: Actor, ws: WorkspaceRow): Promise<void> {
    if (isAdmin(actor)) return;
    const membership = actor.kind === 'user' ? await findMembership(db, ws.id, actor.id) : undefined;
    assertThat(membership, 'FORBIDDEN', 'Only members of this workspace or an admin may see it.');
  }

  /** Runs `body` with the workspace locked, after checking it exists and the actor may manage it. */
  async function withManagedWorkspace<T>(actor: Actor, workspaceId: number, body: (trx: Kysely<Database>, ws: WorkspaceRow) => Promise<T>): Promise<T> {
    return db.transaction().execute(async (trx) => {
      assertThat(await lockWorkspace(trx, workspaceId), 'WORKSPACE_NOT_FOUND', `No workspace has the id ${workspaceId}.`);
      const ws = await mustFindWorkspace(trx, workspaceId);
      await assertCanManage(trx, actor, workspaceId);
      return body(trx, ws);
    });
  }

  /**
   * Applies `members` (see GroupChanges) to a locked workspace: every user must exist (USER_NOT_FOUND
   * otherwise, before anything is written); each addition and removal is audited as the REST calls audit them.
   */
  async function syncMembers(trx: Kysely<Database>, actor: Actor, ws: WorkspaceRow, members: NonNullable<GroupChanges['members']>): Promise<boolean> {
    const named = [...new Set([...(members.add ?? []), ...(members.remove ?? []), ...(members.replaceWith ?? [])])];
    const users = new Map<string, UserRow>();
    for (const id of named) users.set(id, await mustFindUser(trx, { userId: id }));
    const current = new Map((await listMembers(trx, ws.id)).map((m) => [m.user_id, m.role]));
    const wanted = members.replaceWith === undefined ? undefined : new Set(members.replaceWith);
    const removals = wanted ? [...current].filter(([id, role]) => role === 'collaborator' && !wanted.has(id)).map(([id]) => id) : (members.remove ?? []);
    const additions = wanted ? [...wanted] : (members.add ?? []);
    let changed = false;
    for (const id of removals) {
      if (current.get(id) !== 'collaborator') continue;
      await deleteMembership(trx, ws.id, id);
      current.delete(id);
      await audit(trx, actor, 'workspace.remove_member', wsTarget(ws), { user_id: id, email: users.get(id)?.email ?? null });
      changed = true;
    }
    for (const id of additions) {
      if (current.has(id)) continue;
      await insertMembership(trx, { workspace_id: ws.id, user_id: id, role: 'collaborator', created_at: clock.now() });
      current.set(id, 'collaborator');
      await audit(trx, actor, 'workspace.add_member', wsTarget(ws), { user_id: id, email: users.get(id)?.email ?? null, role: 'collaborator' });
      changed = true;
    }
    return changed;
  }

  async function assertGroupExternalIdFree(trx: Kysely<Database>, externalId: string, workspaceId: number | null): Promise<void> {
    const holder = await findWorkspaceByExternalId(trx, externalId);
    if (holder && holder.id !== workspaceId) throw new AppError('EXTERNAL_ID_TAKEN', `Another workspace already has the external id ${externalId}.`);
  }

  async function assertNotLastOwner(trx: Kysely<Database>, ws: WorkspaceRow, role: MemberRole, user: UserRow): Promise<void> {
    if (role === 'owner' && (await countOwners(trx, ws.id)) <= 1) {
      throw new AppError('LAST_OWNER', `${user.email} is the last owner of ${ws.name}; add another owner first.`);
    }
  }

  return {
    async create(actor: Actor, name: string): Promise<WorkspaceRow> {
      assertThat(actor.kind === 'user', 'FORBIDDEN', 'Only a user can own a workspace.');
      const now = clock.now();
      try {
        return await db.transaction().execute(async (trx) => {
          if (await findWorkspaceByName(trx, name)) throw nameTaken(name);
          const id = await insertWorkspace(trx, { name, created_by: actor.id, created_at: now, default_for: null });
          await insertMembership(trx, { workspace_id: id, user_id: actor.id, role: 'owner', created_at: now });
          const ws = await mustFindWorkspace(trx, id);
          await audit(trx, actor, 'workspace.create', wsTarget(ws));
          return ws;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(name);
        throw err;
      }
    },

    /**
     * Creates a workspace for an identity provider's group (SCIM), owned by `input.ownerId`, with
     * these collaborators; or, when a workspace of that name was SCIM-deleted before, links it
     * again. Answers its id.
     */
    async provisionGroup(actor: Actor, input: GroupInput, members: readonly string[] = []): Promise<number> {
      requireAdmin(actor);
      const now = clock.now();
      try {
        return await db.transaction().execute(async (trx) => {
          const holder = await findWorkspaceByName(trx, input.name);
          if (holder && (holder.scim_deleted_at === null || holder.default_for !== null)) throw nameTaken(input.name);
          if (input.externalId !== undefined && input.externalId !== null) await assertGroupExternalIdFree(trx, input.externalId, holder?.id ?? null);
          let id: number;
          if (holder) {
            id = holder.id;
            await updateWorkspace(trx, id, { external_id: input.externalId ?? null, source: input.source, scim_deleted_at: null, updated_at: now });
            await audit(trx, actor, 'workspace.provision_again', wsTarget(holder), { source: input.source, external_id: input.externalId ?? null });
          } else {
            const owner = await mustFindUser(trx, { userId: input.ownerId });
            id = await insertWorkspace(trx, { name: input.name, created_by: owner.id, created_at: now, default_for: null, external_id: input.externalId ?? null, source: input.source });
            await insertMembership(trx, { workspace_id: id, user_id: owner.id, role: 'owner', created_at: now });
            await audit(trx, actor, 'workspace.create', { type: 'workspace', id: String(id), label: input.name }, { source: input.source, external_id: input.externalId ?? null, owner: owner.email });
          }
          if (members.length > 0) {
            assertThat(await lockWorkspace(trx, id), 'WORKSPACE_NOT_FOUND', `No workspace has the id ${id}.`);
            await syncMembers(trx, actor, await mustFindWorkspace(trx, id), { add: members });
          }
          return id;
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(input.name);
        throw err;
      }
    },

    /**
     * Changes a group's workspace (SCIM): a rename (refused for a default workspace, whose name
     * follows its user's email), the link to the identity provider, and collaborators, in one
     * transaction; audited.
     */
    async changeGroup(actor: Actor, workspaceId: number, changes: GroupChanges): Promise<void> {
      requireAdmin(actor);
      try {
        await withManagedWorkspace(actor, workspaceId, async (trx, ws) => {
          const now = clock.now();
          const name = changes.name ?? ws.name;
          const externalId = changes.externalId === undefined ? ws.external_id : changes.externalId;
          const deleted = changes.scimDeleted ?? ws.scim_deleted_at !== null;
          const renamed = name !== ws.name;
          if (renamed) {
            assertThat(ws.default_for === null, 'DEFAULT_WORKSPACE', `${ws.name} is a default workspace; its name follows its user's email.`);
            if (await findWorkspaceByName(trx, name)) throw nameTaken(name);
          }
          const relinked = externalId !== ws.external_id || (changes.source !== undefined && changes.source !== ws.source) || deleted !== (ws.scim_deleted_at !== null);
          if (externalId !== null && externalId !== ws.external_id) await assertGroupExternalIdFree(trx, externalId, ws.id);
          const membersChanged = changes.members === undefined ? false : await syncMembers(trx, actor, ws, changes.members);
          if (!renamed && !relinked && !membersChanged) return;
          await updateWorkspace(trx, ws.id, {
            name,
            external_id: externalId,
            source: changes.source ?? ws.source,
            scim_deleted_at: deleted ? (ws.scim_deleted_at ?? now) : null,
            updated_at: now,
          });
          if (renamed) await audit(trx, actor, 'workspace.rename', wsTarget(ws), { from: ws.name, to: name });
          if (relinked) {
            await audit(trx, actor, changes.scimDeleted === true ? 'workspace.scim_delete' : 'workspace.link', { type: 'workspace', id: String(ws.id), label: name }, { external_id: externalId });
          }
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(changes.name ?? '');
        throw err;
      }
    },

    /** Admins: every workspace, or `userId`'s. Others: their own (asking for someone else's is refused). */
    async list(actor: Actor, userId?: string): Promise<WorkspaceRow[]> {
      return listWorkspaces(db, listedMember(actor, userId));
    },

    /**
     * What `list` gives `actor`, in batches read as the caller iterates (streamed), each batch its
     * workspaces written as JSON and joined by commas (see `writtenWorkspaceBatches`); FORBIDDEN,
     * and a failure of the first read, throw before anything is yielded.
     */
    async listAll(actor: Actor, userId?: string): Promise<AsyncIterable<string | Uint8Array>> {
      return primed(writtenWorkspaceBatches(db, listedMember(actor, userId), batchSize));
    },

    /**
     * A page of workspaces with their owners, member counts and the role in each of `userId`
     * (default: the caller). Admins see every workspace, or `userId`'s; others only their own.
     */
    async overview(actor: Actor, filter: Omit<WorkspacePageFilter, 'memberId' | 'afterId'> & { userId?: string; cursor?: string }): Promise<WorkspaceOverviewPage> {
      const { userId, cursor, ...listing } = filter;
      const rest = { ...listing, ...(cursor !== undefined && { afterId: workspaceCursor.decode(cursor) }) };
      const own = actor.kind === 'user' ? actor.id : undefined;
      const memberId = isAdmin(actor) ? userId : own;
      assertThat(isAdmin(actor) || (own !== undefined && (userId === undefined || userId === own)), 'FORBIDDEN', 'You can list only your own workspaces.');
      const rows = await pageWorkspaces(db, { ...rest, ...(memberId !== undefined && { memberId }), limit: rest.limit + 1 });
      const page = rows.slice(0, rest.limit);
      const ids = page.map((ws) => ws.id);
      const roleOf = userId ?? own;
      const [counts, owners, roles] = await Promise.all([
        countMembers(db, ids),
        membershipsOf(db, ids, { role: 'owner' }),
        roleOf === undefined ? [] : membershipsOf(db, ids, { userId: roleOf }),
      ]);
      const workspaces = page.map((ws) => ({
        ...ws,
        memberCount: counts.get(ws.id) ?? 0,
        owners: owners.filter((o) => o.workspace_id === ws.id).map((o) => ({ user_id: o.user_id, email: o.email })),
        role: roles.find((r) => r.workspace_id === ws.id)?.role ?? null,
      }));
      const last = page.at(-1);
      return { workspaces, nextCursor: rows.length > rest.limit && last ? workspaceCursor.encode(last.id) : null };
    },

    async get(actor: Actor, ref: { id: number } | { name: string }): Promise<WorkspaceRow> {
      const ws = assertFound(
        'id' in ref ? await findWorkspaceById(db, ref.id) : await findWorkspaceByName(db, ref.name),
        'WORKSPACE_NOT_FOUND',
        'id' in ref ? `No workspace has the id ${ref.id}.` : `No workspace is named ${ref.name}.`,
      );
      await assertCanSee(actor, ws);
      return ws;
    },

    /**
     * The default workspace of `userId` (the Wallaroo SDK's current workspace), which only that user
     * may ask for. Every user has one from their creation on, so there is never one to create.
     */
    async defaultOf(actor: Actor, userId: string): Promise<WorkspaceRow> {
      assertThat(actor.kind === 'user' && actor.id === userId, 'FORBIDDEN', 'You can read only your own default workspace.');
      return assertFound(await findDefaultWorkspace(db, userId), 'WORKSPACE_NOT_FOUND', 'You have no default workspace; an admin can restore it with `paddock doctor --fix`.');
    },

    async members(actor: Actor, workspaceId: number): Promise<MemberRow[]> {
      const ws = await mustFindWorkspace(db, workspaceId);
      await assertCanSee(actor, ws);
      return listMembers(db, ws.id);
    },

    /** Adds a member; adding as owner someone who is a collaborator promotes them. */
    async addMember(actor: Actor, workspaceId: number, ref: UserRef, role: MemberRole): Promise<void> {
      return withManagedWorkspace(actor, workspaceId, async (trx, ws) => {
        const user = await mustFindUser(trx, ref);
        const existing = await findMembership(trx, ws.id, user.id);
        if (existing && !(existing.role === 'collaborator' && role === 'owner')) {
          throw new AppError('MEMBER_EXISTS', `${user.email} is already a member of ${ws.name} (${existing.role}).`);
        }
        if (existing) await setMembershipRole(trx, ws.id, user.id, role);
        else await insertMembership(trx, { workspace_id: ws.id, user_id: user.id, role, created_at: clock.now() });
        const details = { user_id: user.id, email: user.email, role, ...(existing && { previous_role: existing.role }) };
        await audit(trx, actor, existing ? 'workspace.set_member_role' : 'workspace.add_member', wsTarget(ws), details);
      });
    },

    async setMemberRole(actor: Actor, workspaceId: number, ref: UserRef, role: MemberRole): Promise<void> {
      return withManagedWorkspace(actor, workspaceId, async (trx, ws) => {
        const user = await mustFindUser(trx, ref);
        const existing = assertFound(await findMembership(trx, ws.id, user.id), 'MEMBER_NOT_FOUND', `${user.email} is not a member of ${ws.name}.`);
        if (existing.role === role) return;
        assertThat(ws.default_for !== user.id, 'DEFAULT_WORKSPACE', `${ws.name} is the default workspace of ${user.email}; they stay its owner.`);
        await assertNotLastOwner(trx, ws, existing.role, user);
        await setMembershipRole(trx, ws.id, user.id, role);
        await audit(trx, actor, 'workspace.set_member_role', wsTarget(ws), { user_id: user.id, email: user.email, role, previous_role: existing.role });
      });
    },

    async removeMember(actor: Actor, workspaceId: number, ref: UserRef): Promise<number> {
      return withManagedWorkspace(actor, workspaceId, async (trx, ws) => {
        const user = await mustFindUser(trx, ref);
        const existing = assertFound(await findMembership(trx, ws.id, user.id), 'MEMBER_NOT_FOUND', `${user.email} is not a member of ${ws.name}.`);
        assertThat(ws.default_for !== user.id, 'DEFAULT_WORKSPACE', `${ws.name} is the default workspace of ${user.email}; they cannot be removed from it.`);
        await assertNotLastOwner(trx, ws, existing.role, user);
        const removed = await deleteMembership(trx, ws.id, user.id);
        await audit(trx, actor, 'workspace.remove_member', wsTarget(ws), { user_id: user.id, email: user.email });
        return removed;
      });
    },
  };
}

/** Whose workspaces `list` gives `actor` (undefined: all): admins anyone's, others their own. */
function listedMember(actor: Actor, userId: string | undefined): string | undefined {
  if (isAdmin(actor)) return userId;
  assertThat(actor.kind === 'user' && (userId === undefined || userId === actor.id), 'FORBIDDEN', 'You can list only your own workspaces.');
  return actor.id;
}

function nameTaken(name: string): AppError {
  return new AppError('WORKSPACE_NAME_TAKEN', `A workspace named ${name} already exists.`);
}

export type WorkspacesService = ReturnType<typeof createWorkspacesService>;
