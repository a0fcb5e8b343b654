import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../../src/deps.js';
import { buildApp } from '../../src/app.js';
import type { App } from '../../src/app.js';
import type { Db } from '../../src/db/database.js';
import type { License } from '../../src/license/license.js';
import { testHasher } from '../support/services.js';

export const ADMIN = { email: 'admin@x.io', password: 'admin-password' };
const UNLIMITED: License = { edition: 'enterprise', seats: null, licensee: 'browser tests', expiresAt: null };

/** A page as a browser without JavaScript sees it: where it ended up, its status and HTML. */
export interface Page {
  url: string;
  status: number;
  html: string;
  /** Set when the redirects left the server for the client's redirect URI (not fetched). */
  redirectedTo?: string;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

function unescapeHtml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
}

/** The value of a form field (hidden or not) named `name` in the page, or undefined. */
export function field(html: string, name: string): string | undefined {
  const match = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html);
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
}

/** The action of the form with this id (or of the first form). */
export function formAction(html: string, id?: string): string | undefined {
  const pattern = id === undefined ? '<form[^>]*action="([^"]*)"' : `<form[^>]*id="${id.replace(/\./g, '\\.')}"[^>]*action="([^"]*)"`;
  const match = new RegExp(pattern).exec(html);
  return match?.[1] === undefined ? undefined : unescapeHtml(match[1]);
}

/**
 * A cookie jar over fetch that follows redirects by hand (303 turns a POST into a GET), stopping
 * when a redirect leaves `origin` or reaches `stopAt` (the client's redirect URI).
 */
export class Browser {
  readonly #cookies = new Map<string, { value: string; path: string }>();

  constructor(
    readonly origin: string,
    readonly stopAt: string[] = [],
  ) {}

  cookieNames(): string[] {
    return [...this.#cookies.keys()].map((key) => key.split('|')[0] ?? '');
  }

  #cookieHeader(url: URL): string {
    return [...this.#cookies.entries()]
      .filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([key, c]) => `${key.split('|')[0]}=${c.value}`)
      .join('; ');
  }

  #store(response: Response, url: URL): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = url.pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = val;
        if (key.toLowerCase() === 'expires' && Date.parse(val) <= Date.now()) expired = true;
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
      }
      const key = `${name}|${path}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { value, path });
    }
  }

  /** One request with the jar's cookies; no redirect followed. */
  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url, this.origin);
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = this.#cookieHeader(target);
    if (cookie !== '') headers['cookie'] = cookie;
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.#store(response, target);
    return response;
  }

  async get(url: string): Promise<Page> {
    return this.#follow(url, await this.request(url));
  }

  async post(url: string, form: Record<string, string>): Promise<Page> {
    return this.#follow(url, await this.request(url, { form }));
  }

  async #follow(url: string, first: Response): Promise<Page> {
    let response = first;
    let at = new URL(url, this.origin).href;
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops += 1) {
      const location = new URL(response.headers.get('location') ?? '', at).href;
      await response.arrayBuffer();
      if (!location.startsWith(this.origin) || this.stopAt.some((stop) => location.startsWith(stop))) {
        return { url: at, status: response.status, html: '', redirectedTo: location };
      }
      at = location;
      response = await this.request(location);
    }
    return { url: at, status: response.status, html: await response.text() };
  }
}

/** Fills in and submits the login page shown at `page`. */
export async function signIn(browser: Browser, page: Page, email: string, password: string, csrf = field(page.html, 'csrf') ?? ''): Promise<Page> {
  return browser.post(page.url, { csrf, email, password });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ListeningApp {
  app: App;
  url: string;
  issuer: string;
  close(): Promise<void>;
}

/** The whole Paddock app listening on loopback, with an admin and no seat limit. */
export async function startListeningApp(db: Db): Promise<ListeningApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = await buildApp({ db, license: UNLIMITED, publicUrl: url, apiClientSecret: 'test-api-client-secret-0123456789', hasher: testHasher, clock: systemClock });
  await app.services.users.ensureAdmin(ADMIN.email, ADMIN.password);
  await app.http.listen({ port, host: '127.0.0.1' });
  return {
    app,
    url,
    issuer: `${url}/auth/realms/master`,
    async close() {
      app.http.server.closeAllConnections();
      await app.close();
    },
  };
}
