/**
 * The SDK's other calls against the real server (both databases): what the dashboard asks,
 * service accounts, sessions, and the refusals the SDK raises.
 */
import { PaddockError, Workspace } from '@paddock/sdk';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN } from '../support/app.js';
import { describeEachDatabase } from '../support/databases.js';
import { sdkTest } from '../support/sdk.js';
import type { SdkTest } from '../support/sdk.js';
import { COMMUNITY_SEATS } from '../../src/license/license.js';

let privateKey: CryptoKey;
let publicPem: string;
beforeAll(async () => {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  privateKey = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
});

async function sign(claims: Record<string, unknown>, expiresAt: number): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA' }).setIssuedAt().setExpirationTime(Math.floor(expiresAt / 1000)).sign(privateKey);
}

describeEachDatabase('SDK: the calls the dashboard makes', (database) => {
  let t: SdkTest;
  beforeEach(async () => {
    t = await sdkTest(database, { licensePublicKey: publicPem });
  });
  afterEach(() => t.close());

  it('queryUsers sends sort, order and include_total in snake_case and answers the total', async () => {
    for (const n of [1, 2]) await t.addUser({ email: `u${n}@ex.co` });
    const page = await t.client.queryUsers({ sort: 'last_login', order: 'desc', includeTotal: true, limit: 1 });
    expect(t.transport.bodies('users/query').at(-1)).toEqual({ sort: 'last_login', order: 'desc', include_total: true, limit: 1 });
    expect(page.users).toHaveLength(1);
    expect(page.total).toBe(3);
  });

  it('queryUsers answers a null total when the server sends none', async () => {
    expect((await t.client.queryUsers({ limit: 1 })).total).toBeNull();
    expect(t.transport.requests.at(-1)?.reply).not.toHaveProperty('total');
  });

  it('workspaceOverview turns the wire into workspaces, owners and camelCase roles', async () => {
    const ann = await t.addUser({ email: 'ann@ex.co', password: 'ann-password-1' });
    await t.addUser({ email: 'bob@ex.co' });
    const team = await t.clientWith({ auth: { type: 'password', username: 'ann@ex.co', password: 'ann-password-1' } }).createWorkspace('team');
    await team.addUser(ADMIN.email);
    await team.addUser('bob@ex.co');
    const admin = await t.user(ADMIN.email);
    const { workspaces, nextCursor } = await t.client.workspaceOverview({ userId: admin.id, search: 'te' });
    expect(t.transport.bodies('workspaces/overview').at(-1)).toEqual({ user_id: admin.id, search: 'te' });
    expect(workspaces[0]?.workspace).toBeInstanceOf(Workspace);
    expect(workspaces.map((w) => [w.workspace.name, w.memberCount, w.owners, w.role])).toEqual([['team', 3, [{ userId: ann.id, email: 'ann@ex.co' }], 'collaborator']]);
    expect(nextCursor).toBeNull();
  });

  it('uploadLicense sends the document and answers the licence in force; refusals keep their code', async () => {
    for (const email of ['ann@ex.co', 'bob@ex.co', 'cy@ex.co']) await t.addUser({ email });
    const expiresAt = t.clock.now() + 30 * 86_400_000;
    const document = await sign({ edition: 'enterprise', sub: 'Acme', seats: 2 }, expiresAt);
    const license = await t.client.uploadLicense(document);
    expect(t.transport.bodies('license/upload').at(-1)).toEqual({ license: document });
    expect(license).toEqual({
      edition: 'enterprise',
      seats: 2,
      activeUsers: 4,
      seatsLeft: 0,
      overBy: 2,
      licensee: 'Acme',
      expiresAt: new Date(Math.floor(expiresAt / 1000) * 1000),
      source: 'uploaded',
      setAside: [],
      warning: expect.any(String),
    });

    const err = await t.client.uploadLicense(await sign({ edition: 'enterprise', sub: 'Acme', seats: 9 }, t.clock.now() - 86_400_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaddockError);
    expect((err as PaddockError).code).toBe('LICENSE_EXPIRED');

    // The edition is the licence's, whatever its seats: five seats are no sign of the community edition.
    await t.client.uploadLicense(await sign({ edition: 'enterprise', sub: 'Acme', seats: 5 }, expiresAt));
    expect(await t.client.getLicense()).toMatchObject({ edition: 'enterprise', seats: 5, source: 'uploaded' });
  });
});

describeEachDatabase('SDK: service accounts and sessions', (database) => {
  let t: SdkTest;
  beforeEach(async () => {
    t = await sdkTest(database);
  });
  afterEach(() => t.close());

  describe('service accounts', () => {
    it('createServiceAccount sends snake_case and answers camelCase credentials', async () => {
      const created = await t.client.createServiceAccount('etl', 'admin', { description: 'jobs' });
      expect(created).toEqual({ clientId: expect.any(String), clientSecret: expect.any(String) });
      expect(t.transport.bodies('service_accounts/create').at(-1)).toEqual({ name: 'etl', role: 'admin', description: 'jobs' });
      await t.client.createServiceAccount('plain', 'user');
      expect(t.transport.bodies('service_accounts/create').at(-1)).toEqual({ name: 'plain', role: 'user' });
      await expect(t.client.createServiceAccount('etl', 'user')).rejects.toMatchObject({ code: 'SERVICE_ACCOUNT_EXISTS' });
    });

    it('listServiceAccounts converts times to Dates (null when never rotated)', async () => {
      const { clientId } = await t.client.createServiceAccount('etl', 'user');
      const rotatedAt = t.clock.now() + 1000;
      t.clock.advance(1000);
      await t.client.rotateServiceAccountSecret(clientId);
      await t.client.createServiceAccount('other', 'user');
      const [etl, other] = await t.client.listServiceAccounts();
      expect(etl).toEqual({ clientId, name: 'etl', role: 'user', description: '', createdAt: new Date(rotatedAt - 1000), createdBy: ADMIN.email, secretRotatedAt: new Date(rotatedAt) });
      expect(other?.secretRotatedAt).toBeNull();
    });

    it('rotate and delete of an unknown client id reject with SERVICE_ACCOUNT_NOT_FOUND', async () => {
      await expect(t.client.rotateServiceAccountSecret('sa-x')).rejects.toMatchObject({ code: 'SERVICE_ACCOUNT_NOT_FOUND', status: 404 });
      await expect(t.client.deleteServiceAccount('sa-x')).rejects.toMatchObject({ code: 'SERVICE_ACCOUNT_NOT_FOUND', status: 404 });
    });
  });

  describe('sessions', () => {
    it('listSessions sends the email only when given and converts times', async () => {
      const sessions = await t.client.listSessions();
      expect(t.transport.bodies('sessions/list').at(-1)).toEqual({});
      expect(sessions).toEqual([{ id: expect.any(String), clientId: 'sdk-client', createdAt: expect.any(Date), expiresAt: expect.any(Date), lastUsedAt: expect.any(Date) }]); // the listing call itself used it
      expect(Number(sessions[0]!.expiresAt)).toBeGreaterThan(Number(sessions[0]!.createdAt));
      expect(await t.client.listSessions(ADMIN.email)).toHaveLength(1);
      expect(t.transport.bodies('sessions/list').at(-1)).toEqual({ email: ADMIN.email });
    });

    it("logoutEverywhere revokes all of the caller's sessions and forgets the tokens", async () => {
      await t.clientWith().login();
      await t.client.login();
      expect(await t.client.logoutEverywhere()).toBe(2);
      expect(t.transport.paths()).toContain('/v1/api/sessions/revoke_all');
      expect(t.client.getTokens()).toBeNull();
      expect(await t.admin.listSessions(ADMIN.email)).toHaveLength(1); // the fixture's own admin, logged in afterwards
    });
  });
});

describeEachDatabase('SDK: refusals', (database) => {
  let t: SdkTest;
  beforeEach(async () => {
    t = await sdkTest(database);
  });
  afterEach(() => t.close());

  it('raises SEAT_LIMIT_REACHED when inviting past the seats', async () => {
    for (let n = 1; n < COMMUNITY_SEATS; n++) await t.addUser({ email: `u${n}@ex.co` });
    const err = await t.client.inviteUser('six@ex.co').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaddockError);
    expect(err).toMatchObject({ code: 'SEAT_LIMIT_REACHED', status: 403 });
  });

  it('raises USER_NOT_FOUND for an unknown email', async () => {
    await expect(t.client.deactivateUser('ghost@ex.co')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
  });

  it('raises UNAVAILABLE when the server cannot be reached', async () => {
    t.transport.down = true;
    await expect(t.client.listUsers()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
