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
 * Usage: node bare-server.js <port> [<sqlite file>]
 */
import SQLite from 'better-sqlite3';
import fastify from 'fastify';

const port = Number(process.argv[2]);
const file = process.argv[3];
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
}

const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

await app.listen({ port, host: '127.0.0.1' });
