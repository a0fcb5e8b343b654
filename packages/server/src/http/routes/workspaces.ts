import type { FastifyInstance } from 'fastify';
import type { UserRef, WorkspacesService } from '../../services/workspaces.js';
import { mount } from '../contract.js';
import {
  workspacesAddUser,
  workspacesCreate,
  workspacesGet,
  workspacesList,
  workspacesListUsers,
  workspacesOverview,
  workspacesRemoveUser,
  workspacesSetUserRole,
} from '../contracts/workspaces.js';
import { presentWorkspace } from '../present.js';
import { streamedReply } from '../stream.js';
import type { z } from 'zod';

const memberRef = (b: { email?: string | undefined; user_id?: string | undefined }): UserRef =>
  b.email !== undefined ? { email: b.email } : { userId: b.user_id ?? '' };

const role = (t: 'OWNER' | 'COLLABORATOR' | undefined) => (t === 'OWNER' ? 'owner' : 'collaborator');
const userType = (r: 'owner' | 'collaborator') => (r === 'owner' ? ('OWNER' as const) : ('COLLABORATOR' as const));

export function workspaceRoutes(app: FastifyInstance, workspaces: WorkspacesService): void {
  const streamedList = streamedReply<z.input<typeof workspacesList.reply>, 'workspaces'>(workspacesList.reply, 'workspaces');

  mount(app, workspacesCreate, async (body, actor) => {
    const ws = await workspaces.create(actor, body.workspace_name);
    return { workspace_id: ws.id };
  });

  mount(app, workspacesList, async (body, actor) => {
    const batches = await workspaces.listAll(actor, body.user_id);
    return streamedList({}, [], batches);
  });

  mount(app, workspacesOverview, async (body, actor) => {
    const page = await workspaces.overview(actor, {
      limit: body.limit,
      ...(body.user_id !== undefined && { userId: body.user_id }),
      ...(body.search && { search: body.search }),
      ...(body.cursor !== undefined && { cursor: body.cursor }),
    });
    return {
      workspaces: page.workspaces.map((ws) => ({
        ...presentWorkspace(ws),
        member_count: ws.memberCount,
        owners: ws.owners,
        user_type: ws.role === null ? null : userType(ws.role),
      })),
      next_cursor: page.nextCursor,
    };
  });

  mount(app, workspacesGet, async (body, actor) => {
    const ws = await workspaces.get(actor, body.workspace_id !== undefined ? { id: body.workspace_id } : { name: body.name ?? '' });
    return { workspace: presentWorkspace(ws) };
  });

  mount(app, workspacesAddUser, async (body, actor) => {
    await workspaces.addMember(actor, body.workspace_id, memberRef(body), role(body.user_type));
    return {};
  });

  mount(app, workspacesSetUserRole, async (body, actor) => {
    await workspaces.setMemberRole(actor, body.workspace_id, memberRef(body), role(body.user_type));
    return {};
  });

  mount(app, workspacesListUsers, async (body, actor) => {
    const members = await workspaces.members(actor, body.workspace_id);
    return { users: members.map((m) => ({ user_id: m.user_id, user_type: userType(m.role), email: m.email })) };
  });

  mount(app, workspacesRemoveUser, async (body, actor) => {
    const affected = await workspaces.removeMember(actor, body.workspace_id, memberRef(body));
    return { affected_rows: affected };
  });
}
