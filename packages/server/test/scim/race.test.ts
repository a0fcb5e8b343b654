import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';
import { oktaUser, refusal, scimClient } from '../support/scim.js';
import type { ScimClient } from '../support/scim.js';

/*
 * Community edition: 5 seats. The admin and 3 active users hold 4; 20 inactive users wait for the
 * last one. Every activation passes the one seat check under the seat lock, whatever door it uses.
 */
describeEachDatabase('SCIM activations race for the last seat', (database) => {
  let t: TestApp;
  let scim: ScimClient;
  let waiting: Array<{ id: string; email: string }>;
  beforeEach(async () => {
    t = await startTestApp(database);
    scim = await scimClient(t);
    for (const email of ['a@x.io', 'b@x.io', 'c@x.io']) await scim.post('/Users', oktaUser(email, 'A', 'B', { externalId: email }));
    waiting = [];
    for (let i = 0; i < 20; i++) {
      const email = `w${i}@x.io`;
      const r = await scim.post('/Users', oktaUser(email, 'W', String(i), { externalId: email, active: false }));
      waiting.push({ id: r.body['id'] as string, email });
    }
  });
  afterEach(() => t.close());

  const activeUsers = async () => (await t.post('license/get', {})).body['active_users'];

  it('20 concurrent SCIM activations for one free seat: exactly one succeeds, 19 are 403 SEAT_LIMIT_REACHED', async () => {
    const replies = await Promise.all(waiting.map((w, i) => scim.patch(`/Users/${w.id}`, i % 2 === 0 ? [{ op: 'replace', value: { active: true } }] : [{ op: 'Replace', path: 'active', value: 'True' }])));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    const refused = replies.filter((r) => r.status !== 200);
    for (const r of refused) expect(refusal(r)).toMatchObject({ status: 403, bodyStatus: '403', code: 'SEAT_LIMIT_REACHED' });
    expect(await activeUsers()).toBe(5);
    const active = await t.db.kysely.selectFrom('users').select('id').where('status', '=', 'active').execute();
    expect(active).toHaveLength(5);
  });

  it('mixed: 10 SCIM activations and 10 users/activate calls for one seat: exactly one succeeds', async () => {
    const token = await t.adminToken();
    const replies = await Promise.all(
      waiting.map(async (w, i) => (i % 2 === 0 ? (await scim.patch(`/Users/${w.id}`, [{ op: 'replace', value: { active: true } }])).status : (await t.post('users/activate', { email: w.email }, token)).status)),
    );
    expect(replies.filter((s) => s === 200)).toHaveLength(1);
    expect(replies.filter((s) => s === 403)).toHaveLength(19);
    expect(await activeUsers()).toBe(5);
  });

  it('20 concurrent SCIM creations of active users for one free seat: exactly one is created', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => scim.post('/Users', oktaUser(`new${i}@x.io`, 'N', String(i), { externalId: `new${i}` }))));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 403)).toHaveLength(19);
    expect(await activeUsers()).toBe(5);
  });
});
