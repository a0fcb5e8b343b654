import { decodeJwt } from 'jose';

/** A server whose admin logs in with `token()`: each call a new password login. */
export interface TokenSource {
  token(): Promise<string>;
}

interface Kept {
  token: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const kept = new WeakMap<TokenSource, Kept>();

async function login(server: TokenSource): Promise<Kept> {
  const token = await server.token();
  const { exp } = decodeJwt(token);
  if (exp === undefined) throw new Error('the access token has no exp claim');
  const fresh = { token, expiresAt: exp * 1000 };
  kept.set(server, fresh);
  return fresh;
}

/**
 * The admin token of `server`, the same one at every call until `renewExpiringTokens` takes another.
 *
 * The bench used to log in before each run of a target, and so measured lookups just after a login:
 * in a server that has seen few logins, the second of lookups after one costs about 40% more CPU
 * than the seconds after it (V8 throws away optimized code of the request path on objects of shapes
 * it has not seen for a while: `--trace-deopt` names Fastify's handler, Node's HTTP parser callback
 * and Paddock's bearer parsing). That is a cost of the bench's own login, which the floors never
 * pay, rather than of the calls it measures.
 */
export async function keptToken(server: TokenSource): Promise<string> {
  return (kept.get(server) ?? (await login(server))).token;
}

/** An upper bound of a round's length (to renew before it): its targets' runs of `seconds`, each with time to start wrk and write its bodies. */
export const roundMillis = (targets: number, seconds: number): number => targets * (seconds + 5) * 1000;

/**
 * Logs in again to each of `servers` whose kept token expires within `withinMs` (or that has none
 * yet); true when any did, so the caller warms the servers up again before it measures them.
 */
export async function renewExpiringTokens(servers: Iterable<TokenSource>, withinMs: number, now: () => number = Date.now): Promise<boolean> {
  let renewed = false;
  for (const server of servers) {
    const current = kept.get(server);
    if (current !== undefined && current.expiresAt - now() > withinMs) continue;
    await login(server);
    renewed = true;
  }
  return renewed;
}
