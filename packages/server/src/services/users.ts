import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/errors.js';
import type { Database, UserRow, UserSource } from '../db/schema.js';
import type { Clock, IdGenerator, PasswordHasher } from '../deps.js';
import { AppError, assertFound, assertThat } from '../errors.js';
import { defaultWorkspaceName, isValidEmail, normalizeEmail } from '../domain/rules.js';
import { countActiveAdmins, findUserByEmail, findUserByExternalId, findUserById, insertUser, lockSeats, readUserByEmail, updateUser } from '../queries/users.js';
import { findDefaultWorkspace, findWorkspaceByName, insertMembership, insertWorkspace, updateWorkspace } from '../queries/workspaces.js';
import { requireAdmin } from './actor.js';
import { activeAdminEmails, touchLastActivity } from '../queries/seat-reclaim.js';
import { endAccess } from './end-access.js';
import { readSeatPolicy } from './seat-policy.js';
import type { SeatPolicy } from './seat-policy.js';
import { createUserReads } from './user-reads.js';
import type { UserReadsDeps } from './user-reads.js';
import type { Actor } from './actor.js';
import type { Audit } from './audit.js';
import type { InvitationsService } from './invitations.js';
import type { LicenseService } from './license.js';

/** The reads' needs (the database, the request path's reader, the streamed batches' size), and the changes'. */
export interface UsersDeps extends UserReadsDeps {
  clock: Clock;
  ids: IdGenerator;
  hasher: PasswordHasher;
  license: LicenseService;
  audit: Audit;
  invitations: Pick<InvitationsService, 'issue' | 'mail'>;
}

export interface InviteInput {
  email: string;
  password?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  role?: UserRow['role'] | undefined;
  /** With an admin-chosen password: make the user change it at first login anyway. */
  requireReset?: boolean | undefined;
}

/** What `update` may change; absent fields stay as they are. */
export interface UserChanges {
  status?: UserRow['status'] | undefined;
  role?: UserRow['role'] | undefined;
  email?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  /** The identity provider's id for the user; null unlinks. */
  externalId?: string | null | undefined;
  /** Who manages the user from now on (SCIM adopts a local user on its first change). */
  source?: UserSource | undefined;
  /** SCIM deleted the user (true), or provisioned them again (false). */
  scimDeleted?: boolean | undefined;
}

/** A user an identity provider provisions (SCIM `POST /Users`): no password, signs in through SSO. */
export interface ProvisionInput {
  email: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
  externalId?: string | null | undefined;
  active: boolean;
  source: UserSource;
}

export interface Invited {
  user: UserRow;
  /** The initial password: the caller's, or a generated one shown once. */
  password: string;
  generated: boolean;
  /** Whether an invitation link was mailed (only for generated passwords; false if the mailer failed). */
  invitationMailed: boolean;
}

/**
 * A login with the right password of an active user: let in, or refused for what the user must do
 * first (a generated or reset password is changed before any login).
 */
export type Authentication =
  | { ok: true; user: UserRow }
  | { ok: false; refused: 'MUST_CHANGE_PASSWORD' }
  /** A user the idle-seat policy deactivated, with floating seats on, and no seat free: `message` says whom to ask. */
  | { ok: false; refused: 'SEAT_LIMIT_REACHED'; message: string };

/** How a change is made: by whom a deactivation counts as made, and a check of the user as locked. */
interface ChangeHow {
  /** `policy`: the idle-seat policy (such a user may float back at sign-in); `admin` by default. */
  by?: 'admin' | 'policy';
  /** Throws to refuse the change, given the user as read under the seat lock. */
  guard?: (user: UserRow) => void;
  /** Added to the audit event's details. */
  details?: Record<string, unknown>;
}

/** Refreshes within this long of the last recorded activity are not written again. */
export const ACTIVITY_WRITE_INTERVAL_MS = 5 * 60 * 1000;

export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/**
 * Who a user's deactivation counts as made by after a change to `status` (`requested`: the status
 * the caller asked for): null when active; `by` for a user made inactive now, or deactivated again
 * by an admin (pinning a policy deactivation); else unchanged.
 */
function deactivator(user: UserRow, status: UserRow['status'], requested: UserRow['status'] | undefined, by: 'admin' | 'policy'): UserRow['deactivated_by'] {
  if (status === 'active') return null;
  if (user.status === 'active' || (requested === 'inactive' && by === 'admin')) return by;
  return user.deactivated_by;
}

const userTarget = (u: UserRow) => ({ type: 'user' as const, id: u.id, label: u.email });

/** `{from, to}` of what changed; status and role always, as every change of them has been audited. */
function auditChange(before: Record<string, string | null>, after: Record<string, string | null>, changed: Set<string>) {
  const keys = new Set(['status', 'role', ...changed]);
  const pick = (o: Record<string, string | null>) => Object.fromEntries([...keys].map((k) => [k, o[k]]));
  return { from: pick(before), to: pick(after) };
}

export function createUsersService(deps: UsersDeps) {
  const { db, reader, clock, ids, hasher, license, audit, invitations } = deps;
  const reads = createUserReads(deps);
  let dummy: Promise<string> | undefined;

  async function mustFind(trx: Kysely<Database>, email: string): Promise<UserRow> {
    const normalized = normalizeEmail(email);
    return assertFound(await findUserByEmail(trx, normalized), 'USER_NOT_FOUND', `No user has the email ${normalized}.`);
  }

  /** Creates an active user and their default workspace in one transaction (the seat check included). */
  async function create(
    trx: Kysely<Database>,
    actor: Actor,
    input: InviteInput,
    passwordHash: string | null,
    mustChangePassword = false,
    /** The SSO provider that verified the email, for a user created at their first SSO sign-in. */
    ssoProvider?: string,
    /** An identity provider's user (SCIM): who manages them, their id there, and whether they start active. */
    provisioned?: Pick<ProvisionInput, 'externalId' | 'active' | 'source'>,
  ): Promise<UserRow> {
    const email = normalizeEmail(input.email);
    const now = clock.now();
    await lockSeats(trx, now);
    if (await findUserByEmail(trx, email)) throw new AppError('EMAIL_TAKEN', `A user with the email ${email} already exists.`);
    const externalId = provisioned?.externalId ?? null;
    if (externalId !== null) await assertExternalIdFree(trx, externalId, null);
    const status = provisioned?.active === false ? 'inactive' : 'active';
    if (status === 'active') await license.assertSeatFree(trx);
    const user: UserRow = {
      id: ids.uuid(),
      email,
      username: email,
      first_name: input.firstName ?? '',
      last_name: input.lastName ?? '',
      role: input.role ?? 'user',
      status,
      email_verified: ssoProvider === undefined ? 0 : 1,
      password_hash: passwordHash,
      created_at: now,
      last_login_at: null,
      last_active_at: null,
      must_change_password: mustChangePassword ? 1 : 0,
      token_generation: 0,
      external_id: externalId,
      source: provisioned?.source ?? null,
      updated_at: null,
      scim_deleted_at: null,
      deactivated_by: null,
      idle_warned_at: null,
    };
    await insertUser(trx, user);
    const workspaceId = await insertWorkspace(trx, { name: defaultWorkspaceName(email), created_by: user.id, created_at: now, default_for: user.id });
    await insertMembership(trx, { workspace_id: workspaceId, user_id: user.id, role: 'owner', created_at: now });
    await audit(trx, actor, 'user.create', userTarget(user), {
      role: user.role,
      default_workspace_id: workspaceId,
      ...(mustChangePassword && { must_change_password: true }),
      ...(ssoProvider !== undefined && { sso_provider: ssoProvider }),
      ...(provisioned !== undefined && { source: provisioned.source, external_id: externalId, status }),
    });
    return user;
  }

  async function assertExternalIdFree(trx: Kysely<Database>, externalId: string, ownerId: string | null): Promise<void> {
    const holder = await findUserByExternalId(trx, externalId);
    if (holder && holder.id !== ownerId) throw externalIdTaken(externalId);
  }

  /**
   * Changes a user under the seat lock, keeping the rules on admins, seats and emails: every path that
   * changes who is active, who is an admin or who a user is (REST, Keycloak's admin API) comes here.
   */
  async function change(
    actor: Actor,
    find: (trx: Kysely<Database>) => Promise<UserRow>,
    next: UserChanges,
    action: string | ((changed: Set<string>) => string),
    how: ChangeHow = {},
  ): Promise<void> {
    await db.transaction().execute(async (trx) => {
      await lockSeats(trx, clock.now());
      const user = await find(trx);
      how.guard?.(user);
      const status = next.status ?? user.status;
      const role = next.role ?? user.role;
      const email = next.email === undefined ? user.email : normalizeEmail(next.email);
      const firstName = next.firstName ?? user.first_name;
      const lastName = next.lastName ?? user.last_name;
      const externalId = next.externalId === undefined ? user.external_id : next.externalId;
      const source = next.source ?? user.source;
      const deleted = next.scimDeleted === undefined ? user.scim_deleted_at !== null : next.scimDeleted;
      const before = {
        status: user.status,
        role: user.role,
        email: user.email,
        first_name: user.first_name,
        last_name: user.last_name,
        external_id: user.external_id,
        source: user.source,
        scim_deleted: String(user.scim_deleted_at !== null),
      };
      const after = { status, role, email, first_name: firstName, last_name: lastName, external_id: externalId, source, scim_deleted: String(deleted) };
      const changed = new Set(Object.keys(after).filter((k) => after[k as keyof typeof after] !== before[k as keyof typeof before]));
      const deactivatedBy = deactivator(user, status, next.status, how.by ?? 'admin');
      // An admin's deactivation of a user the policy deactivated pins them: no sign-in brings them back.
      const pinned = changed.size === 0 && deactivatedBy !== user.deactivated_by;
      if (changed.size === 0 && !pinned) return;
      if (status === 'inactive') assertThat(!(actor.kind === 'user' && actor.id === user.id), 'SELF_DEACTIVATION', 'You cannot deactivate yourself.');
      const losesAdmin = user.status === 'active' && user.role === 'admin' && (status !== 'active' || role !== 'admin');
      if (losesAdmin && (await countActiveAdmins(trx)) <= 1) {
        throw new AppError('LAST_ACTIVE_ADMIN', `${user.email} is the last active admin; make another user admin first.`);
      }
      if (status === 'active' && user.status !== 'active') await license.assertSeatFree(trx);
      if (changed.has('email')) await moveEmail(trx, user, email);
      if (changed.has('external_id') && externalId !== null) await assertExternalIdFree(trx, externalId, user.id);
      const now = clock.now();
      await updateUser(trx, user.id, {
        status,
        role,
        first_name: firstName,
        last_name: lastName,
        updated_at: now,
        deactivated_by: deactivatedBy,
        // An activation starts the idle count again: the idle-seat policy must not take the user straight back.
        ...(status === 'active' && user.status !== 'active' && { last_active_at: now }),
        ...(changed.has('email') && { email, username: email }),
        ...(changed.has('external_id') && { external_id: externalId }),
        ...(changed.has('source') && { source }),
        ...(changed.has('scim_deleted') && { scim_deleted_at: deleted ? now : null }),
      });
      // Tokens, sessions and refresh tokens die for good with the status or the admin role they were issued under.
      if (status === 'inactive' || losesAdmin) await endAccess(trx, user.id);
      await audit(trx, actor, typeof action === 'string' ? action : action(changed), userTarget(user), {
        ...auditChange(before, after, changed),
        // Said when it is news: the policy's own deactivations, and an admin's pinning of one.
        ...(status === 'inactive' && (deactivatedBy === 'policy' || pinned) && { deactivated_by: deactivatedBy }),
        ...how.details,
      });
    });
  }

  /**
   * Makes way for a new email, which takes the username (written by the caller) and the default
   * workspace's name with it: the three never diverge.
   */
  async function moveEmail(trx: Kysely<Database>, user: UserRow, email: string): Promise<void> {
    assertThat(isValidEmail(email), 'VALIDATION_FAILED', `${email} is not a valid email address.`);
    if (await findUserByEmail(trx, email)) throw new AppError('EMAIL_TAKEN', `A user with the email ${email} already exists.`);
    const name = defaultWorkspaceName(email);
    const holder = await findWorkspaceByName(trx, name);
    if (holder && holder.default_for !== user.id) throw new AppError('WORKSPACE_NAME_TAKEN', `A workspace named ${name} already exists; rename it first.`);
    const home = await findDefaultWorkspace(trx, user.id);
    if (home) await updateWorkspace(trx, home.id, { name });
  }

  const byEmail = (email: string) => async (trx: Kysely<Database>) => mustFind(trx, email);
  const byId = (id: string) => async (trx: Kysely<Database>) => assertFound(await findUserById(trx, id), 'USER_NOT_FOUND', `No user has the id ${id}.`);

  return {
    ...reads,

    verifyPassword,

    /**
     * Creates the user. Without a password, a generated one (answered once, for scripts) must be
     * changed at first login, and an invitation link is mailed; an admin-chosen password is kept
     * as it is unless `requireReset`.
     */
    async invite(actor: Actor, input: InviteInput): Promise<Invited> {
      requireAdmin(actor);
      const generated = input.password === undefined;
      const password = input.password ?? generatePassword();
      const passwordHash = await hasher.hash(password);
      const { user, link } = await db.transaction().execute(async (trx) => {
        const created = await create(trx, actor, input, passwordHash, generated || input.requireReset === true);
        return { user: created, link: generated ? await invitations.issue(trx, created) : null };
      });
      const invitationMailed = link !== null && (await invitations.mail(user, link));
      return { user, password, generated, invitationMailed };
    },

    /**
     * Creates an active user without a password, who signs in through the SSO provider `provider`
     * that verified their email, inside the caller's transaction (the seat check included).
     */
    async provisionExternal(trx: Kysely<Database>, input: Pick<InviteInput, 'email' | 'firstName' | 'lastName'>, provider: string): Promise<UserRow> {
      return create(trx, { kind: 'system' }, input, null, false, provider);
    },

    /**
     * Creates a user an identity provider provisions (SCIM), active (the seat check included) or
     * not, without a password: they sign in through SSO. A user SCIM deleted before, with the same
     * email, is provisioned again instead: linked, changed and activated as asked (the seat check
     * included). Answers the user's id.
     */
    async provision(actor: Actor, input: ProvisionInput): Promise<string> {
      requireAdmin(actor);
      const profile = { email: input.email, firstName: input.firstName, lastName: input.lastName };
      let created: UserRow | { deletedId: string };
      try {
        created = await db.transaction().execute(async (trx) => {
          const holder = await findUserByEmail(trx, normalizeEmail(input.email));
          if (holder && holder.scim_deleted_at !== null) return { deletedId: holder.id };
          return create(trx, actor, profile, null, false, undefined, input);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('EMAIL_TAKEN', `A user with the email ${normalizeEmail(input.email)} already exists, or holds this external id.`);
        throw err;
      }
      if (!('deletedId' in created)) return created.id;
      const changes = {
        status: input.active ? ('active' as const) : ('inactive' as const),
        firstName: input.firstName,
        lastName: input.lastName,
        externalId: input.externalId ?? null,
        source: input.source,
        scimDeleted: false,
      };
      await change(actor, byId(created.deletedId), changes, 'user.provision_again');
      return created.deletedId;
    },

    async deactivate(actor: Actor, email: string): Promise<void> {
      requireAdmin(actor);
      return change(actor, byEmail(email), { status: 'inactive' }, 'user.deactivate');
    },

    /**
     * Deactivates an idle user: one whose last activity (sign-in, else invitation) is before
     * `idleBefore`, checked under the seat lock, so a user who signed in since they were listed is
     * refused with NOT_DORMANT rather than deactivated. Every rule of `deactivate` holds (the last
     * active admin, oneself). `by: 'policy'` marks the user as one the idle-seat policy took, who may
     * float back at sign-in; the policy never takes admins (`usersOnly`).
     */
    async deactivateIdle(
      actor: Actor,
      ref: { id: string } | { email: string },
      idleBefore: number,
      options: { by: 'admin' | 'policy'; usersOnly?: boolean; details?: Record<string, unknown> },
    ): Promise<{ id: string; email: string }> {
      requireAdmin(actor);
      let taken = { id: '', email: '' };
      const guard = (user: UserRow) => {
        taken = { id: user.id, email: user.email };
        const lastActive = user.last_active_at ?? user.created_at;
        assertThat(user.status === 'active', 'NOT_DORMANT', `${user.email} is already inactive.`);
        assertThat(lastActive < idleBefore, 'NOT_DORMANT', `${user.email} was last active (signed in, or activated) on ${new Date(lastActive).toISOString()}: not idle.`);
        assertThat(options.usersOnly !== true || user.role === 'user', 'NOT_DORMANT', `${user.email} is an admin; the policy never deactivates admins.`);
      };
      const details = { idle_since: new Date(idleBefore).toISOString(), ...options.details };
      await change(actor, 'id' in ref ? byId(ref.id) : byEmail(ref.email), { status: 'inactive' }, 'user.deactivate', { by: options.by, guard, details });
      return taken;
    },

    /**
     * Records a refresh of the user's login as activity (see `touchLastActivity`): at most one
     * write per user every few minutes, so idle detection sees users who never type a password.
     */
    async recordActivity(id: string): Promise<void> {
      await touchLastActivity(db, id, clock.now(), ACTIVITY_WRITE_INTERVAL_MS);
    },

    async activate(actor: Actor, email: string): Promise<void> {
      requireAdmin(actor);
      return change(actor, byEmail(email), { status: 'active' }, 'user.activate');
    },

    async setRole(actor: Actor, email: string, role: UserRow['role']): Promise<void> {
      requireAdmin(actor);
      return change(actor, byEmail(email), { role }, 'user.set_role');
    },

    /**
     * Changes the user with this id or email (Keycloak's `PUT users/{id}`, `users/update`): enabling and disabling are the
     * same activation and deactivation as `activate` and `deactivate`, seat check included; a new
     * email is the username too. A change of status alone is audited as that activation or deactivation.
     */
    async update(actor: Actor, ref: { id: string } | { email: string }, next: UserChanges): Promise<void> {
      requireAdmin(actor);
      return change(actor, 'id' in ref ? byId(ref.id) : byEmail(ref.email), next, (changed) => {
        if (changed.has('scim_deleted')) return next.scimDeleted === true ? 'user.scim_delete' : 'user.provision_again';
        const meaningful = [...changed].filter((k) => k !== 'source');
        if (meaningful.length !== 1 || !changed.has('status')) return 'user.update';
        return next.status === 'active' ? 'user.activate' : 'user.deactivate';
      });
    },

    /**
     * The login of the active user whose email and password match, null for anything else. Unknown
     * emails cost a hash verification too, so the answer takes the same time either way. Only a
     * login let in is recorded (`last_login_at`); one refused until the password is changed is not.
     */
    async authenticate(email: string, password: string): Promise<Authentication | null> {
      const user = await verifyCredentials(email, password);
      if (!user) return null;
      if (user.status !== 'active') return floatBack(user);
      if (user.must_change_password === 1) return { ok: false, refused: 'MUST_CHANGE_PASSWORD' };
      const now = clock.now();
      await updateUser(db, user.id, { last_login_at: now, last_active_at: now });
      return { ok: true, user: { ...user, last_login_at: now, last_active_at: now } };
    },

    /**
     * Floating seats, for a sign-in other than by password (SSO), inside the caller's transaction:
     * the inactive `user` comes back as active when the policy deactivated them, floating seats are
     * on and a seat is free (SEAT_LIMIT_REACHED saying whom to ask when none is); any other inactive
     * user is refused with ACCOUNT_INACTIVE.
     */
    async reactivateOnSignIn(trx: Kysely<Database>, user: UserRow): Promise<UserRow> {
      const back = await reactivate(trx, user);
      if (back === null) throw new AppError('ACCOUNT_INACTIVE', `The Paddock account ${user.email} is deactivated; an administrator can activate it again.`);
      return back;
    },

    /**
     * Makes sure an admin exists: on a database without one, creates `email` (or promotes it when
     * it exists). Returns what it did so the caller can print it once.
     */
    async ensureAdmin(email: string, password: string): Promise<'exists' | 'created' | 'promoted'> {
      const system: Actor = { kind: 'system' };
      const passwordHash = await hasher.hash(password);
      return db.transaction().execute(async (trx) => {
        await lockSeats(trx, clock.now());
        if ((await countActiveAdmins(trx)) > 0) return 'exists';
        const existing = await findUserByEmail(trx, normalizeEmail(email));
        if (!existing) {
          await create(trx, system, { email, role: 'admin' }, passwordHash);
          return 'created';
        }
        if (existing.status !== 'active') await license.assertSeatFree(trx);
        await updateUser(trx, existing.id, { role: 'admin', status: 'active', deactivated_by: null, last_active_at: clock.now(), password_hash: passwordHash });
        await audit(trx, system, 'user.promote_first_admin', userTarget(existing));
        return 'promoted';
      });
    },
  };

  /** The active user whose email and password match, else null, in the same time either way; no side effect. */
  async function verifyPassword(email: string, password: string): Promise<UserRow | null> {
    const user = await verifyCredentials(email, password);
    return user?.status === 'active' ? user : null;
  }

  /** The user, active or not, whose email and password match, else null, in the same time either way. */
  async function verifyCredentials(email: string, password: string): Promise<UserRow | null> {
    const user = await readUserByEmail(reader, normalizeEmail(email));
    const ok = await hasher.verify(user?.password_hash ?? (await dummyHash()), password);
    if (!user || !ok || user.password_hash === null) return null;
    return user;
  }

  /**
   * A password sign-in of an inactive user: null (as for a wrong password) unless the policy
   * deactivated them and floating seats are on; then let in, or refused for a full licence.
   */
  async function floatBack(user: UserRow): Promise<Authentication | null> {
    if (user.deactivated_by !== 'policy') return null;
    try {
      const back = await db.transaction().execute(async (trx) => reactivate(trx, user));
      if (back === null) return null;
      if (back.must_change_password === 1) return { ok: false, refused: 'MUST_CHANGE_PASSWORD' };
      return { ok: true, user: back };
    } catch (err) {
      if (err instanceof AppError && err.code === 'SEAT_LIMIT_REACHED') return { ok: false, refused: 'SEAT_LIMIT_REACHED', message: err.message };
      throw err;
    }
  }

  /**
   * Reactivates `user` at sign-in under the seat lock, through the seat check of every activation,
   * when the policy deactivated them and floating seats are on; audited with the policy as actor.
   * Null when the user may not float back (an admin deactivated them, floating seats are off).
   */
  async function reactivate(trx: Kysely<Database>, user: UserRow): Promise<UserRow | null> {
    const policy = await readSeatPolicy(trx);
    if (!policy.floating || user.deactivated_by !== 'policy') return null;
    const now = clock.now();
    await lockSeats(trx, now);
    const current = await findUserById(trx, user.id);
    if (!current) return null;
    // Another sign-in of the same user got there first.
    if (current.status === 'active') {
      await updateUser(trx, current.id, { last_login_at: now, last_active_at: now });
      return { ...current, last_login_at: now, last_active_at: now };
    }
    if (current.deactivated_by !== 'policy') return null;
    try {
      await license.assertSeatFree(trx);
    } catch (err) {
      if (err instanceof AppError && err.code === 'SEAT_LIMIT_REACHED') throw await licenceFull(trx, policy, current, err);
      throw err;
    }
    await updateUser(trx, current.id, { status: 'active', deactivated_by: null, last_login_at: now, last_active_at: now });
    await audit(trx, { kind: 'policy', name: 'floating-seats' }, 'user.activate', userTarget(current), {
      from: { status: 'inactive', role: current.role },
      to: { status: 'active', role: current.role },
      reason: 'signed in again after the idle-seat policy deactivated them',
    });
    return { ...current, status: 'active', deactivated_by: null, last_login_at: now, last_active_at: now };
  }

  /** SEAT_LIMIT_REACHED for a user who may float back but finds no seat: says whom to ask. */
  async function licenceFull(trx: Kysely<Database>, policy: SeatPolicy, user: UserRow, cause: AppError): Promise<AppError> {
    const admins = policy.contact === null ? await activeAdminEmails(trx, 3) : [];
    const ask = policy.contact ?? (admins.length === 0 ? 'an administrator' : `an administrator (${admins.join(', ')})`);
    return new AppError(
      'SEAT_LIMIT_REACHED',
      `Every seat of the licence is taken, so ${user.email} cannot be reactivated right now. Ask ${ask} to free a seat.`,
      { ...cause.details, contact: ask },
    );
  }

  async function dummyHash(): Promise<string> {
    dummy ??= hasher.hash('paddock-timing-equaliser');
    return dummy;
  }
}

export type UsersService = ReturnType<typeof createUsersService>;

function externalIdTaken(externalId: string): AppError {
  return new AppError('EXTERNAL_ID_TAKEN', `Another user already has the external id ${externalId}.`);
}
