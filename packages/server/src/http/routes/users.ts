import type { FastifyInstance } from 'fastify';
import { isAdmin } from '../../services/actor.js';
import type { PasswordsService } from '../../services/passwords.js';
import type { UsersService } from '../../services/users.js';
import { mount, mountTokenOptional } from '../contract.js';
import { usersActivate, usersChangePassword, usersDeactivate, usersGetByEmail, usersInvite, usersQuery, usersSetRole, usersUpdate } from '../contracts/users.js';
import { cursor, presentUser, sortCursor } from '../present.js';
import type { SortedUserRecord, UserPosition, UserSort } from '../../queries/users.js';

export function userRoutes(app: FastifyInstance, users: UsersService, passwords: PasswordsService): void {
  mount(app, usersQuery, async (body, actor) => {
    const paged = body.limit !== undefined || body.cursor !== undefined;
    const limit = body.limit ?? 100;
    const sort = body.sort === undefined && body.order === undefined ? undefined : { by: body.sort ?? 'email', order: body.order ?? 'asc' };
    const filter = {
      ...(body.user_ids && { ids: body.user_ids }),
      ...(body.search && { search: body.search }),
      ...(body.status && { status: body.status }),
      ...(body.role && { role: body.role }),
      ...(sort && { sort }),
    };
    const [rows, total] = await Promise.all([
      users.list(actor, { ...filter, ...(body.cursor !== undefined && position(body.cursor, sort)), ...(paged && { limit: limit + 1 }) }),
      body.include_total === true ? users.countListed(actor, filter) : undefined,
    ]);
    const page = paged ? rows.slice(0, limit) : rows;
    const full = isAdmin(actor);
    const reply = { users: Object.fromEntries(page.map((u) => [u.id, presentUser(u, full)])), ...(total !== undefined && { total }) };
    if (!paged) return reply;
    const last = page.at(-1);
    return { ...reply, next_cursor: rows.length > limit && last ? nextCursor(last, sort) : null };
  });

  mount(app, usersGetByEmail, async (body, actor) => {
    const user = await users.getByEmail(body.email);
    return { user: user && presentUser(user, isAdmin(actor)) };
  });

  mount(app, usersInvite, async (body, actor) => {
    const { user, password } = await users.invite(actor, {
      email: body.email,
      password: body.password,
      firstName: body.first_name,
      lastName: body.last_name,
      role: body.role,
      requireReset: body.require_reset,
    });
    return { id: user.id, password };
  });

  mountTokenOptional(app, usersChangePassword, async (body, caller) => {
    await passwords.change(caller.actor, caller.ip, { email: body.email, password: body.password, newPassword: body.new_password });
    return {};
  });

  mount(app, usersDeactivate, async (body, actor) => {
    await users.deactivate(actor, body.email);
    return {};
  });

  mount(app, usersActivate, async (body, actor) => {
    await users.activate(actor, body.email);
    return {};
  });

  mount(app, usersUpdate, async (body, actor) => {
    await users.update(actor, body.user_id !== undefined ? { id: body.user_id } : { email: body.email ?? '' }, {
      email: body.new_email,
      firstName: body.first_name,
      lastName: body.last_name,
    });
    return {};
  });

  mount(app, usersSetRole, async (body, actor) => {
    await users.setRole(actor, body.email, body.role);
    return {};
  });
}

/** The default order keeps Wallaroo-era cursors (the last email); other orders carry the sort key too. */
function position(value: string, sort: UserSort | undefined): { afterEmail: string } | { after: UserPosition } {
  return sort === undefined ? { afterEmail: cursor.decode(value) } : { after: sortCursor.decode(value) };
}

function nextCursor(last: SortedUserRecord, sort: UserSort | undefined): string {
  return sort === undefined ? cursor.encode(last.email) : sortCursor.encode({ key: last.sort_key, email: last.email });
}
