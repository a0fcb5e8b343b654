import { isDeepStrictEqual } from 'node:util';
import type { Target } from './load.js';
import { keptToken } from './kept-token.js';
import { call } from './paddock.js';
import type { Paddock } from './paddock.js';
import type { ServerProcess } from './processes.js';

export const PAGE = 100;

/** The baseline: the bare Fastify route, with the same bodies as users/get_by_email. */
export function baselineTarget(bare: ServerProcess, emails: readonly string[]): Target {
  const bodies = emails.map((email) => JSON.stringify({ email }));
  return { name: 'bare Fastify POST (baseline)', server: bare, path: '/echo', bodies, headers: () => ({}) };
}

/** The admin's kept token (see `keptToken`): no login before each run. */
const bearer = (paddock: Paddock) => async () => ({ authorization: `Bearer ${await keptToken(paddock)}` });

/** users/get_by_email of random seeded users; checks one answer first. */
export async function getByEmailTarget(paddock: Paddock): Promise<Target> {
  const email = paddock.emails[Math.floor(paddock.emails.length / 2)];
  const reply = await call<{ user: { email: string } | null }>(paddock, await keptToken(paddock), 'users/get_by_email', { email });
  if (reply.user?.email !== email) throw new Error(`[${paddock.label}] users/get_by_email did not find ${email}: ${JSON.stringify(reply)}`);
  return {
    name: `users/get_by_email [${paddock.label}]`,
    server: paddock,
    path: '/v1/api/users/get_by_email',
    bodies: paddock.emails.map((e) => JSON.stringify({ email: e })),
    headers: bearer(paddock),
  };
}

/**
 * users/query pages of 100 at random positions: walks every page once by cursor (checking that
 * it sees every user exactly once), then loads `{limit: 100}` and `{limit: 100, cursor}` bodies.
 */
export async function queryTarget(paddock: Paddock): Promise<Target> {
  const token = await keptToken(paddock);
  const bodies: string[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  do {
    const body: { limit: number; cursor?: string } = cursor === null ? { limit: PAGE } : { limit: PAGE, cursor };
    const reply: { users: Record<string, unknown>; next_cursor?: string | null } = await call(paddock, token, 'users/query', body);
    const ids = Object.keys(reply.users);
    if (ids.length > PAGE || (reply.next_cursor && ids.length !== PAGE)) throw new Error(`[${paddock.label}] users/query gave a page of ${ids.length}`);
    for (const id of ids) seen.add(id);
    if (ids.length === PAGE) bodies.push(JSON.stringify(body)); // only full pages are loaded
    cursor = reply.next_cursor ?? null;
  } while (cursor !== null);
  const expected = paddock.emails.length + 1; // the seeded users and the admin
  if (seen.size !== expected) throw new Error(`[${paddock.label}] paging users/query saw ${seen.size} users, expected ${expected}`);
  const name = `users/query, ${PAGE} per page [${paddock.label}]`;
  return { name, server: paddock, path: '/v1/api/users/query', bodies, headers: bearer(paddock) };
}

/**
 * The floor of users/get_by_email on SQLite: the bare Fastify route reading the same users with
 * one raw statement that builds the JSON. Checks first that it answers what Paddock answers.
 */
export async function lookupFloorTarget(floor: ServerProcess, paddock: Paddock): Promise<Target> {
  const email = paddock.emails[0] ?? '';
  const own = await call<unknown>(paddock, await keptToken(paddock), 'users/get_by_email', { email });
  const bare = await postJson(floor, '/lookup', { email });
  if (!isDeepStrictEqual(bare, own)) throw new Error(`[${paddock.label}] the lookup floor does not answer what users/get_by_email answers:\n${JSON.stringify(bare)}\n${JSON.stringify(own)}`);
  const bodies = paddock.emails.map((e) => JSON.stringify({ email: e }));
  return { name: 'floor: bare Fastify + one raw SQL read building the JSON, by email [sqlite]', server: floor, path: '/lookup', bodies, headers: () => ({}) };
}

/**
 * The floor of users/get_by_email that keeps Paddock's rules (see bare-server.ts): the same read
 * behind a remembered token check and the caller's standing read. Checks first that it answers
 * what Paddock answers with the token, and refuses a call without one.
 */
export async function checkedLookupFloorTarget(floor: ServerProcess, paddock: Paddock): Promise<Target> {
  const email = paddock.emails[0] ?? '';
  const token = await keptToken(paddock);
  const own = await call<unknown>(paddock, token, 'users/get_by_email', { email });
  const bare = await postJson(floor, '/checked-lookup', { email }, { authorization: `Bearer ${token}` });
  if (!isDeepStrictEqual(bare, own)) throw new Error(`[${paddock.label}] the checked lookup floor does not answer what users/get_by_email answers:\n${JSON.stringify(bare)}\n${JSON.stringify(own)}`);
  const anonymous = await fetch(`${floor.url}/checked-lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
  if (anonymous.status !== 401) throw new Error(`[${paddock.label}] the checked lookup floor answered ${anonymous.status} to a call without a token`);
  const bodies = paddock.emails.map((e) => JSON.stringify({ email: e }));
  return { name: 'floor keeping the rules: the same read behind a remembered token check and the caller\'s standing read [sqlite]', server: floor, path: '/checked-lookup', bodies, headers: bearer(paddock) };
}

async function postJson(server: ServerProcess, path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return response.json();
}

/**
 * The floor of a users page on SQLite: the bare Fastify route reading the same pages (PAGE + 1
 * rows, as users/query reads to know whether another page follows) with one raw statement that
 * also builds the JSON. Checks first that its first page holds the same users, field for field,
 * as Paddock's.
 */
export async function pageFloorTarget(floor: ServerProcess, paddock: Paddock): Promise<Target> {
  // Paddock first: its first login moves the admin's lastLogin.
  const own = await call<{ users: Record<string, unknown> }>(paddock, await keptToken(paddock), 'users/query', { limit: PAGE });
  const first = (await postJson(floor, '/page', { after: '', limit: PAGE })) as { users: Record<string, unknown> };
  if (!isDeepStrictEqual(first.users, own.users)) throw new Error(`[${paddock.label}] the page floor does not answer what users/query answers:\n${JSON.stringify(Object.values(first.users)[0])}\n${JSON.stringify(Object.values(own.users)[0])}`);
  const sorted = [...paddock.emails].sort();
  const bodies = sorted.slice(0, sorted.length - PAGE).map((after) => JSON.stringify({ after, limit: PAGE + 1 }));
  return { name: `floor: bare Fastify + one raw SQL read building the JSON, ${PAGE} per page [sqlite]`, server: floor, path: '/page', bodies, headers: () => ({}) };
}
