import type { Command } from 'commander';
import { action, examples } from '../context.js';
import type { Context, Runtime } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { promptLine, promptSecret, readStdin } from '../prompt.js';

type ChangeOptions = { username?: string; passwordStdin?: boolean };

export function registerPassword(program: Command, rt: Runtime): void {
  const password = program.command('password').description('change your password');
  examples(password, 'paddock password change --username ann@example.com');

  const change = password
    .command('change')
    .description('change your own password; needs no login (this is how a generated initial password is replaced)')
    .option('--username <email>', 'your email (else the stored login, $PADDOCK_USERNAME, or asked)')
    .option('--password-stdin', 'read the current password, then the new one, as two lines of stdin (else asked without echo)')
    .action(action<ChangeOptions>(rt, changeAction));
  examples(
    change,
    'paddock password change --username ann@example.com',
    "printf '%s\\n%s\\n' \"$OLD\" \"$NEW\" | paddock password change --username ann@example.com --password-stdin",
  );
  change.addHelpText(
    'after',
    '\nThe new password must differ from the current one and have at least 8 characters.\n' +
      'Failed attempts count against the same lock as failed logins.\n',
  );
}

async function passwords(ctx: Context, fromStdin: boolean): Promise<{ current: string; next: string }> {
  const { io } = ctx;
  if (fromStdin) {
    const [current = '', next = ''] = (await readStdin(io)).split(/\r?\n/);
    if (current === '' || next === '') throw new CliError('--password-stdin: give the current password and the new one on two lines.', EXIT.USAGE);
    return { current, next };
  }
  if (!io.isTTY) throw new CliError('no passwords: use --password-stdin, or run in a terminal.', EXIT.USAGE);
  const current = await promptSecret(io, 'Current password: ');
  const next = await promptSecret(io, 'New password: ');
  if (next !== (await promptSecret(io, 'New password, again: '))) throw new CliError('the new passwords differ; nothing was changed.', EXIT.USAGE);
  return { current, next };
}

async function changeAction(ctx: Context, _args: [], opts: ChangeOptions): Promise<void> {
  const { io } = ctx;
  const username =
    opts.username ??
    ctx.user ??
    ctx.store.currentUser(ctx.url, undefined) ??
    io.env['PADDOCK_USERNAME'] ??
    (io.isTTY && !opts.passwordStdin ? await promptLine(io, 'Email: ') : '');
  if (username.trim() === '') throw new CliError('no username: pass --username or set PADDOCK_USERNAME.', EXIT.USAGE);
  const email = username.trim().toLowerCase();
  const { current, next } = await passwords(ctx, opts.passwordStdin === true);
  await ctx.newClient({ type: 'password', username: email, password: current }).changePassword(email, current, next);
  ctx.print({ url: ctx.url, user: email, changed: true }, `Changed the password of ${email}. Log in with \`paddock login --username ${email}\`.`);
}
