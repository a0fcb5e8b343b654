/** The `/v1/api/*` calls of the fake Paddock, following docs/api.md. */
import type { WireUserType, WorkspaceRole } from '../types.js';
import { FakeError, wireUser, wireWorkspace } from './fake-state.js';
import type { FakeState, FakeUser, FakeWorkspace } from './fake-state.js';
import { fakeIdentityApi } from './fake-identity.js';

type Body = Record<string, unknown>;
type Handler = (state: FakeState, caller: FakeUser, body: Body) => unknown;

function str(body: Body, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw new FakeError('VALIDATION_FAILED', `${key} is required.`);
  return value;
}

function optStr(body: Body, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' ? value : undefined;
}

/** The claims of a compact JWS, unchecked: the fake trusts any licence (the server's tests check signatures). */
function decodeClaims(document: string): Record<string, unknown> | null {
  try {
    const payload: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob((document.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))));
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function requireAdmin(caller: FakeUser): void {
  if (caller.role !== 'admin') throw new FakeError('FORBIDDEN', 'Only administrators may do this.');
}

function requireOwner(caller: FakeUser, ws: FakeWorkspace): void {
  if (caller.role !== 'admin' && ws.members.get(caller.id) !== 'owner') {
    throw new FakeError('FORBIDDEN', 'Only an owner of the workspace or an administrator may do this.');
  }
}

function member(state: FakeState, body: Body): { ws: FakeWorkspace; user: FakeUser } {
  const ws = state.mustWorkspace({ id: Number(body['workspace_id']) });
  const userId = optStr(body, 'user_id');
  const user = userId ? state.users.get(userId) : state.mustByEmail(str(body, 'email'));
  if (!user) throw new FakeError('USER_NOT_FOUND', `No user with id ${String(userId)}.`);
  return { ws, user };
}

function owners(ws: FakeWorkspace): number {
  return [...ws.members.values()].filter((r) => r === 'owner').length;
}

function roleOf(userType: unknown): WorkspaceRole {
  return userType === 'OWNER' ? 'owner' : 'collaborator';
}

function page<T>(items: T[], body: Body, defaultLimit: number | null): { items: T[]; next: string | null | undefined } {
  const paged = body['limit'] !== undefined || body['cursor'] !== undefined || defaultLimit !== null;
  if (!paged) return { items, next: undefined };
  const start = Number(optStr(body, 'cursor') ?? '0');
  const limit = typeof body['limit'] === 'number' ? body['limit'] : (defaultLimit ?? 100);
  const slice = items.slice(start, start + limit);
  return { items: slice, next: start + limit < items.length ? String(start + limit) : null };
}

export const fakeApi: Record<string, Handler> = {
  ...fakeIdentityApi,
  'users/query': (state, caller, body) => {
    let users = state.sortedUsers();
    const ids = body['user_ids'];
    if (Array.isArray(ids)) users = users.filter((u) => ids.includes(u.id));
    const search = optStr(body, 'search')?.toLowerCase();
    if (search) users = users.filter((u) => u.email.includes(search));
    if (body['status']) users = users.filter((u) => (u.active ? 'active' : 'inactive') === body['status']);
    if (body['role']) users = users.filter((u) => u.role === body['role']);
    const { items, next } = page(users, body, state.userPageSize);
    const reply: Body = { users: Object.fromEntries(items.map((u) => [u.id, wireUser(u, caller.role === 'admin')])) };
    if (next !== undefined) reply['next_cursor'] = next;
    return reply;
  },
  'users/get_by_email': (state, caller, body) => {
    const user = state.byEmail(str(body, 'email'));
    return { user: user ? wireUser(user, caller.role === 'admin') : null };
  },
  'users/invite': (state, caller, body) => {
    requireAdmin(caller);
    const given = optStr(body, 'password');
    const password = given ?? 'Generated-Pw-1';
    const role = body['role'] === 'admin' ? 'admin' : 'user';
    const firstName = optStr(body, 'first_name');
    const lastName = optStr(body, 'last_name');
    const user = state.addUser({
      email: str(body, 'email'),
      password,
      role,
      mustChangePassword: given === undefined || body['require_reset'] === true,
      ...(firstName === undefined ? {} : { firstName }),
      ...(lastName === undefined ? {} : { lastName }),
    });
    state.record(caller, 'user.invite', { type: 'user', id: user.id, label: user.email });
    return { id: user.id, password };
  },
  'users/deactivate': (state, caller, body) => {
    requireAdmin(caller);
    const user = state.mustByEmail(str(body, 'email'));
    if (user.id === caller.id) throw new FakeError('SELF_DEACTIVATION', 'You cannot deactivate yourself.');
    user.active = false;
    state.record(caller, 'user.deactivate', { type: 'user', id: user.id, label: user.email });
    return {};
  },
  'users/activate': (state, caller, body) => {
    requireAdmin(caller);
    const user = state.mustByEmail(str(body, 'email'));
    if (!user.active) state.checkSeat();
    user.active = true;
    state.record(caller, 'user.activate', { type: 'user', id: user.id, label: user.email });
    return {};
  },
  'users/set_role': (state, caller, body) => {
    requireAdmin(caller);
    const user = state.mustByEmail(str(body, 'email'));
    user.role = body['role'] === 'admin' ? 'admin' : 'user';
    return {};
  },
  'workspaces/create': (state, caller, body) => {
    const name = str(body, 'workspace_name');
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(name) || name.endsWith('-')) {
      throw new FakeError('VALIDATION_FAILED', `"${name}" is not a valid workspace name.`);
    }
    return { workspace_id: state.addWorkspace(name, caller.id).id };
  },
  'workspaces/list': (state, caller, body) => {
    const userId = caller.role === 'admin' ? optStr(body, 'user_id') : caller.id;
    const all = [...state.workspaces.values()];
    return { workspaces: all.filter((w) => userId === undefined || w.members.has(userId)).map(wireWorkspace) };
  },
  'workspaces/get': (state, caller, body) => {
    const by = body['name'] === undefined ? { id: Number(body['workspace_id']) } : { name: str(body, 'name') };
    const ws = state.mustWorkspace(by);
    if (caller.role !== 'admin' && !ws.members.has(caller.id)) throw new FakeError('FORBIDDEN', 'Not a member.');
    return { workspace: wireWorkspace(ws) };
  },
  'workspaces/add_user': (state, caller, body) => {
    const { ws, user } = member(state, body);
    requireOwner(caller, ws);
    const role = roleOf(body['user_type']);
    const current = ws.members.get(user.id);
    if (current === role || current === 'owner') throw new FakeError('MEMBER_EXISTS', `${user.email} is already a member.`);
    ws.members.set(user.id, role);
    return {};
  },
  'workspaces/set_user_role': (state, caller, body) => {
    const { ws, user } = member(state, body);
    requireOwner(caller, ws);
    const current = ws.members.get(user.id);
    if (!current) throw new FakeError('MEMBER_NOT_FOUND', `${user.email} is not a member.`);
    const role = roleOf(body['user_type']);
    if (current === 'owner' && role !== 'owner' && owners(ws) === 1) throw new FakeError('LAST_OWNER', 'A workspace keeps at least one owner.');
    ws.members.set(user.id, role);
    return {};
  },
  'workspaces/list_users': (state, caller, body) => {
    const ws = state.mustWorkspace({ id: Number(body['workspace_id']) });
    if (caller.role !== 'admin' && !ws.members.has(caller.id)) throw new FakeError('FORBIDDEN', 'Not a member.');
    const users = [...ws.members].map(([id, role]) => ({
      user_id: id,
      user_type: (role === 'owner' ? 'OWNER' : 'COLLABORATOR') satisfies WireUserType,
      email: state.users.get(id)?.email ?? '',
    }));
    return { users };
  },
  'workspaces/remove_user': (state, caller, body) => {
    const { ws, user } = member(state, body);
    requireOwner(caller, ws);
    const current = ws.members.get(user.id);
    if (!current) throw new FakeError('MEMBER_NOT_FOUND', `${user.email} is not a member.`);
    if (ws.defaultFor === user.id) throw new FakeError('DEFAULT_WORKSPACE', 'A user stays in their default workspace.');
    if (current === 'owner' && owners(ws) === 1) throw new FakeError('LAST_OWNER', 'A workspace keeps at least one owner.');
    ws.members.delete(user.id);
    return { affected_rows: 1 };
  },
  'license/get': (state, caller) => {
    requireAdmin(caller);
    const active = [...state.users.values()].filter((u) => u.active).length;
    return {
      edition: state.seats === 5 ? 'community' : 'enterprise',
      seats: state.seats,
      active_users: active,
      seats_left: state.seats === null ? null : Math.max(0, state.seats - active),
      over_by: state.seats === null ? 0 : Math.max(0, active - state.seats),
      licensee: null,
      expires_at: null,
      source: state.seats === 5 ? 'none' : 'PADDOCK_LICENSE',
      set_aside: [],
    };
  },
  'license/upload': (state, caller, body) => {
    requireAdmin(caller);
    const claims = decodeClaims(str(body, 'license'));
    if (claims?.['edition'] !== 'enterprise') throw new FakeError('LICENSE_INVALID', 'This licence cannot be installed: not a valid licence.');
    state.seats = typeof claims['seats'] === 'number' ? claims['seats'] : null;
    const active = [...state.users.values()].filter((u) => u.active).length;
    const overBy = state.seats === null ? 0 : Math.max(0, active - state.seats);
    return {
      edition: 'enterprise',
      seats: state.seats,
      active_users: active,
      seats_left: state.seats === null ? null : Math.max(0, state.seats - active),
      over_by: overBy,
      licensee: typeof claims['sub'] === 'string' ? claims['sub'] : null,
      expires_at: null,
      source: 'uploaded',
      set_aside: [],
      warning: overBy > 0 ? `${active} users are active but the licence allows ${state.seats}: ${overBy} over the licence.` : null,
    };
  },
  'audit/query': (state, caller, body) => {
    requireAdmin(caller);
    let events = state.audit;
    const action = optStr(body, 'action');
    if (action) events = events.filter((e) => e.action === action);
    const actor = optStr(body, 'actor');
    if (actor) events = events.filter((e) => e.actor.id === actor || e.actor.label === actor);
    const { items, next } = page(events, body, 100);
    return { events: items, next_cursor: next ?? null };
  },
  'users/login_locks': (state, caller, body) => {
    requireAdmin(caller);
    const email = optStr(body, 'email')?.trim().toLowerCase();
    return { locks: state.loginLocks.filter((l) => email === undefined || l.key === `account:${email}`) };
  },
  'users/clear_login_lock': (state, caller, body) => {
    requireAdmin(caller);
    const email = optStr(body, 'email')?.trim().toLowerCase();
    const key = email === undefined ? `address:${str(body, 'address')}` : `account:${email}`;
    state.loginLocks = state.loginLocks.filter((l) => l.key !== key);
    state.record(caller, 'user.clear_login_lock', { type: email === undefined ? 'system' : 'user', id: null, label: key });
    return {};
  },
  'doctor/check': (state, caller) => {
    requireAdmin(caller);
    return { problems: state.problems };
  },
  'doctor/fix': (state, caller) => {
    requireAdmin(caller);
    const fixed = state.problems.filter((p) => p.fixable);
    state.problems = state.problems.filter((p) => !p.fixable);
    return { fixed, remaining: state.problems };
  },
};
