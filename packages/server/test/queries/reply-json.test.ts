import fastJson from 'fast-json-stringify';
import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { NewUser, UserRecord } from '../../src/db/schema.js';
import { keycloakUser } from '../../src/http/contracts/users.js';
import { presentUser, presentWorkspace } from '../../src/http/present.js';
import { workspace } from '../../src/http/contracts/workspaces.js';
import { listWorkspaces, writtenWorkspaceBatches } from '../../src/queries/workspaces.js';
import { replyJsonSchema } from '../../src/http/serializer.js';
import { readUserJsonByEmail } from '../../src/queries/users.js';
import { queryUserEntries, queryUsers } from '../../src/queries/user-pages.js';
import { userEntriesInBatches, writtenUserBatches } from '../../src/queries/user-batches.js';
import type { UserFilter } from '../../src/queries/user-listing.js';
import { firstBatch } from '../../src/queries/ranges.js';
import type { UserView } from '../../src/queries/reply-json.js';
import { describeEachDatabase } from '../support/databases.js';

/**
 * The database writes each user of a listing as JSON (queries/reply-json.ts); those bytes must be the
 * ones the reply serializer writes for `presentUser`, whatever the text holds: quotes, backslashes,
 * every control character, non-ASCII, astral characters, U+2028, and the optional fields present,
 * absent and null.
 */
const serialize = fastJson(replyJsonSchema(keycloakUser));
const writeKey = fastJson({ type: 'string' }) as (key: string) => string;

// NUL too, on SQLite: PostgreSQL's text cannot hold it (a write of it fails on every path).
const controls = (from: number) => Array.from({ length: 32 - from }, (_, c) => String.fromCharCode(from + c)).join('');
const awkward = ['"quoted"', 'back\\slash', controls(1), 'Zoë Ñúñez 山田', 'emoji 🧪 astral', 'line\u2028sep\u2029', '\u007f del', "it's </script>", ''];

function person(i: number, dialect: string): NewUser {
  const email = `u${String(i).padStart(2, '0')}@x.io`;
  const text = i === 7 && dialect === 'sqlite' ? controls(0) : (awkward[i % awkward.length] ?? '');
  return {
    id: `id-${i}-${i % 3 === 0 ? 'é"\\' : 'plain'}`,
    email,
    username: i % 4 === 0 ? `${email}\t${text}` : email,
    first_name: text,
    last_name: awkward[(i + 3) % awkward.length] ?? '',
    role: i % 2 === 0 ? 'admin' : 'user',
    status: i % 3 === 0 ? 'inactive' : 'active',
    email_verified: i % 2,
    password_hash: null,
    created_at: 1_700_000_000_000 + i * 1_234_567,
    last_login_at: i % 5 === 0 ? null : 1_750_000_000_000 + i,
    ...(i % 4 === 1 && { source: 'scim' as const, external_id: `ext-${text}-${i}` }),
  };
}

describeEachDatabase('users written as JSON by the database', (database) => {
  let db: Db;
  let records: Map<string, UserRecord>;
  beforeAll(async () => {
    db = await database.open();
    await db.kysely.insertInto('users').values(Array.from({ length: 36 }, (_, i) => person(i, database.dialect))).execute();
    records = new Map((await queryUsers(db.kysely, {})).map((u) => [u.email, u]));
  });

  it.each<UserView>(['full', 'public'])('the %s view: the serializer bytes of presentUser, for every user', async (view) => {
    const entries = await queryUserEntries(db, {}, view);
    expect(entries).toHaveLength(36);
    for (const { email, entry } of entries) {
      const record = records.get(email);
      if (!record) throw new Error(`no record for ${email}`);
      expect(entry).toBe(`${writeKey(record.id)}:${serialize(presentUser(record, view === 'full'))}`);
      expect(JSON.parse(`{${entry}}`)).toEqual({ [record.id]: presentUser(record, view === 'full') });
      // users/get_by_email's read: the same JSON, alone.
      expect(await readUserJsonByEmail(db, record.email, view)).toBe(serialize(presentUser(record, view === 'full')));
    }
    expect(await readUserJsonByEmail(db, 'nobody@x.io', view)).toBeUndefined();
  });

  it('a searched page (the walk, or every match sorted) and batches write the same entries as a listing', async () => {
    const all = new Map((await queryUserEntries(db, {}, 'full')).map((u) => [u.email, u.entry]));
    for (const tuning of [{ walkRows: 10, fewMatches: 0 }, { fewMatches: 1_000_000 }]) {
      const searched = await queryUserEntries(db, { search: 'x.io', limit: 5, sort: { by: 'last_name', order: 'desc' } }, 'full', tuning);
      expect(searched, JSON.stringify(tuning)).toHaveLength(5);
      for (const { email, entry } of searched) expect(entry, JSON.stringify(tuning)).toBe(all.get(email));
    }
    const batched: string[] = [];
    for await (const batch of userEntriesInBatches(db, {}, 'full', 7)) batched.push(...batch.map((u) => u.entry));
    expect(batched).toEqual([...all.values()]);
  });

  it.each<[string, UserFilter]>([
    ['the default order', {}],
    ['email, descending', { sort: { by: 'email', order: 'desc' } }],
    ['email, ascending, active only', { sort: { by: 'email', order: 'asc' }, status: 'active' }],
    ['last name (joined from rows)', { sort: { by: 'last_name', order: 'desc' } }],
  ])('written batches in %s: every entry once, in order, however the batches fall', async (_name, filter) => {
    for (const view of ['full', 'public'] as const) {
      const entries = await queryUserEntries(db, filter, view);
      const expected = entries.map((u) => u.entry).join(',');
      for (const size of [1, 5, 12, 36, 100]) {
        const batches: string[] = [];
        for await (const batch of writtenUserBatches(db, filter, view, size)) batches.push(typeof batch === 'string' ? batch : Buffer.from(batch).toString('utf8'));
        expect(batches.join(','), `${view}, batches of ${size}`).toBe(expected);
        // In the email order, the first batch is a tenth of the others (queries/ranges.ts).
        const first = filter.sort && filter.sort.by !== 'email' ? size : firstBatch(size);
        expect(batches.length, `${view}, batches of ${size}`).toBe(entries.length <= first ? 1 : 1 + Math.ceil((entries.length - first) / size));
      }
    }
  });

  it('written batches of no users: nothing', async () => {
    const batches: unknown[] = [];
    for await (const batch of writtenUserBatches(db, { ids: [] }, 'full', 5)) batches.push(batch);
    for await (const batch of writtenUserBatches(db, { email: 'nobody@x.io' }, 'full', 5)) batches.push(batch);
    expect(batches).toEqual([]);
  });

  it('workspaces: the serializer bytes of presentWorkspace, to the millisecond, all or a member\'s, in batches of any size', async () => {
    const writeWorkspace = fastJson(replyJsonSchema(workspace));
    // Milliseconds at the edges (0, 1, 999), the epoch, a leap day, the last millisecond of a year.
    const times = [0, 1, 999, 1_000, 951_782_400_123, 1_709_164_799_999, 1_735_689_599_999, 1_764_000_000_010];
    const ids: number[] = [];
    for (const [i, created_at] of times.entries()) {
      const row = await db.kysely
        .insertInto('workspaces')
        .values({ name: `ws ${awkward[i] ?? ''} ${i}`, created_by: person(i, database.dialect).id, created_at, archived: i % 2, default_for: i % 3 === 0 ? person(i + 9, database.dialect).id : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.push(row.id);
      if (i % 2 === 0) await db.kysely.insertInto('memberships').values({ workspace_id: row.id, user_id: 'id-1-plain', role: 'owner', created_at: 1 }).execute();
    }
    for (const memberId of [undefined, 'id-1-plain']) {
      const expected = (await listWorkspaces(db.kysely, memberId)).map((ws) => writeWorkspace(presentWorkspace(ws))).join(',');
      expect(expected.length).toBeGreaterThan(0);
      for (const size of [1, 3, 8, 50]) {
        const batches: string[] = [];
        for await (const batch of writtenWorkspaceBatches(db.kysely, memberId, size)) batches.push(typeof batch === 'string' ? batch : Buffer.from(batch).toString('utf8'));
        expect(batches.join(','), `${memberId ?? 'all'}, batches of ${size}`).toBe(expected);
      }
    }
    expect(ids).toHaveLength(times.length);
  });
});
