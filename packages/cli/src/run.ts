import { Command, Option } from 'commander';
import { registerAdmin } from './commands/admin.js';
import { registerAuth } from './commands/auth.js';
import { registerPassword } from './commands/password.js';
import { registerScim } from './commands/scim.js';
import { registerServiceAccounts } from './commands/service-accounts.js';
import { registerSso } from './commands/sso.js';
import { registerSeatPolicy } from './commands/seats.js';
import { registerSessions } from './commands/sessions.js';
import { registerUsers } from './commands/users.js';
import { registerWorkspaces } from './commands/workspaces.js';
import { DEFAULT_URL, Runtime, examples } from './context.js';
import { reportError } from './errors.js';
import type { Io } from './io.js';

export const VERSION = '0.1.0';

/** Builds the `paddock` command tree for one run. */
export function buildProgram(rt: Runtime): Command {
  const { io } = rt;
  const program = new Command('paddock')
    .description('Manage Paddock users, workspaces and licence seats from the terminal.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      // With --json, a usage error is reported once, as JSON, by reportError.
      writeErr: (text) => (rt.json ? undefined : io.stderr.write(text)),
    })
    .addOption(new Option('--url <url>', `the Paddock server (env PADDOCK_URL, default ${DEFAULT_URL})`))
    .option('--json', 'print machine-readable JSON instead of tables (an error as one JSON line on stderr)')
    .option('--user <email>', 'act as this stored login instead of the last one');
  examples(
    program,
    'paddock login --username admin@example.com',
    'paddock users list',
    'paddock workspaces add-user fraud-models ann@example.com',
    'paddock --json users get ann@example.com',
  );
  program.addHelpText(
    'after',
    '\nEnvironment: PADDOCK_URL, PADDOCK_USERNAME / PADDOCK_PASSWORD (used when no login is stored),\n' +
      'PADDOCK_CONFIG_DIR (where credentials.json lives), PADDOCK_DEBUG (stack traces on errors).\n' +
      'Exit codes: 0 ok, 1 not found or refused, 2 usage error, 3 server unreachable or not logged in.\n' +
      'Errors are one line on stderr: `error: CODE: message`, or with --json {"error": "CODE", "message": "..."}.\n',
  );
  registerAuth(program, rt);
  registerPassword(program, rt);
  registerUsers(program, rt);
  registerWorkspaces(program, rt);
  registerAdmin(program, rt);
  registerServiceAccounts(program, rt);
  registerScim(program, rt);
  registerSso(program, rt);
  registerSessions(program, rt);
  registerSeatPolicy(program, rt);
  return program;
}

/**
 * Runs `paddock` with `argv` (the arguments after the program name) and answers the exit code.
 * Never exits the process and never throws: errors become one line on stderr (JSON with `--json`).
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  // Known before parsing, so that a usage error is JSON too.
  const options = argv.indexOf('--') === -1 ? argv : argv.slice(0, argv.indexOf('--'));
  const rt = new Runtime(io, options.includes('--json'));
  try {
    await buildProgram(rt).parseAsync([...argv], { from: 'user' });
    return rt.exitCode;
  } catch (err) {
    return reportError(err, (line) => io.stderr.write(line), { debug: Boolean(io.env['PADDOCK_DEBUG']), json: rt.json });
  }
}
