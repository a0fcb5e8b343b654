import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { Filter } from 'scim2-parse-filter';
import type { Database, UserRow, WorkspaceRow } from '../db/schema.js';
import { AppError } from '../errors.js';

type Db = Kysely<Database>;
type Condition = RawBuilder<boolean>;

/*
 * SCIM filters (RFC 7644 §3.4.2.2), parsed by scim2-parse-filter, as SQL conditions over a
 * whitelist of attributes. Values are always bound parameters; an attribute or an operator outside
 * the whitelist is VALIDATION_FAILED with scimType invalidFilter.
 */

type Kind = 'string' | 'exact' | 'boolean' | 'date';

interface Attribute {
  kind: Kind;
  /** The SQL expression; strings that compare case-insensitively come lower-cased. */
  column: RawBuilder<unknown>;
  /** Whether the column can be null (`pr`, `ne`). */
  nullable?: boolean;
}

/** A multi-valued attribute that a value path (`emails[type eq "work"]`) may select in. */
interface MultiValued {
  sub: Record<string, Attribute>;
  /** The condition on the row when the value path's filter holds for one of its values. */
  wrap?: (inner: Condition) => Condition;
}

interface Scope {
  attributes: Record<string, Attribute>;
  multi: Record<string, MultiValued>;
  urn: string;
}

const lastModified = (table: string) => sql`coalesce(${sql.ref(`${table}.updated_at`)}, ${sql.ref(`${table}.created_at`)})`;

const EMAIL: Attribute = { kind: 'string', column: sql.ref('users.email') };

/** Each user has one email: `type` "work", primary. */
const USER_SCOPE: Scope = {
  urn: 'urn:ietf:params:scim:schemas:core:2.0:user:',
  attributes: {
    id: { kind: 'exact', column: sql.ref('users.id') },
    username: EMAIL,
    externalid: { kind: 'exact', column: sql.ref('users.external_id'), nullable: true },
    'emails.value': EMAIL,
    'emails.type': { kind: 'string', column: sql.lit('work') },
    'emails.primary': { kind: 'boolean', column: sql`1 = 1` },
    'name.givenname': { kind: 'string', column: sql`lower(users.first_name)` },
    'name.familyname': { kind: 'string', column: sql`lower(users.last_name)` },
    active: { kind: 'boolean', column: sql`users.status = 'active'` },
    'meta.created': { kind: 'date', column: sql.ref('users.created_at') },
    'meta.lastmodified': { kind: 'date', column: lastModified('users') },
  },
  multi: {
    emails: {
      sub: {
        value: EMAIL,
        type: { kind: 'string', column: sql.lit('work') },
        primary: { kind: 'boolean', column: sql`1 = 1` },
      },
    },
  },
};

const memberExists = (inner: Condition) => sql<boolean>`exists (select 1 from memberships where memberships.workspace_id = workspaces.id and ${inner})`;

const GROUP_SCOPE: Scope = {
  urn: 'urn:ietf:params:scim:schemas:core:2.0:group:',
  attributes: {
    id: { kind: 'exact', column: sql`cast(workspaces.id as text)` },
    displayname: { kind: 'string', column: sql`lower(workspaces.name)` },
    externalid: { kind: 'exact', column: sql.ref('workspaces.external_id'), nullable: true },
    'meta.created': { kind: 'date', column: sql.ref('workspaces.created_at') },
    'meta.lastmodified': { kind: 'date', column: lastModified('workspaces') },
  },
  multi: {
    members: { sub: { value: { kind: 'exact', column: sql.ref('memberships.user_id') } }, wrap: memberExists },
  },
};

function invalidFilter(message: string): AppError {
  return new AppError('VALIDATION_FAILED', `filter: ${message}`, { scimType: 'invalidFilter' });
}

/** The attribute path without the core schema's URN, lower-cased (attribute names are case-insensitive). */
function pathOf(scope: Scope, attrPath: string): string {
  const lower = attrPath.toLowerCase();
  return lower.startsWith(scope.urn) ? lower.slice(scope.urn.length) : lower;
}

function compare(attr: Attribute, path: string, op: string, value: unknown): Condition {
  const col = attr.column;
  if (op === 'pr') return attr.nullable === true ? sql<boolean>`(${col} is not null and ${col} <> '')` : sql<boolean>`1 = 1`;
  switch (attr.kind) {
    case 'boolean': {
      if (typeof value !== 'boolean') throw invalidFilter(`${path} compares with true or false.`);
      if (op === 'eq') return value ? sql<boolean>`(${col})` : sql<boolean>`not (${col})`;
      if (op === 'ne') return value ? sql<boolean>`not (${col})` : sql<boolean>`(${col})`;
      throw invalidFilter(`${path} takes eq, ne or pr.`);
    }
    case 'date': {
      const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(ms)) throw invalidFilter(`${path} compares with an xsd:dateTime such as "2026-01-31T12:00:00Z".`);
      const sqlOp = ORDERING[op] ?? (op === 'eq' ? '=' : op === 'ne' ? '<>' : undefined);
      if (sqlOp === undefined) throw invalidFilter(`${path} takes eq, ne, gt, ge, lt, le or pr.`);
      return sql<boolean>`${col} ${sql.raw(sqlOp)} ${ms}`;
    }
    case 'string':
    case 'exact':
      return compareText(attr, path, op, value);
  }
}

const ORDERING: Record<string, string> = { gt: '>', ge: '>=', lt: '<', le: '<=' };

function compareText(attr: Attribute, path: string, op: string, value: unknown): Condition {
  if (typeof value !== 'string') throw invalidFilter(`${path} compares with a string.`);
  const v = attr.kind === 'string' ? value.toLowerCase() : value;
  const col = attr.column;
  const escaped = v.replace(/[\\%_]/g, (c) => `\\${c}`);
  switch (op) {
    case 'eq':
      return sql<boolean>`${col} = ${v}`;
    case 'ne':
      return attr.nullable === true ? sql<boolean>`(${col} is null or ${col} <> ${v})` : sql<boolean>`${col} <> ${v}`;
    case 'co':
      return sql<boolean>`${col} like ${`%${escaped}%`} escape '\\'`;
    case 'sw':
      return sql<boolean>`${col} like ${`${escaped}%`} escape '\\'`;
    case 'ew':
      return sql<boolean>`${col} like ${`%${escaped}`} escape '\\'`;
    default: {
      const sqlOp = ORDERING[op];
      if (sqlOp === undefined) throw invalidFilter(`unknown operator ${op}.`);
      return sql<boolean>`${col} ${sql.raw(sqlOp)} ${v}`;
    }
  }
}

function condition(scope: Scope, f: Filter, within?: { name: string; multi: MultiValued }): Condition {
  switch (f.op) {
    case 'and':
    case 'or':
      return sql<boolean>`(${sql.join(
        f.filters.map((g) => condition(scope, g, within)),
        sql.raw(f.op === 'and' ? ' and ' : ' or '),
      )})`;
    case 'not':
      return sql<boolean>`not (${condition(scope, f.filter, within)})`;
    case '[]': {
      if (within) throw invalidFilter('value paths do not nest.');
      const name = pathOf(scope, f.attrPath);
      const multi = scope.multi[name];
      if (!multi) throw invalidFilter(`${f.attrPath} is not a multi-valued attribute that can be filtered.`);
      const inner = condition(scope, f.valFilter, { name, multi });
      return multi.wrap ? multi.wrap(inner) : inner;
    }
    default: {
      const path = pathOf(scope, f.attrPath);
      const attr = within ? within.multi.sub[path] : scope.attributes[path];
      if (!attr) throw invalidFilter(`${f.attrPath} is not an attribute that can be filtered.`);
      if (!['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr'].includes(f.op)) throw invalidFilter(`unknown operator ${f.op}.`);
      return compare(attr, f.attrPath, f.op, 'compValue' in f ? f.compValue : undefined);
    }
  }
}

export interface ScimListing {
  filter?: Filter;
  /** 1-based, as SCIM counts. */
  startIndex: number;
  count: number;
}

/** The users SCIM sees (all but those it deleted), filtered, by email; and how many match in all. */
export async function scimUsers(db: Db, listing: ScimListing): Promise<{ total: number; rows: UserRow[] }> {
  const where = listing.filter === undefined ? sql<boolean>`1 = 1` : condition(USER_SCOPE, listing.filter);
  const base = db.selectFrom('users').where('users.scim_deleted_at', 'is', null).where(where);
  const [rows, total] = await Promise.all([
    listing.count === 0 ? [] : base.selectAll('users').orderBy('users.email').offset(listing.startIndex - 1).limit(listing.count).execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(total.n), rows };
}

/** The workspaces SCIM sees as groups (all but default workspaces and those it deleted), by id. */
export async function scimGroups(db: Db, listing: ScimListing): Promise<{ total: number; rows: WorkspaceRow[] }> {
  const where = listing.filter === undefined ? sql<boolean>`1 = 1` : condition(GROUP_SCOPE, memberPaths(listing.filter));
  const base = db.selectFrom('workspaces').where('workspaces.default_for', 'is', null).where('workspaces.scim_deleted_at', 'is', null).where(where);
  const [rows, total] = await Promise.all([
    listing.count === 0 ? [] : base.selectAll('workspaces').orderBy('workspaces.id').offset(listing.startIndex - 1).limit(listing.count).execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(total.n), rows };
}

/** `members.value eq "x"` as the value path `members[value eq "x"]` it means. */
function memberPaths(f: Filter): Filter {
  switch (f.op) {
    case 'and':
    case 'or':
      return { ...f, filters: f.filters.map(memberPaths) };
    case 'not':
      return { ...f, filter: memberPaths(f.filter) };
    case '[]':
      return f;
    default: {
      const path = pathOf(GROUP_SCOPE, f.attrPath);
      if (!path.startsWith('members.')) return f;
      return { op: '[]', attrPath: 'members', valFilter: { ...f, attrPath: path.slice('members.'.length) } };
    }
  }
}

export async function findScimUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).where('scim_deleted_at', 'is', null).executeTakeFirst();
}

export async function findScimGroup(db: Db, id: number): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).where('default_for', 'is', null).where('scim_deleted_at', 'is', null).executeTakeFirst();
}

/** The members of these workspaces that SCIM sees (not the users it deleted), by email. */
export async function scimMembers(db: Db, workspaceIds: readonly number[]): Promise<Array<{ workspace_id: number; user_id: string; email: string }>> {
  if (workspaceIds.length === 0) return [];
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.workspace_id', 'memberships.user_id', 'users.email'])
    .where('memberships.workspace_id', 'in', workspaceIds)
    .where('users.scim_deleted_at', 'is', null)
    .orderBy('users.email')
    .execute();
}
