import { describe, expect, it } from 'vitest';
import { PaddockError } from './errors.js';
import { Workspace } from './workspace.js';
import { setup } from './testing/setup.js';

const bodyOf = (fake: ReturnType<typeof setup>['fake'], path: string) => fake.requests.filter((r) => r.path === `/v1/api/${path}`).at(-1)?.body;

describe('the calls the dashboard makes', () => {
  it('queryUsers sends sort, order and include_total in snake_case and answers the total', async () => {
    const { fake, client } = setup();
    fake.overrides.push({ path: '/v1/api/users/query', status: 200, body: { users: {}, next_cursor: null, total: 42 } });
    const page = await client.queryUsers({ sort: 'last_login', order: 'desc', includeTotal: true, limit: 25 });
    expect(bodyOf(fake, 'users/query')).toEqual({ sort: 'last_login', order: 'desc', include_total: true, limit: 25 });
    expect(page.total).toBe(42);
  });

  it('queryUsers answers a null total when the server sends none', async () => {
    const { client } = setup();
    expect((await client.queryUsers({ limit: 1 })).total).toBeNull();
  });

  it('workspaceOverview turns the wire into workspaces, owners and camelCase roles', async () => {
    const { fake, client } = setup();
    const wire = { id: 7, name: 'team', created_at: '2026-01-01T00:00:00+00:00', created_by: 'u1', archived: false, models: [], pipelines: [], default_for: null };
    fake.overrides.push({
      path: '/v1/api/workspaces/overview',
      status: 200,
      body: { workspaces: [{ ...wire, member_count: 3, owners: [{ user_id: 'u1', email: 'ann@ex.co' }], user_type: 'COLLABORATOR' }], next_cursor: 'Nw' },
    });
    const { workspaces, nextCursor } = await client.workspaceOverview({ userId: 'u2', search: 'te' });
    expect(bodyOf(fake, 'workspaces/overview')).toEqual({ user_id: 'u2', search: 'te' });
    expect(workspaces[0]?.workspace).toBeInstanceOf(Workspace);
    expect(workspaces.map((w) => [w.workspace.name, w.memberCount, w.owners, w.role])).toEqual([['team', 3, [{ userId: 'u1', email: 'ann@ex.co' }], 'collaborator']]);
    expect(nextCursor).toBe('Nw');
  });

  it('uploadLicense sends the document and answers the licence in force; refusals keep their code', async () => {
    const { fake, client } = setup();
    const reply = { edition: 'enterprise', seats: 2, active_users: 5, seats_left: 0, over_by: 3, licensee: 'Acme', expires_at: '2027-01-01T00:00:00.000Z', source: 'uploaded', set_aside: [], warning: '5 users are active but the licence allows 2.' };
    fake.overrides.push({ path: '/v1/api/license/upload', status: 200, body: reply });
    const license = await client.uploadLicense('eyJ.doc.sig');
    expect(bodyOf(fake, 'license/upload')).toEqual({ license: 'eyJ.doc.sig' });
    expect(license).toEqual({
      edition: 'enterprise',
      seats: 2,
      activeUsers: 5,
      seatsLeft: 0,
      overBy: 3,
      licensee: 'Acme',
      expiresAt: new Date('2027-01-01T00:00:00.000Z'),
      source: 'uploaded',
      setAside: [],
      warning: '5 users are active but the licence allows 2.',
    });

    fake.overrides.push({ path: '/v1/api/license/upload', status: 400, body: { msg: 'This licence cannot be installed.', code: 400, error: 'LICENSE_EXPIRED' } });
    const err = await client.uploadLicense('old').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaddockError);
    expect((err as PaddockError).code).toBe('LICENSE_EXPIRED');
  });
});
