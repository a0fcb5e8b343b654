import { Argument, Option } from 'commander';
import type { Command } from 'commander';
import type { PlatformRole, User, UserStatus } from '@paddock/sdk';
import { action, examples } from '../context.js';
import type { Context, Runtime } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { readStdin } from '../prompt.js';
import { registerLoginLocks } from './login-locks.js';
import { registerDormant } from './seats.js';
import { registerUserFiles } from './user-files.js';
import { formatDate, formatPairs, formatTable } from '../table.js';

type ListOptions = { search?: string; status?: UserStatus; role?: PlatformRole };
type InviteOptions = { passwordStdin?: boolean; requireReset?: boolean; firstName?: string; lastName?: string; role?: PlatformRole };

const ROLES = ['admin', 'user'];

/** A user id (a UUID): `set-email` takes one where the stored email cannot be typed or is not unique-looking. */
const USER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function registerUsers(program: Command, rt: Runtime): void {
  const users = program.command('users').description('list, invite, activate and deactivate users');
  examples(users, 'paddock users list', 'paddock users invite ann@example.com');

  const list = users
    .command('list')
    .description('list users, ordered by email (non-admins see email, status, created time and id)')
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
      const stored = normalizeEmail(email);
      ctx.print({ email: stored, status: 'active' }, `Activated ${stored}.`);
    }));
  examples(activate, 'paddock users activate ann@example.com');

  const deactivate = users
    .command('deactivate')
    .description('stop a user from logging in, at once, and free their seat')
    .argument('<email>', "the user's email")
    .action(action<Record<string, never>, [string]>(rt, async (ctx, [email]) => {
      await ctx.client().deactivateUser(email);
      const stored = normalizeEmail(email);
      ctx.print({ email: stored, status: 'inactive' }, `Deactivated ${stored}.`);
    }));
  examples(deactivate, 'paddock users deactivate ann@example.com');

  const setRole = users
    .command('set-role')
    .description("set a user's platform role")
    .argument('<email>', "the user's email")
    .addArgument(new Argument('<role>', 'the new role').choices(ROLES))
    .action(action<Record<string, never>, [string, PlatformRole]>(rt, async (ctx, [email, role]) => {
      await ctx.client().setUserRole(email, role);
      const stored = normalizeEmail(email);
      ctx.print({ email: stored, role }, `${stored} is now ${role === 'admin' ? 'an admin' : 'a user'}.`);
    }));
  examples(setRole, 'paddock users set-role ann@example.com admin');

  const setEmail = users
    .command('set-email')
    .description("change a user's email (admins); their username and default workspace follow it")
    .argument('<user>', "the user's current email (as stored, even one `paddock doctor` calls invalid) or id")
    .argument('<new-email>', 'the new email')
    .action(action<Record<string, never>, [string, string]>(rt, async (ctx, [user, newEmail]) => {
      await ctx.client().updateUser(USER_ID.test(user) ? { userId: user } : user, { email: newEmail });
      const stored = normalizeEmail(newEmail);
      ctx.print({ user, email: stored }, `${user} is now ${stored}.`);
    }));
  examples(setEmail, 'paddock users set-email ann@example.com ann.lee@example.com', 'paddock users set-email 4c9c9804-6600-4cec-b27a-de084b4c1876 bob@example.com');

  registerUserFiles(users, rt);
  registerLoginLocks(users, rt);
  registerDormant(users, rt);
}

/** The email as the server stores it: trimmed and lower-cased. */
function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function status(user: User): string {
  return user.enabled === undefined ? '-' : user.enabled ? 'active' : 'inactive';
}

function fullName(user: User): string {
  return [user.firstName, user.lastName].filter(Boolean).join(' ') || '-';
}

async function listAction(ctx: Context, _args: [], opts: ListOptions): Promise<void> {
  const users = await ctx.client().listUsers({ search: opts.search, status: opts.status, role: opts.role });
  ctx.print(users, () => {
    if (users.length === 0) return 'No users.';
    // Non-admins receive only id, email, username, enabled and created time: show those.
    if (users.every((u) => u.role === undefined)) {
      return formatTable(['EMAIL', 'STATUS', 'CREATED', 'ID'], users.map((u) => [u.email, status(u), formatDate(u.createdAt), u.id]));
    }
    return formatTable(
      ['EMAIL', 'NAME', 'ROLE', 'STATUS', 'LAST LOGIN', 'ID'],
      users.map((u) => [u.email, fullName(u), u.role ?? '-', status(u), formatDate(u.lastLogin), u.id]),
    );
  });
}

async function getAction(ctx: Context, [email]: [string]): Promise<void> {
  const user = await ctx.client().getUserByEmail(email);
  if (user === null) throw new CliError(`No user with email ${email}`, EXIT.REFUSED, 'USER_NOT_FOUND');
  // Non-admins receive no names, role, verification or last login: those lines are left out.
  const admin = user.role !== undefined;
  const pairs: [string, string | null][] = [
    ['Email', user.email],
    ['Username', user.username],
    ['Name', admin ? fullName(user) : null],
    ['Role', user.role ?? null],
    ['Status', status(user)],
    ['Email verified', !admin ? null : user.emailVerified === undefined ? '-' : user.emailVerified ? 'yes' : 'no'],
    ['Created', formatDate(user.createdAt)],
    ['Last login', admin ? formatDate(user.lastLogin) : null],
    ['ID', user.id],
  ];
  ctx.print(user, () => formatPairs(pairs.filter((pair): pair is [string, string] => pair[1] !== null)));
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
  const stored = normalizeEmail(email);
  ctx.print(
    { id: result.id, email: stored, ...(generated ? { password: result.password } : {}), must_change_password: mustChange },
    () =>
      `Invited ${stored} (id ${result.id}).\n` +
      (generated ? `Initial password (shown once, pass it on safely): ${result.password}\n` : '') +
      (generated ? 'An invitation link to set their own password was mailed to them (valid 48 hours).\n' : '') +
      (mustChange ? `It must be changed before the first login: paddock password change --username ${stored}\n` : ''),
  );
}
