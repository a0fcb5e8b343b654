import { beforeEach, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { Services } from '../../src/services/index.js';
import { describeEachDatabase } from '../support/databases.js';
import { servicesFor, system } from '../support/services.js';

// Every path that names a user by email looks them up exactly: `bob@x.io` never acts on `jimbob@x.io`.
describeEachDatabase('lookups by email are exact on every path', (database) => {
  let db: Db;
  let s: Services;

  beforeEach(async () => {
    db = await database.open();
    s = servicesFor(db);
    await s.users.invite(system, { email: 'admin@x.io', role: 'admin' });
    await s.users.invite(system, { email: 'jimbob@x.io' });
  });

  const jimbob = async () => (await s.users.getByEmail('jimbob@x.io'))!;

  it('users/deactivate bob@x.io answers USER_NOT_FOUND and leaves jimbob@x.io active', async () => {
    await expect(s.users.deactivate(system, 'bob@x.io')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    expect((await jimbob()).status).toBe('active');
  });

  it('users/activate bob@x.io answers USER_NOT_FOUND and leaves jimbob@x.io inactive', async () => {
    await s.users.deactivate(system, 'jimbob@x.io');
    await expect(s.users.activate(system, 'bob@x.io')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    expect((await jimbob()).status).toBe('inactive');
  });

  it('users/set-role of bob@x.io answers USER_NOT_FOUND and leaves jimbob@x.io a user', async () => {
    await expect(s.users.setRole(system, 'bob@x.io', 'admin')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    expect((await jimbob()).role).toBe('user');
  });

  it('workspaces/add_user by email bob@x.io answers USER_NOT_FOUND and does not add jimbob@x.io', async () => {
    const ws = await s.workspaces.get(system, { name: 'admin@x.io - Default Workspace' });
    await expect(s.workspaces.addMember(system, ws.id, { email: 'bob@x.io' }, 'collaborator')).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    expect((await s.workspaces.members(system, ws.id)).map((m) => m.email)).toEqual(['admin@x.io']);
  });

  it('invite of bob@x.io is no duplicate of jimbob@x.io', async () => {
    const { user } = await s.users.invite(system, { email: 'bob@x.io' });
    expect(user.email).toBe('bob@x.io');
    expect(user.id).not.toBe((await jimbob()).id);
  });

  it('an SSO sign-in as bob@x.io creates bob, never links to jimbob@x.io (even an inactive one)', async () => {
    await s.users.deactivate(system, 'jimbob@x.io');
    const user = await s.sso.signIn('corp', { subject: 'sub-bob', email: 'bob@x.io', emailVerified: true });
    expect(user.email).toBe('bob@x.io');
    expect(user.id).not.toBe((await jimbob()).id);
    const links = await db.kysely.selectFrom('user_identities').select(['subject', 'user_id']).execute();
    expect(links).toEqual([{ subject: 'sub-bob', user_id: user.id }]);
  });
});
