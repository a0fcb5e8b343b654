import { inspectSymbol, pythonJson } from './repr.js';
import type { PlatformRole, WireUser } from './types.js';

/** The fields of a {@link User}. Those after `username` but `enabled` and `createdAt` are absent when a non-admin asks. */
export interface UserFields {
  id: string;
  email: string;
  username: string;
  enabled?: boolean | undefined;
  emailVerified?: boolean | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  createdAt?: Date | undefined;
  lastLogin?: Date | null | undefined;
  role?: PlatformRole | undefined;
  source?: 'scim' | undefined;
  externalId?: string | undefined;
}

/**
 * A registered user. Prints the way the Wallaroo SDK's users do, through `String(user)`,
 * template literals and `console.log`:
 *
 * ```
 * User({"id": "45e6b641-fe57-4fb2-83d2-2c2bd201efe8", "email": "steve@ex.co", "username": "steve@ex.co"})
 * ```
 *
 * Non-admins only see `id`, `email`, `username`, `enabled` and `createdAt`; the other fields are then `undefined`.
 */
export class User {
  readonly id: string;
  readonly email: string;
  readonly username: string;
  /** Whether the user is active (may log in, holds a seat). */
  readonly enabled: boolean | undefined;
  readonly emailVerified: boolean | undefined;
  readonly firstName: string | null | undefined;
  readonly lastName: string | null | undefined;
  readonly createdAt: Date | undefined;
  /** null when the user never logged in. */
  readonly lastLogin: Date | null | undefined;
  readonly role: PlatformRole | undefined;
  /** `scim` when an identity provider (Okta, Entra ID) manages the user through SCIM; undefined for local users. */
  readonly source: 'scim' | undefined;
  /** The identity provider's id for the user (SCIM `externalId`), when it sent one. */
  readonly externalId: string | undefined;

  constructor(fields: UserFields) {
    this.id = fields.id;
    this.email = fields.email;
    this.username = fields.username;
    this.enabled = fields.enabled;
    this.emailVerified = fields.emailVerified;
    this.firstName = fields.firstName;
    this.lastName = fields.lastName;
    this.createdAt = fields.createdAt;
    this.lastLogin = fields.lastLogin;
    this.role = fields.role;
    this.source = fields.source;
    this.externalId = fields.externalId;
  }

  /** `User({"id": "...", "email": "...", "username": "..."})`, as the Wallaroo SDK prints it. */
  toString(): string {
    return `User(${pythonJson({ id: this.id, email: this.email, username: this.username })})`;
  }

  [inspectSymbol](): string {
    return this.toString();
  }

  /** Plain camelCase data; dates as ISO-8601 strings. */
  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      email: this.email,
      username: this.username,
      enabled: this.enabled,
      emailVerified: this.emailVerified,
      firstName: this.firstName,
      lastName: this.lastName,
      createdAt: this.createdAt?.toISOString(),
      lastLogin: this.lastLogin === null ? null : this.lastLogin?.toISOString(),
      role: this.role,
      source: this.source,
      externalId: this.externalId,
    };
  }
}

/**
 * A list of users that prints as `[User({...}), User({...})]`, like the Wallaroo SDK's lists.
 * Otherwise an ordinary array (`map`, `filter` and friends answer plain arrays).
 */
export class UserList extends Array<User> {
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  /** Builds a list from any iterable of users. */
  static fromUsers(users: Iterable<User>): UserList {
    const list = new UserList();
    for (const user of users) list.push(user);
    return list;
  }

  override toString(): string {
    return `[${this.map((user) => user.toString()).join(', ')}]`;
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}

/** A user as the wire (Keycloak field names) sends it, in the SDK's shape. */
export function userFromWire(wire: WireUser): User {
  const optionalDate = (ms: number | null | undefined): Date | null | undefined =>
    ms === undefined ? undefined : ms === null ? null : new Date(ms);
  return new User({
    id: wire.id,
    email: wire.email,
    username: wire.username,
    enabled: wire.enabled,
    emailVerified: wire.emailVerified,
    firstName: wire.firstName,
    lastName: wire.lastName,
    createdAt: optionalDate(wire.createdTimestamp) ?? undefined,
    lastLogin: optionalDate(wire.lastLogin),
    role: wire.realmRoles === undefined ? undefined : wire.realmRoles.includes('admin') ? 'admin' : 'user',
    source: wire.source,
    externalId: wire.externalId,
  });
}
