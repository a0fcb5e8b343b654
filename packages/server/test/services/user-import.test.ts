import { beforeEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { Services } from '../../src/services/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { TestClock, servicesFor, system } from '../support/services.js';

const UNLIMITED = { edition: 'enterprise' as const, seats: null, licensee: 'Tests', expiresAt: null };

describeEachDatabase('user import (service)', (database) => {
  let db: Db;
  let s: Services;
  const clock = new TestClock();

  beforeEach(async () => {
    db = await database.open();
    s = servicesFor(db, { license: UNLIMITED, clock });
  });

  it('1,000 rows (two full batches): every user, owned default workspace and audit event, stamped now, empty names by default', async () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ line: i + 2, email: `u${String(i).padStart(4, '0')}@x.io` }));
    const result = await s.userImport.importUsers(system, rows, { dryRun: false });
    expect(result).toMatchObject({ created: 1000, skipped: 0, refused: 0 });
    const users = await db.kysely.selectFrom('users').select(['id', 'email', 'first_name', 'last_name', 'created_at']).execute();
    expect(users).toHaveLength(1000);
    expect(new Set(users.map((u) => `${u.first_name}|${u.last_name}|${u.created_at}`))).toEqual(new Set([`||${clock.now()}`]));
    const owners = await db.kysely
      .selectFrom('memberships')
      .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
      .select(['memberships.user_id', 'memberships.role', 'memberships.created_at', 'workspaces.id', 'workspaces.default_for'])
      .execute();
    expect(owners).toHaveLength(1000);
    expect(owners.every((o) => o.role === 'owner' && o.default_for === o.user_id && Number(o.created_at) === clock.now())).toBe(true);
    const events = await db.kysely.selectFrom('audit_events').select(['target_type', 'target_id', 'details', 'at']).where('action', '=', 'user.create').execute();
    expect(events).toHaveLength(1000);
    const workspaceOf = new Map(owners.map((o) => [o.user_id, o.id]));
    for (const e of events) {
      expect([e.target_type, Number(e.at)]).toEqual(['user', clock.now()]);
      expect(JSON.parse(e.details)).toEqual({ role: 'user', status: 'active', default_workspace_id: workspaceOf.get(e.target_id ?? ''), import: true });
    }
  });

  it('names the field a refused row fails on', async () => {
    const result = await s.userImport.importUsers(system, [{ line: 2, email: 'ok@x.io', role: 'root' }], { dryRun: true });
    expect(result.rows[0]).toMatchObject({ outcome: 'refused', code: 'VALIDATION_FAILED', reason: expect.stringMatching(/^role: /) });
  });

  it('refuses more than 100,000 rows as a whole, before reading any', async () => {
    const rows = Array.from({ length: 100_001 }, (_, i) => ({ line: i + 1, email: `u${i}@x.io` }));
    await expect(s.userImport.importUsers(system, rows, { dryRun: true })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const exactly = await s.userImport.importUsers(system, rows.slice(0, 100_000).map((r) => ({ ...r, email: 'bad' })), { dryRun: true });
    expect(exactly.refused).toBe(100_000);
  });
});
