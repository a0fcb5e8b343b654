import { Argument, Option } from 'commander';
import type { Command } from 'commander';
import type { PlatformRole, User, UserStatus } from '@paddock/sdk';
import { action, examples } from '../context.js';
import type { Context, Runtime } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { readStdin } from '../prompt.js';
import { registerLoginLocks } from './login-locks.js';
import { formatDate, formatPairs, formatTable } from '../table.js';

type ListOptions = { search?: string; status?: UserStatus; role?: PlatformRole };
type InviteOptions = { passwordStdin?: boolean; requireReset?: boolean; firstName?: string; lastName?: string; role?: PlatformRole };

const ROLES = ['admin', 'user'];

export function registerUsers(program: Command, rt: Runtime): void {
  const users = program.command('users').description('list, invite, activate and deactivate users');
  examples(users, 'paddock users list', 'paddock users invite ann@example.com');

  const list = users
    .command('list')
    .description('list users, ordered by email')
    .option('--search <text>', 'only users whose email or name contains this')
    .addOption(new Option('--status <status>', 'only active or inactive users').choices(['active', 'inactive']))
    .addOption(new Option('--role <role>', 'only admins or plain users').choices(ROLES))
    .action(action<ListOptions>(rt, listAction));
  examples(list, 'paddock users list', 'paddock users list --status inactive', 'paddock users list --role admin --json');

  const get = users
    .command('get')
    .description('show one user (exact email, case-insensitive)')
    .argument('<email>', "the user's email")
    .action(action<Record<string, never>, [string]>(rt, getAction));
  examples(get, 'paddock users get ann@example.com', 'paddock users get ann@example.com --json');

  const invite = users
    .command('invite')
    .description('create an active user (needs a free seat) and print the initial password once')
    .argument('<email>', "the new user's email")
    .option('--password-stdin', 'read the initial password from stdin (else the server generates one and mails an invitation link)')
    .option('--require-reset', 'with --password-stdin: the user must change that password at first login')
    .option('--first-name <name>', 'first name')
    .option('--last-name <name>', 'last name')
    .addOption(new Option('--role <role>', 'platform role').choices(ROLES).default('user'))
    .action(action<InviteOptions, [string]>(rt, inviteAction));
  examples(
    invite,
    'paddock users invite ann@example.com --first-name Ann',
    'paddock users invite bob@example.com --role admin',
    'echo "$TEMP_PW" | paddock users invite cat@example.com --password-stdin --require-reset',
  );
  invite.addHelpText(
    'after',
    '\nWithout --password-stdin the user gets a generated password, which must be changed before their\n' +
      'first login (`paddock password change`), and a single-use link, valid 48 hours, to set their own.\n',
  );

  const activate = users
    .command('activate')
    .description('let a deactivated user log in again (needs a free seat)')
    .argument('<email>', "the user's email")
    .action(action<Record<string, never>, [string]>(rt, async (ctx, [email]) => {
      await ctx.client().activateUser(email);
      ctx.print({ email, status: 'active' }, `Activated ${email}.`);
    }));
  examples(activate, 'paddock users activate ann@example.com');

  const deactivate = users
    .command('deactivate')
    .description('stop a user from logging in, at once, and free their seat')
    .argument('<email>', "the user's email")
    .action(action<Record<string, never>, [string]>(rt, async (ctx, [email]) => {
      await ctx.client().deactivateUser(email);
      ctx.print({ email, status: 'inactive' }, `Deactivated ${email}.`);
    }));
  examples(deactivate, 'paddock users deactivate ann@example.com');

  const setRole = users
    .command('set-role')
    .description("set a user's platform role")
    .argument('<email>', "the user's email")
    .addArgument(new Argument('<role>', 'the new role').choices(ROLES))
    .action(action<Record<string, never>, [string, PlatformRole]>(rt, async (ctx, [email, role]) => {
      await ctx.client().setUserRole(email, role);
      ctx.print({ email, role }, `${email} is now ${role === 'admin' ? 'an admin' : 'a user'}.`);
    }));
  examples(setRole, 'paddock users set-role ann@example.com admin');

  registerLoginLocks(users, rt);
}

function status(user: User): string {
  return user.enabled === undefined ? '-' : user.enabled ? 'active' : 'inactive';
}

function fullName(user: User): string {
  return [user.firstName, user.lastName].filter(Boolean).join(' ') || '-';
}

async function listAction(ctx: Context, _args: [], opts: ListOptions): Promise<void> {
  const users = await ctx.client().listUsers({ search: opts.search, status: opts.status, role: opts.role });
  ctx.print(users, () =>
    users.length === 0
      ? 'No users.'
      : formatTable(
          ['EMAIL', 'NAME', 'ROLE', 'STATUS', 'LAST LOGIN', 'ID'],
          users.map((u) => [u.email, fullName(u), u.role ?? '-', status(u), formatDate(u.lastLogin), u.id]),
        ),
  );
}

async function getAction(ctx: Context, [email]: [string]): Promise<void> {
  const user = await ctx.client().getUserByEmail(email);
  if (user === null) throw new CliError(`No user with email ${email}`);
  ctx.print(user, () =>
    formatPairs([
      ['Email', user.email],
      ['Username', user.username],
      ['Name', fullName(user)],
      ['Role', user.role ?? '-'],
      ['Status', status(user)],
      ['Email verified', user.emailVerified === undefined ? '-' : user.emailVerified ? 'yes' : 'no'],
      ['Created', formatDate(user.createdAt)],
      ['Last login', formatDate(user.lastLogin)],
      ['ID', user.id],
    ]),
  );
}

async function inviteAction(ctx: Context, [email]: [string], opts: InviteOptions): Promise<void> {
  if (opts.requireReset && !opts.passwordStdin) {
    throw new CliError('--require-reset goes with --password-stdin (a generated password must always be changed).', EXIT.USAGE);
  }
  const given = opts.passwordStdin ? await readStdin(ctx.io) : undefined;
  const result = await ctx.client().inviteUser(email, given, {
    firstName: opts.firstName,
    lastName: opts.lastName,
    role: opts.role,
    ...(opts.requireReset ? { requireReset: true } : {}),
  });
  const generated = given === undefined;
  const mustChange = generated || opts.requireReset === true;
  ctx.print(
    { id: result.id, email, ...(generated ? { password: result.password } : {}), must_change_password: mustChange },
    () =>
      `Invited ${email} (id ${result.id}).\n` +
      (generated ? `Initial password (shown once, pass it on safely): ${result.password}\n` : '') +
      (generated ? 'An invitation link to set their own password was mailed to them (valid 48 hours).\n' : '') +
      (mustChange ? `It must be changed before the first login: paddock password change --username ${email}\n` : ''),
  );
}
