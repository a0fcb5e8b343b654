import type { Command } from 'commander';
import { action, examples } from '../context.js';
import type { Context, Runtime } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { promptLine, promptSecret, readStdin } from '../prompt.js';

type LoginOptions = { username?: string; passwordStdin?: boolean; device?: boolean };

export function registerAuth(program: Command, rt: Runtime): void {
  const login = program
    .command('login')
    .description('log in to a Paddock server and store the tokens (password grant, or --device in a browser)')
    .option('--username <email>', 'your email (else $PADDOCK_USERNAME, else asked)')
    .option('--password-stdin', 'read the password from stdin (else $PADDOCK_PASSWORD, else asked without echo)')
    .option('--device', 'log in through a browser: prints a URL and a code to enter there, then waits')
    .action(action<LoginOptions>(rt, loginAction));
  examples(
    login,
    'paddock login --username ann@example.com',
    'cat pw.txt | paddock login --username ann@example.com --password-stdin',
    'paddock --url https://paddock.example.com login',
    'paddock login --device',
  );
  login.addHelpText(
    'after',
    '\nTokens are stored per server and user in $PADDOCK_CONFIG_DIR/credentials.json\n(default ~/.config/paddock/credentials.json, mode 0600); the last login is used by default.\n',
  );

  const logout = program
    .command('logout')
    .description('forget the stored login (the last user, or --user) and revoke its refresh token')
    .action(action(rt, logoutAction));
  examples(logout, 'paddock logout', 'paddock --user ann@example.com logout');
}

async function loginAction(ctx: Context, _args: [], opts: LoginOptions): Promise<void> {
  if (opts.device) return deviceLogin(ctx, opts);
  const { io } = ctx;
  const username = opts.username ?? ctx.user ?? io.env['PADDOCK_USERNAME'] ?? (io.isTTY ? await promptLine(io, 'Email: ') : '');
  if (username.trim() === '') throw new CliError('no username: pass --username or set PADDOCK_USERNAME.', EXIT.USAGE);
  const password = opts.passwordStdin
    ? await readStdin(io)
    : (io.env['PADDOCK_PASSWORD'] ?? (io.isTTY ? await promptSecret(io, 'Password: ') : ''));
  if (password === '') {
    throw new CliError('no password: use --password-stdin, set PADDOCK_PASSWORD, or run in a terminal.', EXIT.USAGE);
  }
  const tokens = await ctx.newClient({ type: 'password', username, password }).login();
  const email = username.trim().toLowerCase();
  ctx.store.put(ctx.url, email, tokens);
  ctx.print({ url: ctx.url, user: email }, `Logged in to ${ctx.url} as ${email}.`);
}

/**
 * The device authorization grant: shows where to approve and the code, waits for the approval,
 * then stores the tokens under the email of whoever approved.
 */
async function deviceLogin(ctx: Context, opts: LoginOptions): Promise<void> {
  if (opts.username !== undefined || opts.passwordStdin) throw new CliError('--device takes no --username or --password-stdin.', EXIT.USAGE);
  // With --json, stdout carries only the result.
  const out = ctx.json ? ctx.io.stderr : ctx.io.stdout;
  const client = ctx.newClient({
    type: 'device',
    onPrompt: ({ verificationUri, verificationUriComplete, userCode }) => {
      out.write(`Open ${verificationUri} and enter the code ${userCode}\n`);
      if (verificationUriComplete !== null) out.write(`(or open ${verificationUriComplete})\n`);
      out.write('Waiting for the approval...\n');
    },
  });
  const tokens = await client.login();
  const userId = subjectOf(tokens.accessToken);
  const [user] = userId === null ? [] : (await client.queryUsers({ userIds: [userId] })).users;
  if (!user) throw new CliError('The server approved the login but did not say for which user.');
  ctx.store.put(ctx.url, user.email, tokens);
  ctx.print({ url: ctx.url, user: user.email }, `Logged in to ${ctx.url} as ${user.email}.`);
}

/** The `sub` of a JWT access token, unverified (the server checks it on every call). */
function subjectOf(accessToken: string): string | null {
  try {
    const payload: unknown = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const sub = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)['sub'] : undefined;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

async function logoutAction(ctx: Context): Promise<void> {
  const email = ctx.store.currentUser(ctx.url, ctx.user);
  const tokens = email === null ? null : ctx.store.get(ctx.url, email);
  if (email === null || tokens === null) {
    ctx.print({ url: ctx.url, user: null }, `Not logged in to ${ctx.url}.`);
    return;
  }
  const refresh = tokens.refreshToken === null ? {} : { refreshToken: tokens.refreshToken };
  try {
    await ctx.newClient({ type: 'token', accessToken: tokens.accessToken, ...refresh }).logout();
  } catch {
    // Revocation is best effort: the stored tokens are forgotten regardless.
  }
  ctx.store.remove(ctx.url, email);
  ctx.print({ url: ctx.url, user: email }, `Logged out ${email} from ${ctx.url}.`);
}
