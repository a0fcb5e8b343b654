import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { emailSchema, WORKSPACE_NAME } from '../../src/domain/rules.js';
import { describeEachDatabase } from '../support/databases.js';
import { startTestApp } from '../support/app.js';
import type { TestApp } from '../support/app.js';

const RUNS = Number(process.env['PADDOCK_FUZZ_RUNS'] ?? 200);

// null is not here: on optional fields a Python client's None means "absent", which is valid.
// NaN and Infinity are left out: JSON.stringify writes them as null.
const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
const notString = fc.oneof(fc.integer(), finite, fc.boolean(), fc.array(fc.anything(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
/** For required fields, null is as bad as absent. */
const orNull = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.constant(null));
const nasty = fc.constantFrom("'; drop table users; --", '" or 1=1 --', '%', '_', '\\', '\u0000', '\u0007bell', 'a\nb', '😀'.repeat(300), 'x'.repeat(5000));
const badEmail = fc.oneof(notString, nasty, fc.string({ maxLength: 300 }), fc.constant(`${'a'.repeat(250)}@x.io`)).filter((v) => !emailSchema.safeParse(v).success);
const badName = fc.oneof(notString, nasty, fc.string({ maxLength: 80 })).filter((v) => typeof v !== 'string' || !WORKSPACE_NAME.test(v));
const badId = fc.oneof(fc.string(), finite.filter((n) => !Number.isInteger(n)), fc.integer({ max: 0 }), fc.constant(2 ** 40), fc.boolean(), fc.constant(null));
const badEnum = (allowed: string[]) => fc.oneof(notString, fc.string()).filter((v) => !allowed.includes(v as string));
const badPersonName = fc.oneof(notString, fc.constantFrom('a\u0000b', 'tab\there', 'x'.repeat(101)));
const badPassword = fc.oneof(notString, fc.string({ maxLength: 7 }), fc.constant('p'.repeat(1025)));
const badLimit = fc.oneof(fc.constantFrom(0, -1, 1001, 1.5, '10'), notString.filter((v) => typeof v !== 'number'));
const badIds = fc.oneof(fc.string(), fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), fc.constant(Array(1001).fill('x')));
const badTime = fc.oneof(notString, fc.constantFrom('yesterday', '2026-13-01T00:00:00Z', '2026-01-01'));

type Fields = Record<string, fc.Arbitrary<unknown>>;

/** Each call: a valid body, and generators of bad values for each of its fields. */
const CALLS: Array<[string, Record<string, unknown>, Fields]> = [
  ['users/query', {}, { user_ids: badIds, search: fc.oneof(notString, fc.constant('s'.repeat(300))), status: badEnum(['active', 'inactive']), role: badEnum(['admin', 'user']), limit: badLimit, cursor: fc.oneof(notString, fc.constant('c'.repeat(900))), sort: badEnum(['role', 'status', 'email', 'first_name', 'last_name', 'last_login']), order: badEnum(['asc', 'desc']), include_total: notString.filter((v) => typeof v !== 'boolean') }],
  ['users/get_by_email', { email: 'a@x.io' }, { email: orNull(badEmail) }],
  ['users/invite', { email: 'new@x.io' }, { email: orNull(badEmail), password: badPassword, first_name: badPersonName, last_name: badPersonName, role: badEnum(['admin', 'user']) }],
  ['users/deactivate', { email: 'someone@x.io' }, { email: orNull(badEmail) }],
  ['users/activate', { email: 'someone@x.io' }, { email: orNull(badEmail) }],
  ['users/set_role', { email: 'someone@x.io', role: 'user' }, { email: orNull(badEmail), role: orNull(badEnum(['admin', 'user'])) }],
  ['workspaces/create', { workspace_name: 'fresh' }, { workspace_name: orNull(badName) }],
  ['workspaces/list', {}, { user_id: fc.oneof(notString, fc.constant('u'.repeat(65))) }],
  ['workspaces/get', { workspace_id: 1 }, { workspace_id: badId }],
  ['workspaces/add_user', { workspace_id: 1, email: 'someone@x.io' }, { workspace_id: badId, email: orNull(badEmail), user_type: badEnum(['OWNER', 'COLLABORATOR']) }],
  ['workspaces/set_user_role', { workspace_id: 1, email: 'someone@x.io', user_type: 'OWNER' }, { workspace_id: badId, email: orNull(badEmail), user_type: orNull(badEnum(['OWNER', 'COLLABORATOR'])) }],
  ['workspaces/list_users', { workspace_id: 1 }, { workspace_id: badId }],
  ['workspaces/remove_user', { workspace_id: 1, email: 'someone@x.io' }, { workspace_id: badId, email: orNull(badEmail) }],
  ['workspaces/overview', {}, { user_id: fc.oneof(notString, fc.constant('u'.repeat(65))), search: fc.oneof(notString, fc.constant('s'.repeat(64))), limit: fc.constantFrom(0, 501, 1.5, '10'), cursor: fc.oneof(notString, fc.constant('c'.repeat(801))) }],
  ['license/get', {}, {}],
  ['license/upload', { license: 'x' }, { license: fc.oneof(notString, fc.constantFrom('', '   ', 'l'.repeat(16_385))) }],
  ['doctor/check', {}, {}],
  ['doctor/fix', {}, {}],
  ['audit/query', {}, { since: badTime, until: badTime, limit: badLimit, actor: fc.oneof(notString, fc.constant('a'.repeat(400))) }],
];

/** Whole bodies that are not a JSON object at all. */
const badDocument = fc.oneof(
  fc.constantFrom('{', '{"email": ', '[]', '"text"', '42', 'true', '{"a":1}}', '\u0000'),
  // A JSON null, like no body at all, means {} (see http/auth.ts), so it is not among them.
  fc.json().filter((j) => { const v: unknown = JSON.parse(j); return v !== null && (typeof v !== 'object' || Array.isArray(v)); }),
);

describeEachDatabase('bad input never reaches storage and never answers 5xx', (database) => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp(database);
    await t.admin.inviteUser('someone@x.io');
    token = await t.adminToken();
  });
  afterAll(() => t.close());

  async function snapshot(): Promise<string> {
    const tables = ['users', 'workspaces', 'memberships', 'audit_events'] as const;
    const parts = await Promise.all(tables.map(async (table) => JSON.stringify(await sql`select * from ${sql.table(table)} order by 1, 2`.execute(t.db.kysely).then((r) => r.rows))));
    return parts.join('\n');
  }

  it.each(CALLS)('%s: generated bad bodies answer 400 with a code and change nothing', async (path, valid, fields) => {
    const before = await snapshot();
    const badBody = fc.oneof(
      ...Object.entries(fields).map(([field, bad]) => bad.map((value) => JSON.stringify({ ...valid, [field]: value, url: 'ignored' }))),
      badDocument,
    );
    await fc.assert(
      fc.asyncProperty(badBody, async (payload) => {
        const res = await t.post(path, payload, token);
        expect(res.status, `${path} ${payload.slice(0, 200)}`).toBe(400);
        expect(['VALIDATION_FAILED', 'INVALID_REQUEST']).toContain(res.body['error']);
        expect(res.body['msg']).toEqual(expect.any(String));
      }),
      { numRuns: RUNS },
    );
    expect(await snapshot()).toBe(before);
  });
});
