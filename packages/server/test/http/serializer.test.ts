import fastJson from 'fast-json-stringify';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { errorSchema } from '../../src/http/contract.js';
import type { Contract } from '../../src/http/contract.js';
import * as admin from '../../src/http/contracts/admin.js';
import * as identity from '../../src/http/contracts/identity.js';
import * as loginThrottle from '../../src/http/contracts/login-throttle.js';
import * as sso from '../../src/http/contracts/sso.js';
import * as users from '../../src/http/contracts/users.js';
import * as workspaces from '../../src/http/contracts/workspaces.js';
import { replyJsonSchema, replySerializerCompiler } from '../../src/http/serializer.js';
import { writtenReply, writtenValue } from '../../src/http/stream.js';

const contracts = [admin, identity, loginThrottle, sso, users, workspaces]
  .flatMap((module): unknown[] => Object.values(module))
  .filter((value): value is Contract<z.ZodType, z.ZodType> => typeof value === 'object' && value !== null && 'path' in value && 'reply' in value);

const serializerFor = (schema: z.ZodType) => replySerializerCompiler({ schema, method: 'POST', url: '/test', httpStatus: '200' });

const fullUser = {
  id: 'u1',
  email: 'ann@x.io',
  username: 'ann@x.io',
  enabled: true,
  emailVerified: false,
  firstName: 'Ann',
  lastName: 'Lee',
  createdTimestamp: 1_780_000_000_000,
  lastLogin: null,
  realmRoles: ['admin'],
};

describe('reply serializer', () => {
  it('finds every contract', () => {
    expect(contracts.length).toBeGreaterThanOrEqual(30);
  });

  it.each(contracts.map((c) => [c.path, c] as const))('%s: its reply schema has no combinator left to validate on every reply', (_path, c) => {
    const text = JSON.stringify(replyJsonSchema(c.reply));
    expect(text).not.toMatch(/"(anyOf|oneOf|allOf|if)"/);
    expect(() => fastJson(replyJsonSchema(c.reply))).not.toThrow();
  });

  it('writes a nullable object as null or as the object', () => {
    const write = serializerFor(users.usersGetByEmail.reply);
    expect(write({ user: null })).toBe('{"user":null}');
    expect(JSON.parse(write({ user: fullUser }))).toStrictEqual({ user: fullUser });
  });

  it('writes only the properties the schema names, and leaves out absent optional ones', () => {
    const write = serializerFor(users.usersGetByEmail.reply);
    const held = { id: 'u1', email: 'ann@x.io', username: 'ann@x.io', enabled: true, createdTimestamp: 1, password_hash: '$argon2id$secret', status: 'active' };
    expect(JSON.parse(write({ user: held, extra: 1 }))).toStrictEqual({ user: { id: 'u1', email: 'ann@x.io', username: 'ann@x.io', enabled: true, createdTimestamp: 1 } });
  });

  it('writes a record keyed by id in its order, with each value by the value schema', () => {
    const write = serializerFor(users.usersQuery.reply);
    const abe = { id: 'abe', email: 'a@x.io', username: 'a@x.io', enabled: false, createdTimestamp: 2 };
    const reply = { users: { zed: { ...fullUser, id: 'zed', secret: 'x' }, abe }, next_cursor: null };
    const text = write(reply);
    expect(Object.keys((JSON.parse(text) as { users: object }).users)).toEqual(['zed', 'abe']);
    expect(JSON.parse(text)).toStrictEqual({ users: { zed: { ...fullUser, id: 'zed' }, abe }, next_cursor: null });
  });

  it('keeps the extra fields of an error body (its schema is open)', () => {
    const write = serializerFor(errorSchema);
    const body = { msg: 'email: too long', code: 400, error: 'VALIDATION_FAILED', field: 'email', limit: 254 };
    expect(JSON.parse(write(body))).toStrictEqual(body);
  });

  it('escapes strings as JSON.stringify does', () => {
    const write = serializerFor(users.usersGetByEmail.reply);
    const tricky = { id: 'u"1\\', email: 'a\u2028b@x.io', username: '</script>\u0000', enabled: true, createdTimestamp: 3, firstName: 'Zoë 😀' };
    expect(JSON.parse(write({ user: tricky }))).toStrictEqual({ user: tricky });
  });

  it('a reply written around entries the database wrote has the bytes of the whole reply serialized', () => {
    const serialize = serializerFor(users.usersQuery.reply);
    const entry = fastJson(replyJsonSchema(users.keycloakUser));
    const page = writtenReply<z.input<typeof users.usersQuery.reply>, 'users'>(users.usersQuery.reply, 'users');
    const second = { ...fullUser, id: 'u2', email: 'bo"b@x.io', lastLogin: 5 };
    const entries = `"u1":${entry(fullUser)},"u2":${entry(second)}`;
    for (const rest of [{ next_cursor: null }, { next_cursor: 'abc', total: 2_000, total_exact: false }]) {
      expect(page(rest, {}, entries).json).toBe(serialize({ users: { u1: fullUser, u2: second }, ...rest }));
      expect(page(rest, {}, '').json).toBe(serialize({ users: {}, ...rest }));
    }
  });

  it('a lookup written around a user the database wrote has the bytes of the whole reply serialized, found or not', () => {
    const serialize = serializerFor(users.usersGetByEmail.reply);
    const lookup = writtenValue<z.input<typeof users.usersGetByEmail.reply>, 'user'>(users.usersGetByEmail.reply, 'user');
    const user = fastJson(replyJsonSchema(users.keycloakUser));
    expect(lookup(user(fullUser)).json).toBe(serialize({ user: fullUser }));
    expect(lookup(null).json).toBe(serialize({ user: null }));
    expect(() => writtenValue(users.usersQuery.reply, 'users')).toThrow();
  });
});
