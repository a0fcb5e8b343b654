import { Argument } from 'commander';
import type { Command } from 'commander';
import type { Workspace, WorkspaceRole } from '@paddock/sdk';
import { action, examples } from '../context.js';
import type { Context, Runtime } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { formatDate, formatTable } from '../table.js';

type NoOptions = Record<string, never>;

export function registerWorkspaces(program: Command, rt: Runtime): void {
  const workspaces = program.command('workspaces').description('create workspaces and manage their members');
  examples(workspaces, 'paddock workspaces list', 'paddock workspaces members fraud-models');

  const list = workspaces
    .command('list')
    .description('list the workspaces you may see (admins: all)')
    .action(action(rt, listAction));
  examples(list, 'paddock workspaces list', 'paddock workspaces list --json');

  const create = workspaces
    .command('create')
    .description('create a workspace; you become its owner')
    .argument('<name>', 'lower-case letters, digits and dashes, starting with a letter')
    .action(action<NoOptions, [string]>(rt, async (ctx, [name]) => {
      const ws = await ctx.client().createWorkspace(name);
      ctx.print(ws, `Created workspace ${ws.name} (id ${ws.id}).`);
    }));
  examples(create, 'paddock workspaces create fraud-models');

  const members = workspaces
    .command('members')
    .description("list a workspace's members and their roles")
    .argument('<name>', 'the workspace')
    .action(action<NoOptions, [string]>(rt, membersAction));
  examples(members, 'paddock workspaces members fraud-models');

  const addUser = workspaces
    .command('add-user')
    .description('add a user to a workspace as a collaborator')
    .argument('<name>', 'the workspace')
    .argument('<email>', "the user's email")
    .action(action<NoOptions, [string, string]>(rt, async (ctx, [name, email]) => {
      await (await find(ctx, name)).addUser(email);
      ctx.print({ workspace: name, email, role: 'collaborator' }, `Added ${email} to ${name} as a collaborator.`);
    }));
  examples(addUser, 'paddock workspaces add-user fraud-models ann@example.com');

  const addOwner = workspaces
    .command('add-owner')
    .description('add a user to a workspace as an owner, or promote a collaborator')
    .argument('<name>', 'the workspace')
    .argument('<email>', "the user's email")
    .action(action<NoOptions, [string, string]>(rt, async (ctx, [name, email]) => {
      await (await find(ctx, name)).addOwner(email);
      ctx.print({ workspace: name, email, role: 'owner' }, `${email} is an owner of ${name}.`);
    }));
  examples(addOwner, 'paddock workspaces add-owner fraud-models ann@example.com');

  const setRole = workspaces
    .command('set-role')
    .description("change a member's role (a workspace keeps at least one owner)")
    .argument('<name>', 'the workspace')
    .argument('<email>', "the member's email")
    .addArgument(new Argument('<role>', 'the new role').choices(['owner', 'collaborator']))
    .action(action<NoOptions, [string, string, WorkspaceRole]>(rt, async (ctx, [name, email, role]) => {
      await (await find(ctx, name)).setUserRole(email, role);
      ctx.print({ workspace: name, email, role }, `${email} is now ${role === 'owner' ? 'an owner' : 'a collaborator'} of ${name}.`);
    }));
  examples(setRole, 'paddock workspaces set-role fraud-models ann@example.com collaborator');

  const removeUser = workspaces
    .command('remove-user')
    .description('remove a member (not the last owner, not from their own default workspace)')
    .argument('<name>', 'the workspace')
    .argument('<email>', "the member's email")
    .action(action<NoOptions, [string, string]>(rt, async (ctx, [name, email]) => {
      await (await find(ctx, name)).removeUser(email);
      ctx.print({ workspace: name, email, removed: true }, `Removed ${email} from ${name}.`);
    }));
  examples(removeUser, 'paddock workspaces remove-user fraud-models ann@example.com');
}

/** The workspace with this exact name, or a clear refusal. */
async function find(ctx: Context, name: string): Promise<Workspace> {
  const ws = await ctx.client().getWorkspace(name);
  if (ws === null) throw new CliError(`No workspace named ${name}`, EXIT.REFUSED, 'WORKSPACE_NOT_FOUND');
  return ws;
}

async function listAction(ctx: Context): Promise<void> {
  const all = await ctx.client().listWorkspaces();
  ctx.print(all, () =>
    all.length === 0
      ? 'No workspaces.'
      : formatTable(
          ['ID', 'NAME', 'CREATED', 'DEFAULT', 'ARCHIVED'],
          all.map((ws) => [String(ws.id), ws.name, formatDate(ws.createdAt), ws.defaultFor ? 'yes' : '', ws.archived ? 'yes' : '']),
        ),
  );
}

async function membersAction(ctx: Context, [name]: [string]): Promise<void> {
  const members = await (await find(ctx, name)).users();
  ctx.print(members, () =>
    formatTable(['EMAIL', 'ROLE', 'USER ID'], members.map((m) => [m.email, m.role, m.userId])),
  );
}
