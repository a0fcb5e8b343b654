import { z } from 'zod';
import { emailSchema, workspaceNameSchema } from '../../domain/rules.js';
import { contract, cursorSchema } from '../contract.js';

const workspaceId = z.number().int().min(1).max(2_147_483_647);
const userType = z.enum(['OWNER', 'COLLABORATOR']);
const userId = z.string().min(1).max(64);

export const workspace = z.object({
  id: z.number().int(),
  name: z.string(),
  created_at: z.string().describe('ISO-8601 with offset'),
  created_by: z.string(),
  archived: z.boolean(),
  models: z.array(z.unknown()),
  pipelines: z.array(z.unknown()),
  default_for: z.string().nullable().describe("Paddock: the user whose default workspace this is"),
});

/** A member named by `email` or `user_id`, as the Wallaroo calls allow. */
const memberRef = z
  .object({ workspace_id: workspaceId, email: emailSchema.optional(), user_id: userId.optional() })
  .refine((b) => b.email !== undefined || b.user_id !== undefined, { message: 'email or user_id is required', path: ['email'] });

export const workspacesCreate = contract({
  path: 'workspaces/create',
  tag: 'workspaces',
  summary: 'Create a workspace; the caller becomes its owner',
  body: z.object({ workspace_name: workspaceNameSchema }),
  reply: z.object({ workspace_id: z.number().int() }),
  errors: ['FORBIDDEN', 'WORKSPACE_NAME_TAKEN'],
});

export const workspacesList = contract({
  path: 'workspaces/list',
  tag: 'workspaces',
  summary: 'Workspaces the caller may see (admins: all, or those of user_id)',
  body: z.object({ user_id: userId.optional() }),
  reply: z.object({ workspaces: z.array(workspace) }),
  errors: ['FORBIDDEN'],
});

export const workspacesGet = contract({
  path: 'workspaces/get',
  tag: 'workspaces',
  summary: 'One workspace, by id or by exact name',
  body: z
    .object({ workspace_id: workspaceId.optional(), name: z.string().max(320).optional() })
    .refine((b) => b.workspace_id !== undefined || b.name !== undefined, { message: 'workspace_id or name is required', path: ['name'] }),
  reply: z.object({ workspace }),
  errors: ['FORBIDDEN', 'WORKSPACE_NOT_FOUND'],
});

export const workspacesAddUser = contract({
  path: 'workspaces/add_user',
  tag: 'workspaces',
  summary: 'Add a member (collaborator unless user_type is OWNER; OWNER promotes a collaborator)',
  body: memberRef.and(z.object({ user_type: userType.optional() })),
  reply: z.object({}),
  errors: ['FORBIDDEN', 'WORKSPACE_NOT_FOUND', 'USER_NOT_FOUND', 'MEMBER_EXISTS'],
});

export const workspacesSetUserRole = contract({
  path: 'workspaces/set_user_role',
  tag: 'workspaces',
  summary: "Change a member's role",
  body: memberRef.and(z.object({ user_type: userType })),
  reply: z.object({}),
  errors: ['FORBIDDEN', 'WORKSPACE_NOT_FOUND', 'USER_NOT_FOUND', 'MEMBER_NOT_FOUND', 'LAST_OWNER', 'DEFAULT_WORKSPACE'],
});

export const workspacesListUsers = contract({
  path: 'workspaces/list_users',
  tag: 'workspaces',
  summary: 'Members with their roles',
  body: z.object({ workspace_id: workspaceId }),
  reply: z.object({ users: z.array(z.object({ user_id: z.string(), user_type: userType, email: z.string() })) }),
  errors: ['FORBIDDEN', 'WORKSPACE_NOT_FOUND'],
});

export const workspacesRemoveUser = contract({
  path: 'workspaces/remove_user',
  tag: 'workspaces',
  summary: 'Remove a member (never the last owner, never from their own default workspace)',
  body: memberRef,
  reply: z.object({ affected_rows: z.number().int() }),
  errors: ['FORBIDDEN', 'WORKSPACE_NOT_FOUND', 'USER_NOT_FOUND', 'MEMBER_NOT_FOUND', 'LAST_OWNER', 'DEFAULT_WORKSPACE'],
});

export const workspacesOverview = contract({
  path: 'workspaces/overview',
  tag: 'workspaces',
  summary:
    "Paddock: a page of workspaces with their owners, member counts and the role in each of user_id (default: the caller); admins see all or user_id's, others their own",
  body: z.object({
    user_id: userId.optional(),
    search: z.string().trim().max(63).optional().describe('part of the name'),
    limit: z.number().int().min(1).max(500).default(50),
    cursor: cursorSchema.optional(),
  }),
  reply: z.object({
    workspaces: z.array(
      workspace.extend({
        member_count: z.number().int(),
        owners: z.array(z.object({ user_id: z.string(), email: z.string() })),
        user_type: userType.nullable().describe("the role of user_id (or the caller) in it; null: not a member"),
      }),
    ),
    next_cursor: z.string().nullable(),
  }),
  errors: ['FORBIDDEN'],
});
