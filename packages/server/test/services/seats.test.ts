import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { countActiveUsers } from '../../src/queries/users.js';
import type { Services } from '../../src/services/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { servicesFor, system } from '../support/services.js';

describeEachDatabase('seat limit under concurrency', (database) => {
  it('20 concurrent activations competing for one free seat give exactly one success', async () => {
    const db = await database.open();
    const s: Services = servicesFor(db);
    for (let i = 0; i < 5; i++) await s.users.invite(system, { email: `seat${i}@x.io` });
    // 20 inactive users are made by freeing and re-filling a seat each time.
    const waiting: string[] = [];
    for (let i = 0; i < 20; i++) {
      await s.users.deactivate(system, 'seat0@x.io');
      const { user } = await s.users.invite(system, { email: `wait${i}@x.io` });
      await s.users.deactivate(system, user.email);
      await s.users.activate(system, 'seat0@x.io');
      waiting.push(user.email);
    }
    await s.users.deactivate(system, 'seat0@x.io');
    // Open 20 connections first (PostgreSQL), so the activations really run side by side
    // instead of queueing behind connection set-up.
    if (db.dialect === 'postgres') await Promise.all(waiting.map(() => sql`select pg_sleep(0.05)`.execute(db.kysely)));

    const results = await Promise.allSettled(waiting.map((email) => s.users.activate(system, email)));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused.map((r) => (r.reason as { code: string }).code)).toEqual(Array(19).fill('SEAT_LIMIT_REACHED'));
    expect(await s.users.query({ status: 'active' })).toHaveLength(5);
    expect(await countActiveUsers(db.kysely)).toBe(5);
  });
});
