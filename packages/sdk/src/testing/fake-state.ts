/**
 * The data and rules of the fake Paddock used by SDK and CLI unit tests: an in-memory stand-in
 * for docs/api.md, small on purpose. The real server is tested through the SDK elsewhere.
 */
import type { ErrorCode } from '../errors.js';
import { ERROR_STATUS } from '../errors.js';
import type { PlatformRole, WireAuditEvent, WireLoginLock, WireProblem, WireServiceAccount, WireSession, WireSsoProvider, WireUser, WireWorkspace, WorkspaceRole } from '../types.js';

export class FakeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export interface FakeUser {
  id: string;
  email: string;
  username: string;
  /** '' when none was given, as the server stores it. */
  firstName: string;
  lastName: string;
  role: PlatformRole;
  active: boolean;
  emailVerified: boolean;
  createdAt: number;
  lastLogin: number | null;
  password: string | null;
  /** Login is refused until the password is changed (users/change_password). */
  mustChangePassword: boolean;
}

export interface FakeWorkspace {
  id: number;
  name: string;
  createdAt: number;
  createdBy: string;
  archived: boolean;
  defaultFor: string | null;
  members: Map<string, WorkspaceRole>;
}

export type FakeAuditEvent = WireAuditEvent;

export class FakeState {
  readonly users = new Map<string, FakeUser>();
  readonly workspaces = new Map<number, FakeWorkspace>();
  readonly audit: FakeAuditEvent[] = [];
  problems: WireProblem[] = [];
  /** Service accounts with their secrets (the real server keeps only a hash). */
  serviceAccounts: (WireServiceAccount & { secret: string })[] = [];
  ssoProviders: (WireSsoProvider & { client_secret: string })[] = [];
  /** What `sessions/*` list and revoke: each login with its user's email; tests add them. */
  sessions: (WireSession & { email: string })[] = [];
  /** What `users/login_locks` lists; tests set it. */
  loginLocks: WireLoginLock[] = [];
  seats: number | null = 5;
  /** When set, `users/query` pages even when the caller asked for everything. */
  userPageSize: number | null = null;
  #ids = 0;
  #workspaceIds = 0;

  constructor(readonly now: () => number) {}

  newId(): string {
    this.#ids += 1;
    return `00000000-0000-4000-8000-${this.#ids.toString(16).padStart(12, '0')}`;
  }

  addUser(input: {
    email: string;
    password?: string | null;
    role?: PlatformRole;
    active?: boolean;
    firstName?: string;
    lastName?: string;
    mustChangePassword?: boolean;
  }): FakeUser {
    const email = input.email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new FakeError('VALIDATION_FAILED', `"${input.email}" is not an email address.`);
    if (this.byEmail(email)) throw new FakeError('EMAIL_TAKEN', `A user with email ${email} already exists.`);
    const active = input.active ?? true;
    if (active) this.checkSeat();
    const user: FakeUser = {
      id: this.newId(),
      email,
      username: email,
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      role: input.role ?? 'user',
      active,
      emailVerified: false,
      createdAt: this.now(),
      lastLogin: null,
      password: input.password ?? null,
      mustChangePassword: input.mustChangePassword ?? false,
    };
    this.users.set(user.id, user);
    this.addWorkspace(`${email} - Default Workspace`, user.id, user.id);
    return user;
  }

  addWorkspace(name: string, ownerId: string, defaultFor: string | null = null): FakeWorkspace {
    if ([...this.workspaces.values()].some((w) => w.name === name)) {
      throw new FakeError('WORKSPACE_NAME_TAKEN', `A workspace named ${name} already exists.`);
    }
    this.#workspaceIds += 1;
    const ws: FakeWorkspace = {
      id: this.#workspaceIds,
      name,
      createdAt: this.now(),
      createdBy: ownerId,
      archived: false,
      defaultFor,
      members: new Map([[ownerId, 'owner']]),
    };
    this.workspaces.set(ws.id, ws);
    return ws;
  }

  byEmail(email: string): FakeUser | undefined {
    const wanted = email.trim().toLowerCase();
    return [...this.users.values()].find((u) => u.email === wanted);
  }

  mustByEmail(email: string): FakeUser {
    const user = this.byEmail(email);
    if (!user) throw new FakeError('USER_NOT_FOUND', `No user with email ${email}.`);
    return user;
  }

  mustWorkspace(by: { id?: number; name?: string }): FakeWorkspace {
    const ws = [...this.workspaces.values()].find((w) => w.id === by.id || w.name === by.name);
    if (!ws) throw new FakeError('WORKSPACE_NOT_FOUND', `No workspace ${by.name ?? String(by.id)}.`);
    return ws;
  }

  checkSeat(): void {
    const active = [...this.users.values()].filter((u) => u.active).length;
    if (this.seats !== null && active >= this.seats) {
      throw new FakeError('SEAT_LIMIT_REACHED', `All ${this.seats} seats of the licence are taken; deactivate a user or add a licence.`);
    }
  }

  sortedUsers(): FakeUser[] {
    return [...this.users.values()].sort((a, b) => a.email.localeCompare(b.email));
  }

  record(actor: FakeUser, action: string, target: WireAuditEvent['target']): void {
    this.audit.unshift({
      id: this.audit.length + 1,
      at: new Date(this.now()).toISOString(),
      actor: { id: actor.id, label: actor.email },
      action,
      target,
      details: {},
    });
  }
}

export function wireUser(user: FakeUser, full: boolean): WireUser {
  // What the server shows non-admins (packages/server/src/http/present.ts).
  if (!full) return { id: user.id, email: user.email, username: user.username, enabled: user.active, createdTimestamp: user.createdAt };
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    enabled: user.active,
    emailVerified: user.emailVerified,
    firstName: user.firstName,
    lastName: user.lastName,
    createdTimestamp: user.createdAt,
    lastLogin: user.lastLogin,
    realmRoles: user.role === 'admin' ? ['admin'] : [],
  };
}

export function wireWorkspace(ws: FakeWorkspace): WireWorkspace {
  return {
    id: ws.id,
    name: ws.name,
    created_at: new Date(ws.createdAt).toISOString().replace('Z', '+00:00'),
    created_by: ws.createdBy,
    archived: ws.archived,
    models: [],
    pipelines: [],
    default_for: ws.defaultFor,
  };
}
