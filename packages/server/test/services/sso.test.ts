import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { servicesFor, system } from '../support/services.js';

const claims = (n: number) => ({ subject: `sub-${n}`, email: `person${n}@corp.example`, emailVerified: true });

describeEachDatabase('SSO sign-in rules', (database) => {
  it('10 concurrent first logins of one person give one user and one link', async () => {
    const db = await database.open();
    const s = servicesFor(db);
    if (db.dialect === 'postgres') await Promise.all(Array.from({ length: 10 }, () => sql`select pg_sleep(0.05)`.execute(db.kysely)));
    const users = await Promise.all(Array.from({ length: 10 }, () => s.sso.signIn('corp', claims(1))));
    expect(new Set(users.map((u) => u.id)).size).toBe(1);
    expect((await s.users.query({})).filter((u) => u.email === 'person1@corp.example')).toHaveLength(1);
    const links = await db.kysely.selectFrom('user_identities').selectAll().execute();
    expect(links.map((l) => [l.provider_alias, l.subject, l.user_id])).toEqual([['corp', 'sub-1', users[0]?.id]]);
  });

  it('first logins of new people compete for seats like every other activation (Community: 5)', async () => {
    const db = await database.open();
    const s = servicesFor(db);
    await s.users.ensureAdmin('admin@x.io', 'admin password');
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => s.sso.signIn('corp', claims(i + 10))));
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as { code: string }).code);
    expect(refused).toEqual(Array(4).fill('SEAT_LIMIT_REACHED'));
    expect(await s.users.query({ status: 'active' })).toHaveLength(5);
    // Refused people left nothing behind: no user, no link, no audit event.
    expect(await db.kysely.selectFrom('user_identities').selectAll().execute()).toHaveLength(4);
    const events = await s.audit.query(system, { action: 'user.link_identity', limit: 100 });
    expect(events.events).toHaveLength(4);
  });

  it('providers added by an admin: duplicates refused, admins only, deleted once', async () => {
    const db = await database.open();
    const s = servicesFor(db);
    const settings = { alias: 'partner', displayName: 'Partner', issuer: 'https://idp.partner.example', clientId: 'p', clientSecret: 'x' };
    await s.sso.create(system, settings);
    await expect(s.sso.create(system, settings)).rejects.toMatchObject({ code: 'SSO_PROVIDER_EXISTS' });
    expect((await s.sso.list(system)).map((p) => p.alias)).toEqual(['partner']);
    await expect(s.sso.list({ kind: 'user', id: 'u', email: 'u@x.io', role: 'user' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await s.sso.delete(system, 'partner');
    await expect(s.sso.delete(system, 'partner')).rejects.toMatchObject({ code: 'SSO_PROVIDER_NOT_FOUND' });
  });
});
