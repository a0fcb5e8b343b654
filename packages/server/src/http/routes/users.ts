import type { FastifyInstance } from 'fastify';
import type { PasswordsService } from '../../services/passwords.js';
import type { UserImport } from '../../services/user-import.js';
import type { Actor } from '../../services/actor.js';
import type { UserListFilter } from '../../services/user-reads.js';
import type { UsersService } from '../../services/users.js';
import { andThen } from '../../soon.js';
import type { Soon } from '../../soon.js';
import { mount, mountTokenOptional } from '../contract.js';
import { usersActivate, usersChangePassword, usersDeactivate, usersGetByEmail, usersImport, usersInvite, usersQuery, usersSetRole, usersUpdate } from '../contracts/users.js';
import type { z } from 'zod';
import { streamedReply, writtenReply, writtenValue } from '../stream.js';
import type { Streamed, Written } from '../stream.js';

/** Users the database wrote as entries of a reply keyed by id, as that object's content. */
const joinEntries = (users: ReadonlyArray<{ entry: string }>): string => users.map((u) => u.entry).join(',');

export function userRoutes(app: FastifyInstance, users: UsersService, passwords: PasswordsService, userImport: UserImport): void {
  const streamedQuery = streamedReply<z.input<typeof usersQuery.reply>, 'users'>(usersQuery.reply, 'users');
  const writtenQuery = writtenReply<z.input<typeof usersQuery.reply>, 'users'>(usersQuery.reply, 'users');
  const writtenLookup = writtenValue<z.input<typeof usersGetByEmail.reply>, 'user'>(usersGetByEmail.reply, 'user');

  // Wallaroo's unpaged listing: everyone who matches, written as it is read.
  const unpaged = async (actor: Actor, filter: UserListFilter, includeTotal: boolean): Promise<Streamed> => {
    const [batches, total] = await Promise.all([users.listAll(actor, filter), includeTotal ? users.countListed(actor, filter) : undefined]);
    return streamedQuery({ ...(total !== undefined && { total }) }, {}, batches);
  };

  mount(app, usersQuery, (body, actor): Soon<Written | Streamed> => {
    const filter = {
      ...(body.user_ids && { ids: body.user_ids }),
      ...(body.search && { search: body.search }),
      ...(body.status && { status: body.status }),
      ...(body.role && { role: body.role }),
      ...((body.sort !== undefined || body.order !== undefined) && { sort: { by: body.sort ?? 'email', order: body.order ?? 'asc' } }),
    };
    if (body.limit === undefined && body.cursor === undefined && body.offset === undefined) return unpaged(actor, filter, body.include_total === true);
    const page = users.page(actor, { ...filter, limit: body.limit ?? 100, includeTotal: body.include_total === true, ...(body.cursor !== undefined && { cursor: body.cursor }), ...(body.offset !== undefined && { offset: body.offset }) });
    return andThen(page, ({ users: entries, nextCursor, total, totalExact }) =>
      writtenQuery({ next_cursor: nextCursor, ...(total !== undefined && { total, total_exact: totalExact ?? true }) }, {}, joinEntries(entries)),
    );
  });

  mount(app, usersGetByEmail, (body, actor): Soon<Written> => andThen(users.lookup(actor, body.email), writtenLookup));

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

  mount(app, usersImport, async (body, actor) => {
    const rows = body.users.map((u, i) => ({
      line: u.line ?? i + 1,
      email: u.email,
      firstName: u.first_name,
      lastName: u.last_name,
      role: u.role,
      status: u.status,
      passwordHash: u.password_hash,
    }));
    const result = await userImport.importUsers(actor, rows, { dryRun: body.dry_run === true });
    return { dry_run: result.dryRun, created: result.created, skipped: result.skipped, refused: result.refused, rows: result.rows };
  });

  mount(app, usersSetRole, async (body, actor) => {
    await users.setRole(actor, body.email, body.role);
    return {};
  });
}
