/**
 * The baseline: a bare Fastify POST route, run as its own process like the Paddock server.
 * No schema, no hooks, no logger; it reads a small JSON body and answers a small JSON, in the
 * style of Fastify's own benchmarks.
 *
 * Given a SQLite file, it also serves floors: the least any server does for Paddock's answers,
 * each one raw prepared statement with nothing around it. `POST /lookup` with `{"email"}` reads
 * that user and answers it as users/get_by_email does (the JSON built by SQLite); `POST /page` with `{"after": email, "limit": n}` reads
 * the users after that email and answers them keyed by id in users/query's shape (Keycloak's
 * field names), with the whole JSON built by SQLite in the same statement: the least work that
 * answers a page.
 *
 * Given also the URL of the Paddock server that issued the bench's tokens, `POST /checked-lookup`
 * is the lookup with the least work that keeps Paddock's rules for an API call: the bearer token's
 * signature checked once and remembered until it expires (as Paddock's verifier does), the
 * caller's standing read on every request (active, token not older than its generation), then the
 * same raw read. Paddock against it shows what its own layers cost beyond what any server keeping
 * those rules pays.
 * Usage: node bare-server.js <port> [<sqlite file> [<paddock url>]]
 */
import SQLite from 'better-sqlite3';
import fastify from 'fastify';
import type { FastifyReply } from 'fastify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { GENERATION_CLAIM } from '@paddock/server/dist/identity/account.js';
import { REALM_PATH } from '@paddock/server/dist/identity/clients.js';
import { CACHE_KEY_LENGTH } from '@paddock/server/dist/identity/verify.js';

const port = Number(process.argv[2]);
const file = process.argv[3];
const issuerUrl = process.argv[4];
const app = fastify({ logger: false });

app.post('/echo', (request, reply) => {
  const { email } = request.body as { email?: unknown };
  void reply.send({ user: { id: 'bare', email } });
});
app.get('/healthz', (_request, reply) => void reply.send({ status: 'ok' }));

if (file !== undefined) {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  const user = `json_object('id', id, 'email', email, 'username', username, 'enabled', json(iif(status = 'active', 'true', 'false')),
    'emailVerified', json(iif(email_verified, 'true', 'false')), 'firstName', first_name, 'lastName', last_name,
    'createdTimestamp', created_at, 'lastLogin', last_login_at, 'realmRoles', json(iif(role = 'admin', '["admin"]', '[]')))`;
  const lookup = db.prepare<[string], { body: string }>(`select json_object('user', ${user}) as body from users where email = ?`);
  const page = db.prepare<[string, number], { body: string }>(
    `select json_object('users', json_group_object(id, ${user}), 'next_cursor', null) as body from (select * from users where email > ? order by email limit ?)`,
  );
  app.post('/lookup', (request, reply) => {
    const { email } = request.body as { email: string };
    void reply.type('application/json').send(lookup.get(email)?.body ?? '{"user":null}');
  });
  app.post('/page', (request, reply) => {
    const { after, limit } = request.body as { after: string; limit: number };
    void reply.type('application/json').send(page.get(after, limit)?.body);
  });

  if (issuerUrl !== undefined) {
    const keys = createRemoteJWKSet(new URL(`${REALM_PATH}/protocol/openid-connect/certs`, issuerUrl));
    const standing = db.prepare<[string], { status: string; token_generation: number }>('select status, token_generation from users where id = ?');
    // Keyed as Paddock's verifier keys it, by the signature's end (V8 hashes a whole token anew at each request).
    const verified = new Map<string, { token: string; sub: string; generation: number; expiresAt: number }>();
    const refuse = (reply: FastifyReply) => void reply.code(401).send({ error: 'UNAUTHENTICATED' });
    app.post('/checked-lookup', async (request, reply) => {
      const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (token === undefined) return refuse(reply);
      const key = token.slice(-CACHE_KEY_LENGTH);
      let claims = verified.get(key);
      if (claims?.token !== token || claims.expiresAt <= Date.now()) {
        const { payload } = await jwtVerify(token, keys).catch(() => ({ payload: null }));
        if (payload?.sub === undefined || payload.exp === undefined) return refuse(reply);
        claims = { token, sub: payload.sub, generation: Number(payload[GENERATION_CLAIM] ?? 0), expiresAt: payload.exp * 1000 };
        verified.set(key, claims);
      }
      const caller = standing.get(claims.sub);
      if (caller?.status !== 'active' || claims.generation < caller.token_generation) return refuse(reply);
      const { email } = request.body as { email: string };
      return reply.type('application/json').send(lookup.get(email)?.body ?? '{"user":null}');
    });
  }
}

const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

await app.listen({ port, host: '127.0.0.1' });
