import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `npm run build` writes the dashboard (packages/dashboard/dist), from src/ and dist/ alike. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../../dashboard/dist/', import.meta.url));

/** The dashboard's own pages (client-side routes): any other path is a 404 with the error body. */
const SECTIONS = /^\/(?:users|workspaces|audit|license|provisioning)(?:\/|$)/;

/** The dashboard talks to this origin only; nothing may frame it. */
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Paddock</title></head>
<body><h1>Paddock is running</h1>
<p>The dashboard has not been built. Run <code>npm run build</code> (or <code>npm start</code>, which builds first), then reload this page.</p>
<p>The API is at <code>/v1/api</code>; its documentation at <a href="/v1/api/docs">/v1/api/docs</a>.</p></body></html>
`;

/**
 * Serves the dashboard's static files at `/`, and its index page for its client-side routes
 * (`/users/…`, `/workspaces/…`, `/audit`, `/license`, `/provisioning`). Without a build, a short page says how to make one.
 */
export async function dashboardRoutes(app: FastifyInstance, options: { root?: string } = {}): Promise<void> {
  const root = options.root ?? DASHBOARD_DIST;
  const built = existsSync(path.join(root, 'index.html'));
  if (built) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: ['index.html'],
      // The build writes .br and .gz beside each hashed asset (packages/dashboard/vite.config.ts): sent
      // by Accept-Encoding, with Vary: accept-encoding, and the plain file to anyone else.
      preCompressed: true,
      setHeaders: (reply, file) => {
        if (file.endsWith('.html')) {
          reply.header('cache-control', 'no-cache');
          reply.header('content-security-policy', CSP);
        } else reply.header('cache-control', 'public, max-age=31536000, immutable'); // Vite names assets by content hash
      },
    });
  } else {
    app.log.warn({ root }, 'the dashboard is not built: run npm run build to serve it at /');
    app.get('/', { schema: { hide: true } }, async (_request, reply) => notBuilt(reply));
  }
  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    // A missing asset (`/assets/x.js`) or a path that is none of the dashboard's is a plain 404, not the index page.
    if (!SECTIONS.test(pathname)) return reply.callNotFound();
    if (!built) return notBuilt(reply);
    return reply.header('cache-control', 'no-cache').header('content-security-policy', CSP).sendFile('index.html');
  });
}

async function notBuilt(reply: FastifyReply): Promise<FastifyReply> {
  return reply.status(200).type('text/html; charset=utf-8').send(NOT_BUILT);
}
