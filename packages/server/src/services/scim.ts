import type { Kysely } from 'kysely';
import type { Database, UserRow, WorkspaceRow } from '../db/schema.js';
import { assertFound, assertThat } from '../errors.js';
import { findScimGroup, findScimUser, scimGroups, scimMembers, scimUsers } from '../queries/scim.js';
import type { ScimListing } from '../queries/scim.js';
import { requireAdmin } from './actor.js';
import type { Actor } from './actor.js';
import type { ProvisionInput, UserChanges, UsersService } from './users.js';
import type { GroupChanges, WorkspacesService } from './workspaces.js';

export type { ScimListing };

/** A group as SCIM shows it: its workspace and the members SCIM sees. */
export interface ScimGroup {
  workspace: WorkspaceRow;
  members: Array<{ user_id: string; email: string }>;
}

/**
 * What SCIM provisioning reads and does, over the users and workspaces services: every rule (seat
 * check, last active admin, email, workspace name, end of access, audit) is theirs. SCIM sees every
 * user and every workspace but default ones, less those it deleted; whatever it changes becomes
 * SCIM-managed (`source` 'scim').
 */
export function createScimService(deps: { db: Kysely<Database>; users: UsersService; workspaces: WorkspacesService }) {
  const { db, users, workspaces } = deps;

  async function user(actor: Actor, id: string): Promise<UserRow> {
    requireAdmin(actor);
    return assertFound(await findScimUser(db, id), 'USER_NOT_FOUND', `No user has the id ${id}.`);
  }

  async function group(actor: Actor, id: string, withMembers = true): Promise<ScimGroup> {
    requireAdmin(actor);
    const n = /^\d{1,15}$/.test(id) ? Number(id) : Number.NaN;
    const workspace = assertFound(Number.isNaN(n) ? undefined : await findScimGroup(db, n), 'WORKSPACE_NOT_FOUND', `No group has the id ${id}.`);
    return { workspace, members: withMembers ? await scimMembers(db, [workspace.id]) : [] };
  }

  return {
    async listUsers(actor: Actor, listing: ScimListing): Promise<{ total: number; rows: UserRow[] }> {
      requireAdmin(actor);
      return scimUsers(db, listing);
    },

    getUser: user,

    async createUser(actor: Actor, input: Omit<ProvisionInput, 'source'>): Promise<UserRow> {
      const id = await users.provision(actor, { ...input, source: 'scim' });
      return user(actor, id);
    },

    /** Changes a user SCIM sees (PUT, PATCH); activation passes the seat check of every other path. */
    async changeUser(actor: Actor, id: string, changes: Omit<UserChanges, 'source' | 'scimDeleted' | 'role'>): Promise<UserRow> {
      await user(actor, id);
      await users.update(actor, { id }, { ...changes, source: 'scim' });
      return user(actor, id);
    },

    /** Deactivates (the seat freed, every token and session ended) and unlinks; 404 to SCIM from then on. */
    async deleteUser(actor: Actor, id: string): Promise<void> {
      await user(actor, id);
      await users.update(actor, { id }, { status: 'inactive', externalId: null, source: 'scim', scimDeleted: true });
    },

    async listGroups(actor: Actor, listing: ScimListing, withMembers: boolean): Promise<{ total: number; groups: ScimGroup[] }> {
      requireAdmin(actor);
      const { total, rows } = await scimGroups(db, listing);
      const members = withMembers ? await scimMembers(db, rows.map((w) => w.id)) : [];
      return { total, groups: rows.map((workspace) => ({ workspace, members: members.filter((m) => m.workspace_id === workspace.id) })) };
    },

    getGroup: group,

    /** A workspace owned by the admin who created the SCIM token, with these users as collaborators. */
    async createGroup(actor: Actor, input: { name: string; externalId?: string | null | undefined; members: readonly string[] }): Promise<ScimGroup> {
      assertThat(actor.kind === 'scim', 'FORBIDDEN', 'Groups are created through SCIM.');
      const id = await workspaces.provisionGroup(actor, { name: input.name, ownerId: actor.ownerId, externalId: input.externalId, source: 'scim' }, input.members);
      return group(actor, String(id));
    },

    async changeGroup(actor: Actor, id: string, changes: Omit<GroupChanges, 'source' | 'scimDeleted'>, withMembers = true): Promise<ScimGroup> {
      const { workspace } = await group(actor, id, false);
      await workspaces.changeGroup(actor, workspace.id, { ...changes, source: 'scim' });
      return group(actor, id, withMembers);
    },

    /** Unlinks the group: 404 to SCIM from then on; the workspace, its members and its work stay. */
    async deleteGroup(actor: Actor, id: string): Promise<void> {
      const { workspace } = await group(actor, id, false);
      await workspaces.changeGroup(actor, workspace.id, { externalId: null, source: 'scim', scimDeleted: true });
    },
  };
}

export type ScimService = ReturnType<typeof createScimService>;
