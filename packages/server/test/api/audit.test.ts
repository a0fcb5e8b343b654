import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { ADMIN, startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

describeEachDatabase('audit API', (database) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(database);
  });
  afterEach(() => t.close());

  it('records every change with its actor, newest first, filtered by actor, target, action and time, paged by cursor', async () => {
    const { id: annId } = await t.admin.inviteUser('ann@x.io', 'ann-password');
    await t.admin.inviteUser('bob@x.io');
    await t.admin.deactivateUser('bob@x.io');
    const ann = t.login('ann@x.io', 'ann-password');
    const ws = await ann.createWorkspace('team');
    await ws.addUser('admin@x.io');

    const all = await t.post('audit/query', {});
    const events = all.body['events'] as Array<{ action: string; actor: { label: string }; target: { label: string } }>;
    expect(events.map((e) => [e.action, e.actor.label, e.target.label])).toEqual([
      ['workspace.add_member', 'ann@x.io', 'team'],
      ['workspace.create', 'ann@x.io', 'team'],
      ['user.deactivate', ADMIN.email, 'bob@x.io'],
      ['user.create', ADMIN.email, 'bob@x.io'],
      ['user.create', ADMIN.email, 'ann@x.io'],
      ['user.create', 'system', ADMIN.email],
    ]);

    const byActor = await t.post('audit/query', { actor: 'ANN@x.io' });
    expect((byActor.body['events'] as unknown[]).length).toBe(2);
    const byActorId = await t.post('audit/query', { actor: annId });
    expect((byActorId.body['events'] as unknown[]).length).toBe(2);
    const byTarget = await t.post('audit/query', { target: 'bob@x.io' });
    expect((byTarget.body['events'] as Array<{ action: string }>).map((e) => e.action)).toEqual(['user.deactivate', 'user.create']);
    const byAction = await t.post('audit/query', { action: 'user.create' });
    expect((byAction.body['events'] as unknown[]).length).toBe(3);
    const future = await t.post('audit/query', { since: new Date(Date.now() + 3_600_000).toISOString() });
    expect(future.body['events']).toEqual([]);

    const page1 = await t.post('audit/query', { limit: 4 });
    expect((page1.body['events'] as unknown[]).length).toBe(4);
    const page2 = await t.post('audit/query', { limit: 4, cursor: page1.body['next_cursor'] });
    expect((page2.body['events'] as Array<{ action: string }>).map((e) => e.action)).toEqual(['user.create', 'user.create']);
    expect(page2.body['next_cursor']).toBeNull();
  });
});
