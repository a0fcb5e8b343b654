import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { License } from '../../src/license/license.js';
import { countActiveUsers, findUserByEmail } from '../../src/queries/users.js';
import type { Services } from '../../src/services/index.js';
import { DAY_MS } from '../../src/services/seat-policy.js';
import { describeEachDatabase } from '../support/databases.js';
import { CapturingMailer } from '../support/mailer.js';
import { asUser, servicesFor, system, TestClock } from '../support/services.js';

const seats = (n: number | null): License => ({ edition: 'enterprise', seats: n, licensee: 'Tests', expiresAt: null });
const PASSWORD = 'a-good-password';
const POLICY = { kind: 'policy', name: 'seat-reclaim' } as const;

interface World {
  db: Db;
  s: Services;
  clock: TestClock;
  mail: CapturingMailer;
}

describeEachDatabase('seat reclaim: idle users', (database) => {
  async function world(license: License = seats(null)): Promise<World> {
    const db = await database.open();
    const clock = new TestClock();
    const mail = new CapturingMailer();
    return { db, s: servicesFor(db, { license, clock, mailer: mail }), clock, mail };
  }
  /** An active user with a password who signs in now (unless `signIn` is false). */
  async function user(w: World, email: string, options: { role?: 'admin' | 'user'; signIn?: boolean } = {}) {
    const { user } = await w.s.users.invite(system, { email, password: PASSWORD, role: options.role ?? 'user' });
    if (options.signIn !== false) expect(await w.s.users.authenticate(email, PASSWORD)).toMatchObject({ ok: true });
    return user;
  }
  const emails = (listing: { users: Array<{ email: string }> }) => listing.users.map((u) => u.email);
  const status = async (w: World, email: string) => (await findUserByEmail(w.db.kysely, email))?.status;

  it('users/dormant counts a user idle only past exactly N days: at N days they are not, 1 ms later they are', async () => {
    const w = await world();
    await user(w, 'ann@x.io');
    w.clock.advance(90 * DAY_MS);
    expect(emails(await w.s.seatReclaim.dormant(system, { days: 90, limit: 100 }))).toEqual([]);
    w.clock.advance(1);
    expect(emails(await w.s.seatReclaim.dormant(system, { days: 90, limit: 100 }))).toEqual(['ann@x.io']);
  });

  it('an invited user who never signed in is idle from the invitation; inactive users and service accounts never appear', async () => {
    const w = await world();
    await user(w, 'never@x.io', { signIn: false });
    await user(w, 'gone@x.io');
    await w.s.users.deactivate(system, 'gone@x.io');
    await w.s.serviceAccounts.create(system, { name: 'etl', role: 'admin', description: '' });
    w.clock.advance(30 * DAY_MS + 1);
    const listing = await w.s.seatReclaim.dormant(system, { days: 30, limit: 100 });
    expect(emails(listing)).toEqual(['never@x.io']);
    expect(listing.users[0]).toMatchObject({ last_login_at: null, last_active_at: w.clock.now() - 30 * DAY_MS - 1 });
  });

  it('lists the most recently active first, admins included and counted, with the seats in use', async () => {
    const w = await world(seats(10));
    await user(w, 'boss@x.io', { role: 'admin' });
    w.clock.advance(DAY_MS);
    await user(w, 'old@x.io');
    w.clock.advance(DAY_MS);
    await user(w, 'new@x.io');
    w.clock.advance(DAY_MS);
    await user(w, 'fresh@x.io');
    w.clock.advance(DAY_MS / 2);
    const listing = await w.s.seatReclaim.dormant(system, { days: 1, limit: 100 });
    expect(emails(listing)).toEqual(['new@x.io', 'old@x.io', 'boss@x.io']);
    expect(listing).toMatchObject({ total: 3, admins: 1, seats: { seats: 10, activeUsers: 4, seatsLeft: 6 } });
    expect(emails(await w.s.seatReclaim.dormant(system, { days: 1, limit: 2 }))).toEqual(['new@x.io', 'old@x.io']);
  });

  it('a non-admin may not list idle users (FORBIDDEN)', async () => {
    const w = await world();
    const ann = await user(w, 'ann@x.io');
    await expect(w.s.seatReclaim.dormant(asUser(ann), { days: 1, limit: 10 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('deactivating all idle users takes the non-admins only and frees exactly the seats it says', async () => {
    const w = await world(seats(10));
    const boss = await user(w, 'boss@x.io', { role: 'admin' });
    await user(w, 'admin2@x.io', { role: 'admin' });
    await user(w, 'a@x.io');
    await user(w, 'b@x.io', { signIn: false });
    w.clock.advance(10 * DAY_MS);
    await user(w, 'busy@x.io');
    const before = await countActiveUsers(w.db.kysely);
    const result = await w.s.seatReclaim.reclaim(asUser(boss), { days: 5, all: true });
    expect(result.deactivated.map((u) => u.email).sort()).toEqual(['a@x.io', 'b@x.io']);
    expect(result.seatsFreed).toBe(2);
    expect(before - (await countActiveUsers(w.db.kysely))).toBe(2);
    expect(result.seats).toMatchObject({ activeUsers: before - 2, seatsLeft: 10 - before + 2 });
    expect(await status(w, 'admin2@x.io')).toBe('active');
    expect(await status(w, 'busy@x.io')).toBe('active');
    expect((await findUserByEmail(w.db.kysely, 'a@x.io'))?.deactivated_by).toBe('admin');
  });

  it('an admin chosen by email is deactivated; the last active admin and the caller are skipped with their codes', async () => {
    const w = await world(seats(10));
    const boss = await user(w, 'boss@x.io', { role: 'admin' });
    await user(w, 'admin2@x.io', { role: 'admin' });
    w.clock.advance(10 * DAY_MS);
    const first = await w.s.seatReclaim.reclaim(asUser(boss), { days: 5, emails: ['admin2@x.io', 'boss@x.io'] });
    expect(first.deactivated.map((u) => u.email)).toEqual(['admin2@x.io']);
    expect(first.skipped).toEqual([expect.objectContaining({ email: 'boss@x.io', code: 'SELF_DEACTIVATION' })]);
    const last = await w.s.seatReclaim.reclaim(system, { days: 5, emails: ['boss@x.io'] });
    expect(last.deactivated).toEqual([]);
    expect(last.skipped).toEqual([expect.objectContaining({ email: 'boss@x.io', code: 'LAST_ACTIVE_ADMIN' })]);
    expect(await status(w, 'boss@x.io')).toBe('active');
  });

  it('a user who signed in since the listing is skipped with NOT_DORMANT, and an unknown email with USER_NOT_FOUND', async () => {
    const w = await world();
    await user(w, 'ann@x.io');
    w.clock.advance(10 * DAY_MS);
    expect(emails(await w.s.seatReclaim.dormant(system, { days: 5, limit: 10 }))).toEqual(['ann@x.io']);
    await w.s.users.authenticate('ann@x.io', PASSWORD);
    const result = await w.s.seatReclaim.reclaim(system, { days: 5, emails: ['ann@x.io', 'nobody@x.io'] });
    expect(result.skipped.map((s) => s.code)).toEqual(['NOT_DORMANT', 'USER_NOT_FOUND']);
    expect(result.seatsFreed).toBe(0);
    expect(await status(w, 'ann@x.io')).toBe('active');
  });

  it('a refresh counts as activity, written at most once every five minutes', async () => {
    const w = await world();
    const ann = await user(w, 'ann@x.io');
    const first = w.clock.now();
    w.clock.advance(4 * 60_000);
    await w.s.users.recordActivity(ann.id);
    expect((await findUserByEmail(w.db.kysely, 'ann@x.io'))?.last_login_at).toBe(first);
    w.clock.advance(60_000 + 1);
    await w.s.users.recordActivity(ann.id);
    expect((await findUserByEmail(w.db.kysely, 'ann@x.io'))?.last_login_at).toBe(w.clock.now());
  });

  describe_policy();

  function describe_policy() {
    it('the policy is off by default: a tick does nothing', async () => {
      const w = await world();
      await user(w, 'ann@x.io');
      w.clock.advance(1000 * DAY_MS);
      expect(await w.s.seatReclaim.getPolicy(system)).toMatchObject({ enabled: false });
      expect(await w.s.seatReclaim.tick()).toBeNull();
      expect(await status(w, 'ann@x.io')).toBe('active');
    });

    it('the policy deactivates idle non-admins, marked as its own, with one audit event each with the policy as actor', async () => {
      const w = await world();
      await user(w, 'boss@x.io', { role: 'admin' });
      await user(w, 'ann@x.io');
      await user(w, 'bob@x.io', { signIn: false });
      w.clock.advance(31 * DAY_MS);
      await user(w, 'cat@x.io');
      await w.s.seatReclaim.setPolicy(system, { enabled: true, days: 30, warnDays: null, floating: false, contact: null });
      expect((await w.s.seatReclaim.preview(system)).deactivate.map((u) => u.email).sort()).toEqual(['ann@x.io', 'bob@x.io']);
      const run = await w.s.seatReclaim.tick();
      expect(run?.deactivated.sort()).toEqual(['ann@x.io', 'bob@x.io']);
      expect((await findUserByEmail(w.db.kysely, 'ann@x.io'))?.deactivated_by).toBe('policy');
      expect(await status(w, 'boss@x.io')).toBe('active');
      const events = await w.s.audit.query(system, { actor: 'policy:seat-reclaim', limit: 10 });
      expect(events.events.map((e) => [e.action, e.target_label]).sort()).toEqual([
        ['user.deactivate', 'ann@x.io'],
        ['user.deactivate', 'bob@x.io'],
      ]);
    });

    it('on two processes sharing one database, ticking at once, one runs and each user is deactivated once', async () => {
      const w = await world();
      for (let i = 0; i < 6; i++) await user(w, `idle${i}@x.io`);
      w.clock.advance(31 * DAY_MS);
      await w.s.seatReclaim.setPolicy(system, { enabled: true, days: 30, warnDays: null, floating: false, contact: null });
      const other = servicesFor(w.db, { license: seats(null), clock: w.clock });
      if (w.db.dialect === 'postgres') await Promise.all(Array.from({ length: 8 }, () => sql`select pg_sleep(0.05)`.execute(w.db.kysely)));
      const runs = await Promise.all([w.s.seatReclaim.tick(), other.seatReclaim.tick(), w.s.seatReclaim.tick(), other.seatReclaim.tick()]);
      expect(runs.filter((r) => r !== null)).toHaveLength(1);
      expect(runs.flatMap((r) => r?.deactivated ?? []).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `idle${i}@x.io`));
      // The next run is due an hour after the last, for every process, even a restarted one.
      w.clock.advance(59 * 60_000);
      expect(await servicesFor(w.db, { license: seats(null), clock: w.clock }).seatReclaim.tick()).toBeNull();
      w.clock.advance(60_000);
      expect(await other.seatReclaim.tick()).toEqual({ deactivated: [], warned: [] });
      const events = await w.s.audit.query(system, { action: 'user.deactivate', limit: 100 });
      expect(events.events).toHaveLength(6);
    });

    it('an activation by an admin starts the idle count again: the policy does not take the user straight back', async () => {
      const w = await world();
      await user(w, 'ann@x.io');
      w.clock.advance(31 * DAY_MS);
      await w.s.seatReclaim.setPolicy(system, { enabled: true, days: 30 });
      expect((await w.s.seatReclaim.tick(0))?.deactivated).toEqual(['ann@x.io']);
      await w.s.users.activate(system, 'ann@x.io');
      expect((await w.s.seatReclaim.tick(0))?.deactivated).toEqual([]);
      expect(await status(w, 'ann@x.io')).toBe('active');
      // Her last sign-in stays what it was; the idle count runs from the activation.
      const ann = await findUserByEmail(w.db.kysely, 'ann@x.io');
      expect([ann?.last_login_at, ann?.last_active_at]).toEqual([w.clock.now() - 31 * DAY_MS, w.clock.now()]);
      w.clock.advance(30 * DAY_MS + 1);
      expect((await w.s.seatReclaim.tick(0))?.deactivated).toEqual(['ann@x.io']);
    });

    it('even two runs at once (no claim) deactivate and audit each user once', async () => {
      const w = await world();
      for (let i = 0; i < 5; i++) await user(w, `idle${i}@x.io`);
      w.clock.advance(31 * DAY_MS);
      await w.s.seatReclaim.setPolicy(system, { enabled: true, days: 30, warnDays: null, floating: false, contact: null });
      const other = servicesFor(w.db, { license: seats(null), clock: w.clock });
      const runs = await Promise.all([w.s.seatReclaim.tick(0), other.seatReclaim.tick(0)]);
      expect(runs.flatMap((r) => r?.deactivated ?? []).sort()).toEqual(Array.from({ length: 5 }, (_, i) => `idle${i}@x.io`));
      expect((await w.s.audit.query(system, { action: 'user.deactivate', limit: 100 })).events).toHaveLength(5);
    });

    it('warns by mail once per idle stretch, days before, and again after the user signs in and idles again', async () => {
      const w = await world();
      await user(w, 'ann@x.io');
      await w.s.seatReclaim.setPolicy(system, { enabled: true, days: 30, warnDays: 5, floating: true, contact: null });
      w.clock.advance(24 * DAY_MS);
      expect(await w.s.seatReclaim.tick(0)).toEqual({ deactivated: [], warned: [] });
      w.clock.advance(DAY_MS + 1);
      expect((await w.s.seatReclaim.preview(system)).warn.map((u) => u.email)).toEqual(['ann@x.io']);
      expect(await w.s.seatReclaim.tick(0)).toEqual({ deactivated: [], warned: ['ann@x.io'] });
      expect(w.mail.to('ann@x.io')).toHaveLength(1);
      expect(await w.s.seatReclaim.tick(0)).toEqual({ deactivated: [], warned: [] });
      await w.s.users.authenticate('ann@x.io', PASSWORD);
      w.clock.advance(26 * DAY_MS);
      expect(await w.s.seatReclaim.tick(0)).toEqual({ deactivated: [], warned: ['ann@x.io'] });
      expect(w.mail.to('ann@x.io')).toHaveLength(2);
    });

    it('warn_days must be less than days (VALIDATION_FAILED)', async () => {
      const w = await world();
      await expect(w.s.seatReclaim.setPolicy(system, { enabled: true, days: 5, warnDays: 5, floating: false, contact: null })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  }

  describe_floating();

  function describe_floating() {
    /** `n` users the policy deactivated, leaving `free` seats of a licence of `total`. */
    async function floatingWorld(options: { seats: number; taken: number; idle: number; floating?: boolean; contact?: string | null }): Promise<World> {
      const w = await world(seats(options.seats));
      await user(w, 'boss@x.io', { role: 'admin' });
      for (let i = 0; i < options.idle; i++) {
        await user(w, `idle${i}@x.io`);
        await w.s.users.deactivateIdle(POLICY, { email: `idle${i}@x.io` }, w.clock.now() + 1, { by: 'policy', usersOnly: true });
      }
      for (let i = 1; i < options.taken; i++) await user(w, `keep${i}@x.io`);
      await w.s.seatReclaim.setPolicy(system, { enabled: true, days: 30, warnDays: null, floating: options.floating ?? true, contact: options.contact ?? null });
      return w;
    }

    it('a user the policy deactivated is let back in at sign-in when a seat is free, audited with the policy as actor', async () => {
      const w = await floatingWorld({ seats: 3, taken: 2, idle: 1 });
      const login = await w.s.users.authenticate('idle0@x.io', PASSWORD);
      expect(login).toMatchObject({ ok: true, user: { status: 'active', deactivated_by: null } });
      expect(await status(w, 'idle0@x.io')).toBe('active');
      const events = await w.s.audit.query(system, { actor: 'policy:floating-seats', limit: 10 });
      expect(events.events.map((e) => [e.action, e.target_label])).toEqual([['user.activate', 'idle0@x.io']]);
    });

    it('with a wrong password, nothing happens', async () => {
      const w = await floatingWorld({ seats: 3, taken: 2, idle: 1 });
      expect(await w.s.users.authenticate('idle0@x.io', 'wrong-password')).toBeNull();
      expect(await status(w, 'idle0@x.io')).toBe('inactive');
    });

    it('with floating seats off, the sign-in is refused as any inactive user is', async () => {
      const w = await floatingWorld({ seats: 3, taken: 2, idle: 1, floating: false });
      expect(await w.s.users.authenticate('idle0@x.io', PASSWORD)).toBeNull();
      expect(await status(w, 'idle0@x.io')).toBe('inactive');
    });

    it('no free seat: refused with SEAT_LIMIT_REACHED and whom to ask (the contact, else the admins)', async () => {
      const full = await floatingWorld({ seats: 2, taken: 2, idle: 1 });
      const refused = await full.s.users.authenticate('idle0@x.io', PASSWORD);
      expect(refused).toMatchObject({ ok: false, refused: 'SEAT_LIMIT_REACHED' });
      expect(refused?.ok === false && refused.refused === 'SEAT_LIMIT_REACHED' && refused.message).toContain('boss@x.io');
      expect(await status(full, 'idle0@x.io')).toBe('inactive');
      const withContact = await floatingWorld({ seats: 2, taken: 2, idle: 1, contact: 'it-help@x.io' });
      const asked = await withContact.s.users.authenticate('idle0@x.io', PASSWORD);
      expect(asked?.ok === false && asked.refused === 'SEAT_LIMIT_REACHED' && asked.message).toContain('it-help@x.io');
    });

    it("an administrator's deactivation is never undone by a sign-in, even of a user the policy had deactivated first", async () => {
      const w = await floatingWorld({ seats: 10, taken: 2, idle: 1 });
      await user(w, 'manual@x.io');
      await w.s.users.deactivate(system, 'manual@x.io');
      expect(await w.s.users.authenticate('manual@x.io', PASSWORD)).toBeNull();
      await w.s.users.deactivate(system, 'idle0@x.io');
      expect((await findUserByEmail(w.db.kysely, 'idle0@x.io'))?.deactivated_by).toBe('admin');
      expect(await w.s.users.authenticate('idle0@x.io', PASSWORD)).toBeNull();
      expect(await status(w, 'idle0@x.io')).toBe('inactive');
      expect(await status(w, 'manual@x.io')).toBe('inactive');
    });

    it('10 users the policy deactivated sign in at once for 1 free seat: exactly one gets in', async () => {
      const w = await floatingWorld({ seats: 3, taken: 2, idle: 10 });
      if (w.db.dialect === 'postgres') await Promise.all(Array.from({ length: 10 }, () => sql`select pg_sleep(0.05)`.execute(w.db.kysely)));
      const logins = await Promise.all(Array.from({ length: 10 }, (_, i) => w.s.users.authenticate(`idle${i}@x.io`, PASSWORD)));
      expect(logins.filter((l) => l?.ok === true)).toHaveLength(1);
      expect(logins.filter((l) => l?.ok === false && l.refused === 'SEAT_LIMIT_REACHED')).toHaveLength(9);
      expect(await countActiveUsers(w.db.kysely)).toBe(3);
      expect((await w.s.audit.query(system, { actor: 'policy:floating-seats', limit: 20 })).events).toHaveLength(1);
    });
  }
});

describeEachDatabase('seat reclaim: floating seats through SSO', (database) => {
  const claims = { subject: 'sub-ann', email: 'ann@corp.example', emailVerified: true };

  it('a linked SSO user the policy took comes back at sign-in when a seat is free; refused with SEAT_LIMIT_REACHED when none is; ACCOUNT_INACTIVE after an admin deactivation', async () => {
    const db = await database.open();
    const clock = new TestClock();
    const s = servicesFor(db, { license: seats(2), clock });
    await s.users.ensureAdmin('boss@x.io', 'boss password');
    await s.seatReclaim.setPolicy(system, { floating: true });
    const ann = await s.sso.signIn('corp', claims);
    await s.users.deactivateIdle(POLICY, { id: ann.id }, clock.now() + 1, { by: 'policy', usersOnly: true });
    await s.users.invite(system, { email: 'holder@x.io', password: PASSWORD });
    await expect(s.sso.signIn('corp', claims)).rejects.toMatchObject({ code: 'SEAT_LIMIT_REACHED', details: { contact: expect.stringContaining('boss@x.io') } });
    await s.users.deactivate(system, 'holder@x.io');
    expect(await s.sso.signIn('corp', claims)).toMatchObject({ id: ann.id, status: 'active' });
    await s.users.deactivate(system, 'ann@corp.example');
    await expect(s.sso.signIn('corp', claims)).rejects.toMatchObject({ code: 'ACCOUNT_INACTIVE' });
  });
});
