import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { User, UserList, userFromWire } from '../src/user.js';

const steve = new User({ id: '45e6b641-fe57-4fb2-83d2-2c2bd201efe8', email: 'steve@ex.co', username: 'steve@ex.co' });
const ann = new User({ id: 'a1', email: 'ann@ex.co', username: 'ann' });
const STEVE = 'User({"id": "45e6b641-fe57-4fb2-83d2-2c2bd201efe8", "email": "steve@ex.co", "username": "steve@ex.co"})';
const ANN = 'User({"id": "a1", "email": "ann@ex.co", "username": "ann"})';

describe('User printing', () => {
  it('prints exactly as the Wallaroo SDK through String and template literals', () => {
    expect(String(steve)).toBe(STEVE);
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- template literals are what this checks
    expect(`${steve}`).toBe(STEVE);
  });

  it('prints the same through util.inspect, which console.log uses', () => {
    expect(inspect(steve)).toBe(STEVE);
    expect(format(steve)).toBe(STEVE); // console.log's formatting
    expect(inspect({ user: steve }, { breakLength: Infinity })).toBe(`{ user: ${STEVE} }`);
  });

  it('escapes non-ASCII characters as Python json.dumps does', () => {
    const jose = new User({ id: 'x', email: 'josé@ex.co', username: 'j"o' });
    expect(String(jose)).toBe('User({"id": "x", "email": "jos\\u00e9@ex.co", "username": "j\\"o"})');
  });

  it('prints a list as [User({...}), User({...})] through String and inspect', () => {
    const list = UserList.fromUsers([steve, ann]);
    expect(String(list)).toBe(`[${STEVE}, ${ANN}]`);
    expect(inspect(list)).toBe(`[${STEVE}, ${ANN}]`);
    expect(format(list)).toBe(`[${STEVE}, ${ANN}]`);
    expect(String(UserList.fromUsers([]))).toBe('[]');
  });

  it('keeps list helpers returning plain arrays', () => {
    const list = UserList.fromUsers([steve, ann]);
    const emails = list.map((u) => u.email);
    expect(emails).toEqual(['steve@ex.co', 'ann@ex.co']);
    expect(emails).not.toBeInstanceOf(UserList);
    expect(list.filter((u) => u.id === 'a1')[0]).toBe(ann);
  });
});

describe('userFromWire', () => {
  it('maps Keycloak fields to camelCase, dates and role', () => {
    const user = userFromWire({
      id: 'u1',
      email: 'ann@ex.co',
      username: 'ann@ex.co',
      enabled: false,
      emailVerified: true,
      firstName: 'Ann',
      lastName: 'Lee',
      createdTimestamp: Date.UTC(2024, 4, 1),
      lastLogin: null,
      realmRoles: ['admin'],
    });
    expect(user.createdAt?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(user.lastLogin).toBeNull();
    expect(user.role).toBe('admin');
    expect(user.enabled).toBe(false);
    expect(JSON.parse(JSON.stringify(user))).toMatchObject({ id: 'u1', role: 'admin', createdAt: '2024-05-01T00:00:00.000Z' });
  });

  it('leaves fields a non-admin cannot see undefined', () => {
    // What the server sends non-admins (presentUser with full false).
    const user = userFromWire({ id: 'u1', email: 'ann@ex.co', username: 'ann@ex.co', enabled: true, createdTimestamp: Date.UTC(2024, 4, 1) });
    expect(user.role).toBeUndefined();
    expect(user.firstName).toBeUndefined();
    expect(user.lastLogin).toBeUndefined();
    expect(user.createdAt?.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(String(user)).toBe('User({"id": "u1", "email": "ann@ex.co", "username": "ann@ex.co"})');
  });
});
