import type { WorkspaceRow } from '../../db/schema.js';
import { AppError, assertThat } from '../../errors.js';
import type { Actor } from '../../services/actor.js';
import type { WorkspacesService } from '../../services/workspaces.js';
import { presentWorkspace } from '../present.js';
import { bigint, timestamptz } from './scalars.js';

export interface GraphqlContext {
  actor: Actor;
}

/** A workspace as the schema's `workspace` type resolves it; members are read only when asked for. */
interface WorkspaceNode {
  id: number;
  name: string;
  archived: boolean;
  created_at: string;
  created_by: string;
  models: [];
  pipelines: [];
}

interface StringEq {
  _eq?: string | null;
}

interface WorkspaceUsersWhere {
  _and?: WorkspaceUsersWhere[] | null;
  user_id?: StringEq | null;
  workspace_id?: { _eq?: number | null } | null;
}

interface WorkspaceInsert {
  name?: string | null;
  owner_id?: string | null;
  archived?: boolean | null;
  users?: { data: Array<{ user_id?: string | null; user_type?: string | null }> } | null;
  user_default_workspaces?: { data: Array<{ user_id?: string | null }> } | null;
}

function node(ws: WorkspaceRow): WorkspaceNode {
  const { id, name, archived, created_at, created_by } = presentWorkspace(ws);
  return { id, name, archived, created_at, created_by, models: [], pipelines: [] };
}

/** Refusals that mean "not for you to see": the REST rules answer them with 403 or 404, GraphQL with null. */
const UNSEEN: ReadonlySet<string> = new Set(['FORBIDDEN', 'WORKSPACE_NOT_FOUND']);

/** The one value of `field._eq` across a where clause and its `_and` terms; none or two different ones is refused. */
function only<T>(where: WorkspaceUsersWhere, pick: (w: WorkspaceUsersWhere) => T | null | undefined, field: string): T {
  const values: T[] = [];
  const walk = (w: WorkspaceUsersWhere) => {
    const value = pick(w);
    if (value !== undefined && value !== null) values.push(value);
    for (const term of w._and ?? []) walk(term);
  };
  walk(where);
  const [first] = values;
  assertThat(first !== undefined && values.every((v) => v === first), 'VALIDATION_FAILED', `where: needs exactly one ${field} {_eq: ...}.`);
  return first;
}

function callerId(actor: Actor): string | undefined {
  return actor.kind === 'user' ? actor.id : undefined;
}

/**
 * The four operations of the Wallaroo SDK, each over the workspaces service: the same rules as
 * the REST calls, refusals carried as GraphQL errors with Paddock's code.
 */
export function graphqlResolvers(workspaces: WorkspacesService) {
  return {
    bigint,
    timestamptz,
    query_root: {
      async workspace_by_pk(_root: unknown, args: { id: number }, { actor }: GraphqlContext): Promise<WorkspaceNode | null> {
        try {
          return node(await workspaces.get(actor, { id: args.id }));
        } catch (err) {
          if (err instanceof AppError && UNSEEN.has(err.code)) return null;
          throw err;
        }
      },
      async user_default_workspace(_root: unknown, args: { where?: { user_id?: StringEq | null } | null }, { actor }: GraphqlContext) {
        const asked = args.where?.user_id?._eq ?? callerId(actor);
        // A client (no user) has no default workspace.
        if (asked === undefined) return [];
        return [{ workspace: node(await workspaces.defaultOf(actor, asked)) }];
      },
    },
    mutation_root: {
      async insert_workspace_one(_root: unknown, args: { object: WorkspaceInsert }, { actor }: GraphqlContext): Promise<WorkspaceNode> {
        const { object } = args;
        const defaults = object.user_default_workspaces?.data ?? [];
        assertThat(defaults.length > 0, 'INVALID_REQUEST', 'Only a default workspace is inserted here; create workspaces with POST /v1/api/workspaces/create.');
        const me = callerId(actor);
        const named = [object.owner_id, ...defaults.map((d) => d.user_id), ...(object.users?.data ?? []).map((u) => u.user_id)];
        assertThat(me !== undefined && named.every((id) => id === undefined || id === null || id === me), 'FORBIDDEN', 'You can create only your own default workspace.');
        // Every user has had it since their creation: answer it (Hasura would answer null on the name conflict).
        return node(await workspaces.defaultOf(actor, me));
      },
      async delete_workspace_users(_root: unknown, args: { where: WorkspaceUsersWhere }, { actor }: GraphqlContext) {
        const userId = only(args.where, (w) => w.user_id?._eq, 'user_id');
        const workspaceId = only(args.where, (w) => w.workspace_id?._eq, 'workspace_id');
        return { affected_rows: await workspaces.removeMember(actor, workspaceId, { userId }) };
      },
    },
    workspace: {
      async users(ws: WorkspaceNode, _args: unknown, { actor }: GraphqlContext) {
        return (await workspaces.members(actor, ws.id)).map((m) => ({ user_id: m.user_id }));
      },
    },
  };
}
