import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import { containsAny, ftsContains, ftsQuery, hasShortGram, isShortSearch, isSqlite } from './like.js';
import { inRanges, POSTGRES_READS_IN_FLIGHT } from './ranges.js';
import { joinedJson, workspaceJson } from './reply-json.js';
import type { Database, MembershipRow, WorkspaceRow } from '../db/schema.js';

type Db = Kysely<Database>;
export type MemberRole = MembershipRow['role'];

export async function insertWorkspace(
  db: Db,
  ws: { name: string; created_by: string; created_at: number; default_for: string | null; external_id?: string | null; source?: WorkspaceRow['source'] },
): Promise<number> {
  const row = await db.insertInto('workspaces').values(ws).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findWorkspaceById(db: Db, id: number): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findWorkspaceByName(db: Db, name: string): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspaces').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findWorkspaceByExternalId(db: Db, externalId: string): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspaces').selectAll().where('external_id', '=', externalId).executeTakeFirst();
}

export async function findDefaultWorkspace(db: Db, userId: string): Promise<WorkspaceRow | undefined> {
  return db.selectFrom('workspaces').selectAll().where('default_for', '=', userId).executeTakeFirst();
}

/**
 * Locks the workspace row until the transaction ends (an idempotent write), so membership
 * changes to one workspace are serialised. Returns false when there is no such workspace.
 */
export async function lockWorkspace(db: Db, id: number): Promise<boolean> {
  const result = await db.updateTable('workspaces').set((eb) => ({ archived: eb.ref('archived') })).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** All workspaces, or those `memberId` belongs to, by id. */
export async function listWorkspaces(db: Db, memberId?: string): Promise<WorkspaceRow[]> {
  return workspacesListing(db, memberId).execute();
}

/** Positions in the listing by id: after one, through one, and how many at most. */
interface WorkspaceRange {
  afterId?: number;
  throughId?: number;
  limit?: number;
}

function workspacesListing(db: Db, memberId: string | undefined, range: WorkspaceRange = {}) {
  let q = db.selectFrom('workspaces').selectAll('workspaces').orderBy('workspaces.id');
  if (memberId !== undefined) {
    q = q.innerJoin('memberships', 'memberships.workspace_id', 'workspaces.id').where('memberships.user_id', '=', memberId);
  }
  if (range.afterId !== undefined) q = q.where('workspaces.id', '>', range.afterId);
  if (range.throughId !== undefined) q = q.where('workspaces.id', '<=', range.throughId);
  if (range.limit !== undefined) q = q.limit(range.limit);
  return q;
}

/**
 * What `listWorkspaces` gives, written by the database about `batchSize` at a time (ranges of ids,
 * see `inRanges`; nothing held between batches): each batch its workspaces as JSON (see
 * `workspaceJson`) joined by commas, as one value of one statement.
 */
export async function* writtenWorkspaceBatches(db: Db, memberId: string | undefined, batchSize: number): AsyncGenerator<string | Uint8Array> {
  const bound = async (afterId: number | undefined, size: number) => {
    const end = await db
      .selectFrom(workspacesListing(db, memberId, { ...(afterId !== undefined && { afterId }), limit: size }).clearSelect().select('workspaces.id').as('listed'))
      .select([sql<number | string | null>`max(id)`.as('through'), sql<number | string>`count(*)`.as('rows')])
      .executeTakeFirstOrThrow();
    return { through: end.through === null ? null : Number(end.through), rows: Number(end.rows) };
  };
  const read = async (afterId: number | undefined, throughId: number) =>
    (
      await db
        .selectFrom(workspacesListing(db, memberId, { ...(afterId !== undefined && { afterId }), throughId }).as('listed'))
        .select(joinedJson(db, workspaceJson(db), sql`id`).as('items'))
        .executeTakeFirstOrThrow()
    ).items;
  for await (const items of inRanges(bound, read, batchSize, isSqlite(db) ? 1 : POSTGRES_READS_IN_FLIGHT)) {
    if (items !== null) yield items;
  }
}

export async function updateWorkspace(
  db: Db,
  id: number,
  patch: Partial<Pick<WorkspaceRow, 'name' | 'archived' | 'default_for' | 'external_id' | 'source' | 'updated_at' | 'scim_deleted_at'>>,
): Promise<void> {
  await db.updateTable('workspaces').set(patch).where('id', '=', id).execute();
}

export async function insertMembership(db: Db, m: MembershipRow): Promise<void> {
  await db.insertInto('memberships').values(m).execute();
}

export async function findMembership(db: Db, workspaceId: number, userId: string): Promise<MembershipRow | undefined> {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function setMembershipRole(db: Db, workspaceId: number, userId: string, role: MemberRole): Promise<void> {
  await db.updateTable('memberships').set({ role }).where('workspace_id', '=', workspaceId).where('user_id', '=', userId).execute();
}

export async function deleteMembership(db: Db, workspaceId: number, userId: string): Promise<number> {
  const result = await db.deleteFrom('memberships').where('workspace_id', '=', workspaceId).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countOwners(db: Db, workspaceId: number): Promise<number> {
  const row = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface MemberRow {
  user_id: string;
  email: string;
  role: MemberRole;
}

export async function listMembers(db: Db, workspaceId: number): Promise<MemberRow[]> {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.user_id', 'users.email', 'memberships.role'])
    .where('memberships.workspace_id', '=', workspaceId)
    .orderBy('users.email')
    .execute();
}

/** Users that have no default workspace (what `doctor` repairs). */
export async function usersWithoutDefaultWorkspace(db: Db): Promise<Array<{ id: string; email: string }>> {
  return db
    .selectFrom('users')
    .leftJoin('workspaces', 'workspaces.default_for', 'users.id')
    .select(['users.id', 'users.email'])
    .where('workspaces.id', 'is', null)
    .orderBy('users.email')
    .execute();
}

/**
 * True where the row's workspace has no owner membership (none of `workspaces.default_for`'s user
 * alone, with `ofDefaultUser`): what `doctor` looks for.
 */
function lacksOwner(ofDefaultUser: boolean): RawBuilder<boolean> {
  const whose = ofDefaultUser ? sql` and memberships.user_id = workspaces.default_for` : sql``;
  return sql<boolean>`not exists (select 1 from memberships where memberships.workspace_id = workspaces.id and memberships.role = 'owner'${whose})`;
}

/** Default workspaces whose user is not an owner of them (what `doctor` repairs). */
export async function defaultWorkspacesNotOwned(db: Db): Promise<Array<WorkspaceRow & { email: string }>> {
  return db
    .selectFrom('workspaces')
    .innerJoin('users', 'users.id', 'workspaces.default_for')
    .selectAll('workspaces')
    .select('users.email')
    .where(lacksOwner(true))
    .orderBy('workspaces.id')
    .execute();
}

/** Workspaces with no owner (what `doctor` repairs). */
export async function workspacesWithoutOwner(db: Db): Promise<WorkspaceRow[]> {
  return db.selectFrom('workspaces').selectAll().where(lacksOwner(false)).orderBy('id').execute();
}

export interface WorkspacePageFilter {
  /** Only workspaces this user belongs to. */
  memberId?: string;
  /** Part of the name, case-insensitive. */
  search?: string;
  /** Workspaces whose id is greater (keyset paging). */
  afterId?: number;
  limit: number;
}

/**
 * One page of workspaces by id; a range scan of the primary key (or of `memberships_user`). A
 * search first walks the next `walk` workspaces (a common text fills its page there, where
 * the indexes would hand over every one of its matches), then, if the page is not full and more
 * workspaces follow, reads the indexes (`workspacesPage`), as a users search does (`searchWalk`).
 */
export async function pageWorkspaces(db: Db, filter: WorkspacePageFilter, walk = SEARCH_WALK): Promise<WorkspaceRow[]> {
  if (filter.search === undefined || filter.search === '') return workspacesPage(db, filter).execute();
  if (isSqlite(db) && filter.memberId === undefined && !isShortSearch(filter.search)) return (await workspacesMatchedInOrder(db, { ...filter, search: filter.search }).execute(db)).rows;
  const walked = workspacesPage(db, { ...filter, search: undefined, limit: walk }).as('walked');
  const rows = await db.selectFrom(walked).selectAll().where(containsAny([sql`lower(walked.name)`], filter.search)).orderBy('walked.id').limit(filter.limit).execute();
  if (rows.length === filter.limit) return rows;
  const seen = await db.selectFrom(walked).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  if (Number(seen.n) < walk) return rows; // the walk reached the end: every match is in `rows`
  return workspacesPage(db, filter).execute();
}

/**
 * SQLite, a text of 3 characters or more, all workspaces: the page as the FTS5 table finds its
 * matches, in rowid order, which is the page's (a workspace's rowid is its id), so the read stops
 * at the page's last match: a text in 20,000 of a million workspaces costs the rows before its
 * 51st match, not all 20,000 sorted. (A member's page joins their memberships, and a text of 1 or
 * 2 characters is an OR of many trigrams, slow to set up: both walk first.)
 */
export function workspacesMatchedInOrder(db: Db, filter: Omit<WorkspacePageFilter, 'memberId'> & { search: string }) {
  const like = containsAny([sql`lower(workspaces.name)`], filter.search);
  const after = filter.afterId === undefined ? sql`` : sql` and workspaces_search.rowid > ${filter.afterId}`;
  // `cross join`: SQLite keeps the FTS5 table outside, reading it in rowid order (consumed: no sort).
  return sql<WorkspaceRow>`select workspaces.* from workspaces_search cross join workspaces on workspaces.id = workspaces_search.rowid
    where workspaces_search match ${ftsQuery('workspaces_search', filter.search)}${after} and ${like}
    order by workspaces_search.rowid limit ${filter.limit}`;
}

/** How many workspaces a searched page first walks by id (a few milliseconds). */
const SEARCH_WALK = 2_000;

/** The query of `pageWorkspaces` without its walk, unexecuted (its plan is tested: a search reads the trigram index). */
export function workspacesPage(db: Db, filter: Omit<WorkspacePageFilter, 'search'> & { search?: string | undefined }) {
  let q = db.selectFrom(workspacesSource(db, filter.search)).selectAll('workspaces').orderBy('workspaces.id').limit(filter.limit);
  if (filter.memberId !== undefined) {
    q = q.innerJoin('memberships', 'memberships.workspace_id', 'workspaces.id').where('memberships.user_id', '=', filter.memberId);
  }
  if (filter.afterId !== undefined) q = q.where('workspaces.id', '>', filter.afterId);
  return q;
}

/**
 * The workspaces a page reads: the table, or, for a search, the ones whose name contains the
 * text, found through the indexes of migrations 0009 and 0015 first, as `usersSource` does for
 * users (queries/user-listing.ts).
 */
function workspacesSource(db: Db, search: string | undefined) {
  if (search === undefined || search === '') return sql<WorkspaceRow>`workspaces`.as('workspaces');
  const like = containsAny([sql`lower(name)`], search);
  if (isSqlite(db)) {
    return sql<WorkspaceRow>`(select * from workspaces where id in ${ftsContains('workspaces_search', search)} and ${like} limit -1 offset 0)`.as('workspaces');
  }
  const grams = isShortSearch(search) ? sql` and ${hasShortGram([sql`paddock_short_grams(lower(name))`], search)}` : sql``;
  return sql<WorkspaceRow>`(select * from workspaces where ${like}${grams} offset 0)`.as('workspaces');
}

/** Member counts of these workspaces (absent: none). */
export async function countMembers(db: Db, workspaceIds: readonly number[]): Promise<Map<number, number>> {
  if (workspaceIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('memberships')
    .select(['workspace_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('workspace_id', 'in', workspaceIds)
    .groupBy('workspace_id')
    .execute();
  return new Map(rows.map((r) => [r.workspace_id, Number(r.n)]));
}

/** Every membership of these workspaces with one of `roles`, or of one user, with emails. */
export async function membershipsOf(
  db: Db,
  workspaceIds: readonly number[],
  only: { role: MemberRole } | { userId: string },
): Promise<Array<MemberRow & { workspace_id: number }>> {
  if (workspaceIds.length === 0) return [];
  let q = db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['memberships.workspace_id', 'memberships.user_id', 'users.email', 'memberships.role'])
    .where('memberships.workspace_id', 'in', workspaceIds)
    .orderBy('users.email');
  q = 'role' in only ? q.where('memberships.role', '=', only.role) : q.where('memberships.user_id', '=', only.userId);
  return q.execute();
}
