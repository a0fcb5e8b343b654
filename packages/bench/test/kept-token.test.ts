import { describe, expect, it } from 'vitest';
import { keptToken, renewExpiringTokens, roundMillis } from '../src/kept-token.js';
import type { TokenSource } from '../src/kept-token.js';

/** An unsigned JWT-shaped token expiring at `exp` (seconds): the bench only reads its claims. */
const tokenExpiringAt = (exp: number, n: number): string => {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ exp, n })}.`;
};

/** A server whose every login answers a new token lasting `lifetime` seconds from `now()`. */
function server(now: () => number, lifetime = 300): TokenSource & { logins: number } {
  return {
    logins: 0,
    async token() {
      this.logins++;
      return tokenExpiringAt(Math.floor(now() / 1000) + lifetime, this.logins);
    },
  };
}

describe('the bench keeps each server\'s token', () => {
  it('logs in once and answers the same token until it is renewed', async () => {
    const paddock = server(Date.now);
    const first = await keptToken(paddock);
    expect(await keptToken(paddock)).toBe(first);
    expect(await keptToken(paddock)).toBe(first);
    expect(paddock.logins).toBe(1);
  });

  it('renews only the tokens that expire within the time asked, and says whether it did', async () => {
    let clock = 1_000_000_000_000;
    const now = () => clock;
    const soon = server(now, 300);
    const later = server(now, 3600);
    await keptToken(soon);
    await keptToken(later);

    expect(await renewExpiringTokens([soon, later], 60_000, now)).toBe(false);
    expect([soon.logins, later.logins]).toEqual([1, 1]);

    clock += 250_000; // 50 s left on the first token
    const before = await keptToken(soon);
    expect(await renewExpiringTokens([soon, later], 60_000, now)).toBe(true);
    expect([soon.logins, later.logins]).toEqual([2, 1]);
    expect(await keptToken(soon)).not.toBe(before);
  });

  it('takes a first token for a server that has none', async () => {
    const paddock = server(Date.now);
    expect(await renewExpiringTokens([paddock], 60_000)).toBe(true);
    expect(paddock.logins).toBe(1);
    await keptToken(paddock);
    expect(paddock.logins).toBe(1);
  });

  it('bounds a round by more than its runs take under load', () => {
    expect(roundMillis(4, 5)).toBeGreaterThan(4 * 5 * 1000);
    expect(roundMillis(8, 5)).toBe(2 * roundMillis(4, 5));
  });

  it('refuses a token without an expiry', async () => {
    const paddock: TokenSource = { token: async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.` };
    await expect(keptToken(paddock)).rejects.toThrow();
  });
});
