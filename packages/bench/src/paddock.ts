import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { BenchLicence } from './licence.js';
import { freePort } from '@paddock/server/dist/tools/scratch.js';
import { startServer } from './processes.js';
import type { ServerProcess } from './processes.js';
import { seedUsers } from './seed.js';

const MAIN = fileURLToPath(import.meta.resolve('@paddock/server/dist/main.js'));
const ADMIN_EMAIL = 'admin@bench.paddock.test';

export interface Paddock extends ServerProcess {
  /** `sqlite` or `postgres`. */
  label: string;
  emails: readonly string[];
  /** A fresh admin access token (they last 300 s): a password login each call; the load keeps one (`keptToken`). */
  token(): Promise<string>;
  /** The secret of `api-client` (client-credentials grant). */
  apiClientSecret: string;
}

export const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';

export interface TokenReply {
  access_token: string;
  refresh_token?: string;
}

/** POSTs a form to the token endpoint of the server at `url`; throws unless it answers an access token. */
export async function requestTokens(url: string, label: string, form: string, headers: Record<string, string> = {}): Promise<TokenReply> {
  const response = await fetch(`${url}${TOKEN_PATH}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: form });
  const reply = (await response.json()) as Partial<TokenReply>;
  if (!response.ok || !reply.access_token) throw new Error(`[${label}] token endpoint answered ${response.status}: ${JSON.stringify(reply)}`);
  return { ...reply, access_token: reply.access_token };
}

export interface PaddockOptions {
  label: string;
  databaseUrl: string;
  dataDir: string;
  licence: BenchLicence;
  users: number;
  log: (line: string) => void;
  /** The CPU to pin the server to (see `CORES`), or none. */
  cpu?: string | undefined;
}

/** Seeds the database, then starts `node dist/main.js` on it as a child process. */
export async function startPaddock(options: PaddockOptions): Promise<Paddock> {
  const { label, log } = options;
  const started = Date.now();
  const emails = await seedUsers(options.databaseUrl, options.users, (done) => {
    if (done % 2500 === 0 || done === options.users) log(`  [${label}] seeded ${done.toLocaleString('en')}/${options.users.toLocaleString('en')} users`);
  });
  log(`  [${label}] seeding took ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const password = randomBytes(18).toString('base64url');
  const apiClientSecret = randomBytes(24).toString('base64url');
  const port = await freePort();
  const env = {
    PADDOCK_HOST: '127.0.0.1',
    PADDOCK_PORT: String(port),
    PADDOCK_DATA_DIR: options.dataDir,
    PADDOCK_DATABASE_URL: options.databaseUrl,
    PADDOCK_ADMIN_EMAIL: ADMIN_EMAIL,
    PADDOCK_ADMIN_PASSWORD: password,
    PADDOCK_LOG_LEVEL: 'warn',
    PADDOCK_LICENSE: options.licence.document,
    PADDOCK_LICENSE_PUBLIC_KEY: options.licence.publicKeyPem,
    PADDOCK_API_CLIENT_SECRET: apiClientSecret,
  };
  const server = await startServer(`Paddock [${label}]`, port, MAIN, [], env, '/readyz', options.cpu);

  const token = async (): Promise<string> => {
    const form = new URLSearchParams({ grant_type: 'password', client_id: 'sdk-client', username: ADMIN_EMAIL, password }).toString();
    return (await requestTokens(server.url, label, form)).access_token;
  };
  return { ...server, label, emails, token, apiClientSecret };
}

/** POSTs to `/v1/api/<call>` and returns the JSON reply; throws on anything but 200. */
export async function call<T>(paddock: Paddock, token: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${paddock.url}/v1/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`[${paddock.label}] ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
