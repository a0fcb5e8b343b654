import { randomUUID } from 'node:crypto';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { KyselyAdapter, purgeExpired } from '../../src/identity/adapter.js';
import { deleteAccountArtifacts } from '../../src/queries/oidc.js';
import { describeEachDatabase } from '../support/databases.js';
import { ShiftedClock } from './harness.js';

describeEachDatabase('identity: oidc-provider adapter', (database) => {
  let db: Db;
  let clock: ShiftedClock;
  const adapter = (model: string) => new KyselyAdapter(db.kysely, clock, model);
  const row = async (model: string, id: string) =>
    db.kysely.selectFrom('oidc_payloads').selectAll().where('model', '=', model).where('id', '=', id).executeTakeFirst();

  beforeAll(async () => {
    db = await database.open();
  });
  beforeEach(async () => {
    clock = new ShiftedClock();
    await db.kysely.deleteFrom('oidc_payloads').execute();
  });

  it('stores a payload with its indexed columns filled, and finds it again', async () => {
    const payload = { accountId: 'acc-1', grantId: 'grant-1', uid: 'uid-1', userCode: 'ABCD-EFGH', scope: 'openid', kind: 'DeviceCode' };
    await adapter('DeviceCode').upsert('dc-1', payload, 600);
    expect(await adapter('DeviceCode').find('dc-1')).toEqual(payload);
    const stored = await row('DeviceCode', 'dc-1');
    expect(stored).toMatchObject({ account_id: 'acc-1', grant_id: 'grant-1', uid: 'uid-1', user_code: 'ABCD-EFGH', consumed_at: null });
    expect(stored?.expires_at).toBeGreaterThan(clock.now() + 599_000);
    expect(stored?.expires_at).toBeLessThanOrEqual(clock.now() + 600_000);
    expect(await adapter('DeviceCode').findByUid('uid-1')).toEqual(payload);
    expect(await adapter('DeviceCode').findByUserCode('ABCD-EFGH')).toEqual(payload);
    // Models are separate namespaces.
    expect(await adapter('Session').find('dc-1')).toBeUndefined();
  });

  it("takes an interaction's account from its session", async () => {
    await adapter('Interaction').upsert('i-1', { session: { accountId: 'acc-2', uid: 's' }, uid: 'i-uid' }, 60);
    expect(await row('Interaction', 'i-1')).toMatchObject({ account_id: 'acc-2', uid: 'i-uid' });
  });

  it('replaces a payload on upsert of the same id', async () => {
    await adapter('Session').upsert('s-1', { accountId: 'a', uid: 'u1' }, 60);
    await adapter('Session').upsert('s-1', { accountId: 'b', uid: 'u2' }, 120);
    expect(await adapter('Session').find('s-1')).toEqual({ accountId: 'b', uid: 'u2' });
    expect(await row('Session', 's-1')).toMatchObject({ account_id: 'b', uid: 'u2' });
    expect(await adapter('Session').findByUid('u1')).toBeUndefined();
  });

  it('treats expired rows as absent, by the injected clock', async () => {
    await adapter('RefreshToken').upsert('rt-1', { accountId: 'a', grantId: 'g' }, 60);
    await adapter('Grant').upsert('g', { accountId: 'a' });
    clock.offset = 61_000;
    expect(await adapter('RefreshToken').find('rt-1')).toBeUndefined();
    // Without an expiry, a row never expires.
    expect(await adapter('Grant').find('g')).toEqual({ accountId: 'a' });
  });

  it('marks a consumed token, and keeps the mark', async () => {
    await adapter('RefreshToken').upsert('rt-1', { accountId: 'a', grantId: 'g' }, 60);
    expect((await adapter('RefreshToken').find('rt-1'))?.consumed).toBeUndefined();
    await adapter('RefreshToken').consume('rt-1');
    expect((await adapter('RefreshToken').find('rt-1'))?.consumed).toBeTypeOf('number');
    expect((await row('RefreshToken', 'rt-1'))?.consumed_at).toBeTypeOf('number');
  });

  it('destroys one row, and revokes every row of a grant whatever its model', async () => {
    await adapter('Grant').upsert('g1', { accountId: 'a', grantId: 'g1' }, 60);
    await adapter('RefreshToken').upsert('rt-1', { accountId: 'a', grantId: 'g1' }, 60);
    await adapter('AuthorizationCode').upsert('code-1', { accountId: 'a', grantId: 'g1' }, 60);
    await adapter('RefreshToken').upsert('rt-2', { accountId: 'a', grantId: 'g2' }, 60);
    await adapter('RefreshToken').destroy('rt-2');
    expect(await adapter('RefreshToken').find('rt-2')).toBeUndefined();
    await adapter('RefreshToken').upsert('rt-3', { accountId: 'a', grantId: 'g3' }, 60);
    await adapter('RefreshToken').revokeByGrantId('g1');
    expect(await adapter('Grant').find('g1')).toBeUndefined();
    expect(await adapter('RefreshToken').find('rt-1')).toBeUndefined();
    expect(await adapter('AuthorizationCode').find('code-1')).toBeUndefined();
    expect(await adapter('RefreshToken').find('rt-3')).toBeDefined();
  });

  it("fills the columns the user service deletes an account's artefacts by", async () => {
    const account = randomUUID();
    await adapter('Grant').upsert('g1', { accountId: account, clientId: 'sdk-client' }, 60);
    await adapter('RefreshToken').upsert('rt-1', { accountId: account, grantId: 'g1' }, 60);
    await adapter('Session').upsert('s-1', { accountId: account, uid: 'su' }, 60);
    await adapter('RefreshToken').upsert('rt-other', { accountId: 'someone-else', grantId: 'g-other' }, 60);
    expect(await deleteAccountArtifacts(db.kysely, account)).toBe(3);
    expect(await adapter('RefreshToken').find('rt-1')).toBeUndefined();
    expect(await adapter('RefreshToken').find('rt-other')).toBeDefined();
  });

  it('purges rows that expired more than the grace period ago', async () => {
    await adapter('RefreshToken').upsert('old', { grantId: 'g' }, 1);
    await adapter('RefreshToken').upsert('new', { grantId: 'g' }, 3600 * 5);
    await adapter('Grant').upsert('forever', {});
    clock.offset = 2 * 3600 * 1000;
    expect(await purgeExpired(db.kysely, clock)).toBe(1);
    clock.offset = 0;
    expect(await row('RefreshToken', 'old')).toBeUndefined();
    expect(await row('RefreshToken', 'new')).toBeDefined();
    expect(await row('Grant', 'forever')).toBeDefined();
  });
});
