import type { Target } from './load.js';
import { requestTokens, TOKEN_PATH } from './paddock.js';
import type { Paddock } from './paddock.js';
import { BENCH_PASSWORD } from './seed.js';

/**
 * The token endpoint under load: password logins (argon2id at OWASP cost, a session and a refresh
 * token written each), client-credentials tokens of `api-client`, and refreshes with rotation.
 * Keycloak publishes 15, 120 and 120 of these per second per vCPU for its own.
 */

const FORM = 'application/x-www-form-urlencoded';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
/** Refresh tokens in the pool: more than the load generator has requests in flight (refresh tokens are base64url: no escaping after the prefix). */
const CHAINS = 32;

const tokens = async (paddock: Paddock, body: string, headers?: Record<string, string>) => requestTokens(paddock.url, paddock.label, body, headers);

function passwordBody(email: string): string {
  return form({ grant_type: 'password', client_id: 'sdk-client', username: email, password: BENCH_PASSWORD });
}

export async function passwordGrantTarget(paddock: Paddock): Promise<Target> {
  const bodies = paddock.emails.map(passwordBody);
  await tokens(paddock, bodies[0] ?? '');
  return { name: `token: password login [${paddock.label}]`, server: paddock, path: TOKEN_PATH, bodies, headers: () => ({}), contentType: FORM };
}

export async function clientCredentialsTarget(paddock: Paddock): Promise<Target> {
  const headers = { authorization: `Basic ${Buffer.from(`api-client:${paddock.apiClientSecret}`).toString('base64')}` };
  const bodies = [form({ grant_type: 'client_credentials' })];
  await tokens(paddock, bodies[0] ?? '', headers);
  return { name: `token: client credentials [${paddock.label}]`, server: paddock, path: TOKEN_PATH, bodies, headers: () => headers, contentType: FORM };
}

const refreshBody = (refreshToken: string) => form({ grant_type: 'refresh_token', client_id: 'sdk-client', refresh_token: refreshToken });

/** Logins refreshed again and again: rotation makes every refresh token good once, so each answer gives the next body. */
export async function refreshTarget(paddock: Paddock): Promise<Target> {
  // In batches: the login throttle counts logins in flight from one address against its budget (20).
  const starts = async () => {
    const bodies: string[] = [];
    for (let i = 0; i < CHAINS; i += 8) {
      const batch = paddock.emails.slice(i, Math.min(i + 8, CHAINS));
      for (const { refresh_token: refreshToken } of await Promise.all(batch.map(async (email) => tokens(paddock, passwordBody(email))))) {
        if (!refreshToken) throw new Error(`[${paddock.label}] the password grant gave no refresh token`);
        bodies.push(refreshBody(refreshToken));
      }
    }
    return bodies;
  };
  return {
    name: `token: refresh (rotating) [${paddock.label}]`,
    server: paddock,
    path: TOKEN_PATH,
    bodies: [],
    headers: () => ({}),
    contentType: FORM,
    chain: { starts, prefix: refreshBody('') },
  };
}
