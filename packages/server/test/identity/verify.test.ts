import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, SignJWT } from 'jose';
import type { JWK, JWTPayload } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { AppError } from '../../src/errors.js';
import { createVerifier } from '../../src/identity/verify.js';
import type { VerifierOptions } from '../../src/identity/verify.js';
import { getSetting } from '../../src/queries/settings.js';
import type { UsersService } from '../../src/services/users.js';
import { describeEachDatabase } from '../support/databases.js';
import { apiClient, createUsers, PASSWORD, passwordGrant, sdkClient, ShiftedClock, startIdentity, via } from './harness.js';
import type { Running } from './harness.js';

const system = { kind: 'system' } as const;

/** `verify` may refuse by a throw (a token refused at once) or by a rejection: the async call takes both. */
async function expectUnauthenticated(verify: () => Promise<unknown>): Promise<void> {
  const error: unknown = await verify().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('UNAUTHENTICATED');
}

describeEachDatabase('identity: access token verification', (database) => {
  let db: Db;
  let users: UsersService;
  let clock: ShiftedClock;
  let server: Running;
  let userId: string;
  let accessToken: string;
  let signingKey: JWK;

  beforeAll(async () => {
    db = await database.open();
    users = createUsers(db);
    clock = new ShiftedClock();
    server = await startIdentity({ db, users, clock });
    const email = `v-${randomUUID()}@example.com`;
    userId = (await users.invite(system, { email, password: PASSWORD })).user.id;
    accessToken = (await passwordGrant(await sdkClient(server.issuer), email, PASSWORD, 'openid')).access_token;
    const stored = JSON.parse((await getSetting(db.kysely, 'oidc.jwks'))!) as { keys: JWK[] };
    signingKey = stored.keys[0]!;
  });
  afterAll(async () => {
    await server.close();
  });

  /** A token signed with Paddock's own key: what only a thief of the key could make. */
  async function forge(overrides: JWTPayload, key: JWK = signingKey, typ = 'at+jwt'): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sub: userId, client_id: 'sdk-client', iss: server.issuer, aud: 'paddock-api', iat: now, exp: now + 300, jti: randomUUID(), ...overrides })
      .setProtectedHeader({ alg: 'RS256', typ, ...(key.kid === undefined ? {} : { kid: key.kid }) })
      .sign(await importJWK(key, 'RS256'));
  }

  it('accepts a fresh token, and a correctly forged one (so the refusals below test one thing each)', async () => {
    expect(await server.identity.verifyAccessToken(accessToken)).toEqual({ kind: 'user', userId, clientId: 'sdk-client', generation: 0 });
    expect(await server.identity.verifyAccessToken(await forge({}))).toEqual({ kind: 'user', userId, clientId: 'sdk-client', generation: 0 });
    expect(await server.identity.verifyAccessToken(await forge({ paddock_generation: 3 }))).toEqual({ kind: 'user', userId, clientId: 'sdk-client', generation: 3 });
    // A claim that is not a count is read as the first generation, which any change of standing retires.
    expect(await server.identity.verifyAccessToken(await forge({ paddock_generation: 'x' }))).toEqual({ kind: 'user', userId, clientId: 'sdk-client', generation: 0 });
  });

  it('refuses a tampered token', async () => {
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as JWTPayload;
    const otherPayload = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url');
    await expectUnauthenticated(async () => server.identity.verifyAccessToken(`${header}.${otherPayload}.${signature}`));
    // Change a character that carries signature bits (the last one carries padding bits too).
    const at = signature.length - 2;
    const flipped = `${signature.slice(0, at)}${signature[at] === 'A' ? 'B' : 'A'}${signature.slice(at + 1)}`;
    expect(flipped).not.toBe(signature);
    await expectUnauthenticated(async () => server.identity.verifyAccessToken(`${header}.${payload}.${flipped}`));
  });

  it('refuses a token signed by a foreign key, even one claiming our key id', async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const foreign = { ...(await exportJWK(privateKey)), kid: signingKey.kid! };
    await expectUnauthenticated(async () => server.identity.verifyAccessToken(await forge({}, foreign)));
  });

  it('refuses a token for another audience or from another issuer', async () => {
    await expectUnauthenticated(async () => server.identity.verifyAccessToken(await forge({ aud: 'some-other-api' })));
    await expectUnauthenticated(async () => server.identity.verifyAccessToken(await forge({ iss: 'http://evil.example/auth/realms/master' })));
  });

  it('refuses a token of another type: an ID token signed by the same key is no access token', async () => {
    await expectUnauthenticated(async () => server.identity.verifyAccessToken(await forge({}, signingKey, 'JWT')));
    const tokens = await passwordGrant(await sdkClient(server.issuer), (await users.getById(userId))!.email, PASSWORD, 'openid');
    expect(tokens.id_token).toBeTypeOf('string');
    await expectUnauthenticated(async () => server.identity.verifyAccessToken(tokens.id_token!));
  });

  it('refuses garbage, and an unsigned token', async () => {
    await expectUnauthenticated(async () => server.identity.verifyAccessToken(''));
    await expectUnauthenticated(async () => server.identity.verifyAccessToken('not.a.jwt'));
    await expectUnauthenticated(async () => server.identity.verifyAccessToken('x'.repeat(100_000)));
    const [, payload] = (await forge({})).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${payload}.`;
    await expectUnauthenticated(async () => server.identity.verifyAccessToken(none));
  });

  it('refuses a token acting as a client that has no role (a public client)', async () => {
    await expectUnauthenticated(async () => server.identity.verifyAccessToken(await forge({ sub: 'sdk-client', client_id: 'sdk-client' })));
    expect(await server.identity.verifyAccessToken(await forge({ sub: 'api-client', client_id: 'api-client' }))).toEqual({
      kind: 'client',
      clientId: 'api-client',
      role: 'admin',
    });
  });

  it('refuses an expired token, by the injected clock, even after it was verified (and cached) while fresh', async () => {
    const email = `e-${randomUUID()}@example.com`;
    await users.invite(system, { email, password: PASSWORD });
    const token = (await passwordGrant(await sdkClient(server.issuer), email)).access_token;
    expect((await server.identity.verifyAccessToken(token)).kind).toBe('user');
    clock.offset = 240_000;
    expect((await server.identity.verifyAccessToken(token)).kind).toBe('user');
    clock.offset = 301_000;
    try {
      await expectUnauthenticated(async () => server.identity.verifyAccessToken(token));
      await expectUnauthenticated(async () => server.identity.verifyAccessToken(await forge({ exp: Math.floor(Date.now() / 1000) - 1 })));
    } finally {
      clock.offset = 0;
    }
  });

  describe('two processes over one database', () => {
    let other: Running;
    beforeAll(async () => {
      other = await startIdentity({ db, users, publicUrl: server.publicUrl });
    });
    const onOther = (config: client.Configuration) => via(config, server.listening, other.listening);
    afterAll(async () => {
      await other.close();
    });

    it('share the signing keys: a token from one verifies on the other, both serve the same key set', async () => {
      expect(await other.identity.verifyAccessToken(accessToken)).toEqual({ kind: 'user', userId, clientId: 'sdk-client', generation: 0 });
      const cc = await client.clientCredentialsGrant(onOther(await apiClient(server.issuer)));
      expect(await server.identity.verifyAccessToken(cc.access_token)).toEqual({ kind: 'client', clientId: 'api-client', role: 'admin' });
      const certs = async (origin: string): Promise<unknown> => (await fetch(`${origin}/auth/realms/master/protocol/openid-connect/certs`)).json();
      expect(await certs(other.listening)).toEqual(await certs(server.listening));
    });

    it('share the stored logins: a refresh token from one is rotated by the other', async () => {
      const email = `t-${randomUUID()}@example.com`;
      await users.invite(system, { email, password: PASSWORD });
      const first = await passwordGrant(await sdkClient(server.issuer), email);
      const second = await client.refreshTokenGrant(onOther(await sdkClient(server.issuer)), first.refresh_token!);
      expect((await server.identity.verifyAccessToken(second.access_token)).kind).toBe('user');
      await expect(client.refreshTokenGrant(await sdkClient(server.issuer), first.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    });
  });
});

/** A verifier of tokens signed by a key of its own, and a signer of access tokens with that key. */
async function localVerifier(options: Pick<VerifierOptions, 'clientRole' | 'cacheSize'>) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const issuer = 'http://paddock.test/auth/realms/master';
  const verifier = createVerifier({
    issuer,
    audience: 'paddock-api',
    algorithms: ['RS256'],
    jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] },
    clock: { now: () => Date.now() },
    ...options,
  });
  const sign = async (claims: JWTPayload) =>
    new SignJWT({ ...claims, jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience('paddock-api')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
  return { verifier, sign };
}

describe('access token verifier cache', () => {
  it('remembers as many verified tokens as its size: a repeat skips verification, the first remembered is forgotten first', async () => {
    let lookups = 0;
    const { verifier, sign } = await localVerifier({
      // Called once per verification of a client token that was not cached.
      clientRole: () => {
        lookups += 1;
        return 'admin';
      },
      cacheSize: 2,
    });
    const token = async () => sign({ sub: 'api-client', client_id: 'api-client' });
    const [a, b, c] = [await token(), await token(), await token()];
    await verifier.verify(a);
    await verifier.verify(b);
    await verifier.verify(a);
    expect(lookups).toBe(2);
    await verifier.verify(c); // forgets a, the first remembered, though used since
    await verifier.verify(b);
    expect(lookups).toBe(3);
    await verifier.verify(a); // verified again, forgetting b
    expect(lookups).toBe(4);
    await verifier.verify(c);
    await verifier.verify(a);
    expect(lookups).toBe(4);

    // A remembered token answers only itself: the same signature under another payload (keyed by
    // the signature's end) is verified afresh, and refused.
    const [header, , signature] = a.split('.');
    const forged = [header, Buffer.from(JSON.stringify({ sub: 'someone-else', client_id: 'api-client' })).toString('base64url'), signature].join('.');
    await expect(verifier.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await verifier.verify(a)).kind).toBe('client');
    expect(lookups).toBe(4);
  });

  it('answers a remembered token at once, without a promise, and a new one once its signature is checked', async () => {
    const { verifier, sign } = await localVerifier({ clientRole: () => 'admin' });
    const token = await sign({ sub: randomUUID(), client_id: 'sdk-client' });
    const first = verifier.verify(token);
    expect(first).toBeInstanceOf(Promise);
    const subject = await first;
    expect(subject.kind).toBe('user');
    const again = verifier.verify(token);
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toEqual(subject);
  });
});
