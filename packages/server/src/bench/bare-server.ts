/**
 * The baseline: a bare Fastify POST route, run as its own process like the Paddock server.
 * No schema, no hooks, no logger; it reads a small JSON body and answers a small JSON, in the
 * style of Fastify's own benchmarks.
 * Usage: node bare-server.js <port>
 */
import fastify from 'fastify';

const port = Number(process.argv[2]);
const app = fastify({ logger: false });

app.post('/echo', (request, reply) => {
  const { email } = request.body as { email?: unknown };
  void reply.send({ user: { id: 'bare', email } });
});
app.get('/healthz', (_request, reply) => void reply.send({ status: 'ok' }));

const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

await app.listen({ port, host: '127.0.0.1' });
