import { PaddockError } from '@paddock/sdk';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const code = (err: unknown) => (err instanceof PaddockError ? err.code : err);
/** The details of a SEAT_LIMIT_REACHED refusal. */
async function details(call: Promise<unknown>): Promise<unknown> {
  const err = await call.then(() => 'accepted', (e: unknown) => e);
  expect(code(err)).toBe('SEAT_LIMIT_REACHED');
  return (err as PaddockError).details;
}
const DAY = 86_400_000;

let privateKey: CryptoKey;
let foreignKey: CryptoKey;
let publicPem: string;

beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  privateKey = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
  foreignKey = (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
});

async function sign(claims: Record<string, unknown>, options: { key?: CryptoKey; expiresAt?: number } = {}): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA' }).setIssuedAt();
  if (options.expiresAt !== undefined) jwt.setExpirationTime(Math.floor(options.expiresAt / 1000));
  return jwt.sign(options.key ?? privateKey);
}

describeEachDatabase('license/upload', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database, { licensePublicKey: publicPem });
  });
  afterEach(() => t.close());

  it('installs a signed licence: its seats count at once, and the change is audited', async () => {
    const doc = await sign({ edition: 'enterprise', sub: 'Acme', seats: 7 }, { expiresAt: t.clock.now() + 30 * DAY });
    const license = await t.admin.uploadLicense(`${doc}\n`);
    expect(license).toMatchObject({ edition: 'enterprise', seats: 7, licensee: 'Acme', activeUsers: 1, seatsLeft: 6 });
    expect(license.expiresAt?.getTime()).toBe(Math.floor((t.clock.now() + 30 * DAY) / 1000) * 1000);
    for (let n = 1; n <= 6; n++) await t.admin.inviteUser(`u${n}@x.io`); // Community would stop at 4
    expect(code(await t.admin.inviteUser('u7@x.io').catch((e: unknown) => e))).toBe('SEAT_LIMIT_REACHED');
    const { events } = await t.admin.queryAudit({ action: 'license.install' });
    expect(events.map((e) => [e.target.type, e.target.label, e.details['seats']])).toEqual([['license', 'Acme', 7]]);
  });

  it('is stored in the database: another process on it, and a restart, use it', async () => {
    await t.admin.uploadLicense(await sign({ edition: 'enterprise', sub: 'Acme' }));
    const other = await startTestApp(database, { licensePublicKey: publicPem, db: t.db });
    try {
      expect(await other.admin.getLicense()).toMatchObject({ edition: 'enterprise', seats: null, licensee: 'Acme' });
    } finally {
      await other.close();
    }
  });

  it('an installed licence that expires later falls back to Community', async () => {
    await t.admin.uploadLicense(await sign({ edition: 'enterprise', sub: 'Acme', seats: 50 }, { expiresAt: t.clock.now() + 60_000 }));
    expect((await t.admin.getLicense()).edition).toBe('enterprise');
    t.clock.advance(120_000); // less than an access token's life
    expect(await t.admin.getLicense()).toMatchObject({ edition: 'community', seats: 5, source: 'none' });
  });

  it('refuses a bad signature or a malformed licence with LICENSE_INVALID and an expired one with LICENSE_EXPIRED (400), keeping the licence in force', async () => {
    const foreign = await sign({ edition: 'enterprise', sub: 'Acme' }, { key: foreignKey });
    const expired = await sign({ edition: 'enterprise', sub: 'Acme' }, { expiresAt: Date.now() - DAY });
    const cases: Array<[string, string]> = [
      [foreign, 'LICENSE_INVALID'],
      ['not-a-licence', 'LICENSE_INVALID'],
      [await sign({ edition: 'community', sub: 'Acme' }), 'LICENSE_INVALID'],
      [expired, 'LICENSE_EXPIRED'],
    ];
    for (const [doc, expected] of cases) {
      const res = await t.post('license/upload', { license: doc });
      expect([res.status, res.body['error']]).toEqual([400, expected]);
    }
    expect((await t.admin.getLicense()).edition).toBe('community');
    expect((await t.admin.queryAudit({ action: 'license.install' })).events).toEqual([]);
  });

  it('installs a licence with fewer seats than active users, with over_by and a warning; license/get reports the over-use', async () => {
    for (let n = 1; n <= 4; n++) await t.admin.inviteUser(`u${n}@x.io`);
    const within = await t.admin.uploadLicense(await sign({ edition: 'enterprise', sub: 'Acme', seats: 5 }));
    expect(within).toMatchObject({ seats: 5, activeUsers: 5, seatsLeft: 0, overBy: 0, warning: null, source: 'uploaded' });

    const small = await t.admin.uploadLicense(await sign({ edition: 'enterprise', sub: 'Acme', seats: 2 }));
    expect(small).toMatchObject({ edition: 'enterprise', seats: 2, activeUsers: 5, seatsLeft: 0, overBy: 3, source: 'uploaded' });
    expect(small.warning).toEqual(expect.any(String));
    expect(await t.admin.getLicense()).toMatchObject({ seats: 2, activeUsers: 5, seatsLeft: 0, overBy: 3 });
    const wire = await t.post('license/get', {});
    expect([wire.body['seats_left'], wire.body['over_by'], wire.body['source']]).toEqual([0, 3, 'uploaded']);
  });

  it('over the licence, SEAT_LIMIT_REACHED says in its details how many are over, for an invitation and an activation alike', async () => {
    for (let n = 1; n <= 4; n++) await t.admin.inviteUser(`u${n}@x.io`);
    expect(await details(t.admin.inviteUser('full@x.io'))).toEqual({ seats: 5, active_users: 5, over_by: 0 });
    await t.admin.deactivateUser('u4@x.io');
    await t.admin.uploadLicense(await sign({ edition: 'enterprise', sub: 'Acme', seats: 2 }));
    const over = { seats: 2, active_users: 4, over_by: 2 };
    expect(await details(t.admin.inviteUser('new@x.io'))).toEqual(over);
    expect(await details(t.admin.activateUser('u4@x.io'))).toEqual(over);
    const res = await t.post('users/activate', { email: 'u4@x.io' });
    expect([res.status, res.body['error']]).toEqual([403, 'SEAT_LIMIT_REACHED']);
  });

  it('a stored licence that no longer verifies (the trusted key changed) is set aside, with its reason, for PADDOCK_LICENSE or Community', async () => {
    await t.admin.uploadLicense(await sign({ edition: 'enterprise', sub: 'Acme', seats: 50 }));
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const otherPem = await exportSPKI(other.publicKey);
    const community = await startTestApp(database, { licensePublicKey: otherPem, db: t.db });
    const configured = { edition: 'enterprise', seats: 20, licensee: 'Configured', expiresAt: null } as const;
    const withConfig = await startTestApp(database, { licensePublicKey: otherPem, db: t.db, license: configured });
    try {
      const setAside = [{ source: 'uploaded', reason: 'BAD_SIGNATURE', message: expect.any(String) }];
      expect(await community.app.services.license.report()).toMatchObject({ edition: 'community', seats: 5, source: 'none', setAside });
      expect(await withConfig.app.services.license.report()).toMatchObject({ seats: 20, licensee: 'Configured', source: 'PADDOCK_LICENSE', setAside });
      expect(await t.app.services.license.report()).toMatchObject({ seats: 50, source: 'uploaded', setAside: [] });
      const wire = await community.post('license/get', {});
      expect([wire.body['source'], wire.body['set_aside']]).toEqual(['none', [{ source: 'uploaded', reason: 'BAD_SIGNATURE', message: expect.any(String) }]]);
    } finally {
      await community.close();
      await withConfig.close();
    }
  });

  it('an uploaded licence that expires while running falls back to PADDOCK_LICENSE, as a restart would', async () => {
    const configured = { edition: 'enterprise', seats: 20, licensee: 'Configured', expiresAt: null } as const;
    const app = await startTestApp(database, { licensePublicKey: publicPem, license: configured });
    try {
      await app.admin.uploadLicense(await sign({ edition: 'enterprise', sub: 'Acme', seats: 50 }, { expiresAt: app.clock.now() + 60_000 }));
      expect(await app.admin.getLicense()).toMatchObject({ seats: 50, source: 'uploaded' });
      app.clock.advance(120_000);
      expect(await app.admin.getLicense()).toMatchObject({ seats: 20, licensee: 'Configured', source: 'PADDOCK_LICENSE' });
      expect((await app.app.services.license.report()).setAside).toMatchObject([{ source: 'uploaded', reason: 'EXPIRED' }]);
    } finally {
      await app.close();
    }
  });

  it('is refused to non-admins with FORBIDDEN', async () => {
    await t.admin.inviteUser('ann@x.io', 'ann-password');
    const doc = await sign({ edition: 'enterprise', sub: 'Acme' });
    expect(code(await t.login('ann@x.io', 'ann-password').uploadLicense(doc).catch((e: unknown) => e))).toBe('FORBIDDEN');
  });
});
