import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Tokens } from '@paddock/sdk';

/** What `credentials.json` holds: per server URL, the tokens of each logged-in user. */
interface CredentialsFile {
  version: 1;
  servers: Record<string, { lastUser: string | null; users: Record<string, Tokens> }>;
}

/** Where credentials live: `$PADDOCK_CONFIG_DIR`, else `$XDG_CONFIG_HOME/paddock`, else `~/.config/paddock`. */
export function credentialsPath(env: Readonly<Record<string, string | undefined>>, configDir?: string): string {
  const dir =
    configDir ??
    env['PADDOCK_CONFIG_DIR'] ??
    (env['XDG_CONFIG_HOME'] ? join(env['XDG_CONFIG_HOME'], 'paddock') : join(env['HOME'] ?? homedir(), '.config', 'paddock'));
  return join(dir, 'credentials.json');
}

/**
 * Stored logins. The file is written whole (to a temporary file, then renamed) with mode 0600
 * in a directory created 0700: it holds refresh tokens.
 */
export class CredentialStore {
  constructor(readonly path: string) {}

  /** The user to act as on `url`: the one asked for, else the last one who logged in. */
  currentUser(url: string, wanted?: string): string | null {
    if (wanted !== undefined) return normalizeEmail(wanted);
    return this.#read().servers[url]?.lastUser ?? null;
  }

  get(url: string, email: string): Tokens | null {
    return this.#read().servers[url]?.users[normalizeEmail(email)] ?? null;
  }

  /** Stores `tokens` for `email` on `url`; after a login (`makeLast`), they become the last user there. */
  put(url: string, email: string, tokens: Tokens, makeLast = true): void {
    const file = this.#read();
    const server = (file.servers[url] ??= { lastUser: null, users: {} });
    server.users[normalizeEmail(email)] = tokens;
    if (makeLast || server.lastUser === null) server.lastUser = normalizeEmail(email);
    this.#write(file);
  }

  /** Forgets `email` on `url`; answers whether there was anything to forget. */
  remove(url: string, email: string): boolean {
    const file = this.#read();
    const server = file.servers[url];
    const key = normalizeEmail(email);
    if (!server?.users[key]) return false;
    delete server.users[key];
    if (server.lastUser === key) server.lastUser = Object.keys(server.users)[0] ?? null;
    if (Object.keys(server.users).length === 0) delete file.servers[url];
    this.#write(file);
    return true;
  }

  #read(): CredentialsFile {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return empty();
    }
    try {
      const parsed = JSON.parse(text) as Partial<CredentialsFile>;
      return parsed.version === 1 && typeof parsed.servers === 'object' && parsed.servers !== null
        ? (parsed as CredentialsFile)
        : empty();
    } catch {
      return empty(); // a damaged file is replaced at the next login
    }
  }

  #write(file: CredentialsFile): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600); // whatever the umask
    renameSync(temporary, this.path);
  }
}

function empty(): CredentialsFile {
  return { version: 1, servers: {} };
}

function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
