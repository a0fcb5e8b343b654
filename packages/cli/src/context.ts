import type { Command } from 'commander';
import { Client } from '@paddock/sdk';
import type { Auth, Tokens } from '@paddock/sdk';
import { CredentialStore, credentialsPath } from './credentials.js';
import { CliError, EXIT } from './errors.js';
import type { Io } from './io.js';

export const DEFAULT_URL = 'http://127.0.0.1:8080';

/** The options every command accepts. */
export type GlobalOptions = { url?: string; json?: boolean; user?: string };

/** What a command needs: where the server is, how to print, and a logged-in client. */
export class Context {
  readonly url: string;
  readonly json: boolean;
  /** The stored login asked for with `--user`. */
  readonly user: string | undefined;
  readonly store: CredentialStore;

  constructor(
    readonly io: Io,
    globals: GlobalOptions,
  ) {
    this.url = normalizeUrl(globals.url ?? io.env['PADDOCK_URL'] ?? DEFAULT_URL);
    this.json = globals.json === true;
    this.user = globals.user;
    this.store = new CredentialStore(credentialsPath(io.env, io.configDir));
  }

  /**
   * A client acting as the stored login (`--user`, else the last one on this server), writing
   * renewed tokens back; else as `PADDOCK_USERNAME` / `PADDOCK_PASSWORD` when both are set.
   */
  client(): Client {
    const email = this.store.currentUser(this.url, this.user);
    const tokens = email === null ? null : this.store.get(this.url, email);
    if (email !== null && tokens !== null) {
      return this.newClient(tokenAuth(tokens), (renewed) => this.store.put(this.url, email, renewed, false));
    }
    const { PADDOCK_USERNAME: username, PADDOCK_PASSWORD: password } = this.io.env;
    const sameUser = this.user === undefined || this.user.trim().toLowerCase() === username?.trim().toLowerCase();
    if (username && password && sameUser) return this.newClient({ type: 'password', username, password });
    const as = email === null ? '' : ` as ${email}`;
    const login = email === null ? 'paddock login' : `paddock login --username ${email}`;
    throw new CliError(`Not logged in to ${this.url}${as}; run \`${login}\`.`, EXIT.UNAVAILABLE);
  }

  newClient(auth: Auth, onTokens?: (tokens: Tokens) => void): Client {
    return new Client({
      url: this.url,
      auth,
      ...(this.io.fetch ? { fetch: this.io.fetch } : {}),
      ...(this.io.now ? { now: this.io.now } : {}),
      ...(this.io.sleep ? { sleep: this.io.sleep } : {}),
      ...(onTokens ? { onTokens } : {}),
    });
  }

  /** Prints `value` as JSON with `--json`, else the human text. */
  print(value: unknown, human: string | (() => string)): void {
    const text = this.json ? `${JSON.stringify(value, null, 2)}\n` : typeof human === 'string' ? human : human();
    this.io.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
  }
}

function tokenAuth(tokens: Tokens): Auth {
  return {
    type: 'token',
    accessToken: tokens.accessToken,
    ...(tokens.refreshToken === null ? {} : { refreshToken: tokens.refreshToken }),
    ...(tokens.expiresAt === null ? {} : { expiresAt: tokens.expiresAt }),
    ...(tokens.refreshExpiresAt === null ? {} : { refreshExpiresAt: tokens.refreshExpiresAt }),
  };
}

function normalizeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
    return parsed.href.replace(/\/+$/, '');
  } catch {
    throw new CliError(`"${url}" is not an http(s) URL (from --url or PADDOCK_URL).`, EXIT.USAGE);
  }
}

/** The state of one run: its I/O and the exit code a command asked for. */
export class Runtime {
  exitCode = 0;
  constructor(
    readonly io: Io,
    /** Whether `--json` was given: errors are then JSON too. */
    readonly json = false,
  ) {}
}

/**
 * Wraps a command's handler: builds its {@link Context} from the global options and records
 * the exit code it answers. `args` are the command's positional arguments.
 */
export function action<O extends Record<string, unknown>, A extends string[] = []>(
  rt: Runtime,
  handler: (ctx: Context, args: A, opts: O) => Promise<number | void>,
): (...params: unknown[]) => Promise<void> {
  return async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    const ctx = new Context(rt.io, command.optsWithGlobals<GlobalOptions>());
    const code = await handler(ctx, params.slice(0, -2) as A, command.opts<O>());
    if (typeof code === 'number') rt.exitCode = code;
  };
}

/** Adds an "Examples:" section to a command's help. */
export function examples(command: Command, ...lines: string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`);
}
