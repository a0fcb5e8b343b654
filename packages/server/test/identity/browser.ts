import * as client from 'openid-client';
import { systemClock } from '../../src/deps.js';
import { buildApp } from '../../src/app.js';
import type { App, AppOptions } from '../../src/app.js';
import { freePort } from '../support/process.js';
import type { Db } from '../../src/db/database.js';
import type { License } from '../../src/license/license.js';
import { testHasher } from '../support/services.js';

export const ADMIN = { email: 'admin@x.io', password: 'admin-password' };
export const UNLIMITED: License = { edition: 'enterprise', seats: null, licensee: 'browser tests', expiresAt: null };

/** A page as a browser without JavaScript sees it: where it ended up, its status and HTML. */
export interface Page {
  url: string;
  status: number;
  html: string;
  /** Set when the redirects left the server for the client's redirect URI (not fetched). */
  redirectedTo?: string;
  /** The headers of the last response (when it was fetched). */
  headers?: Headers;
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
 * A cookie jar over fetch (cookies kept per host and path) that follows redirects by hand (303
 * turns a POST into a GET), stopping when a redirect leaves `origin` (and the `alsoFollow`
 * origins) or reaches `stopAt` (the client's redirect URI).
 */
export class Browser {
  readonly #cookies = new Map<string, { value: string; path: string; host: string }>();

  constructor(
    readonly origin: string,
    readonly stopAt: string[] = [],
    readonly alsoFollow: string[] = [],
  ) {}

  cookieNames(): string[] {
    return [...this.#cookies.keys()].map((key) => key.split('|')[0] ?? '');
  }

  #cookieHeader(url: URL): string {
    return [...this.#cookies.entries()]
      .filter(([, c]) => c.host === url.host)
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
      const key = `${name}|${url.host}|${path}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { value, path, host: url.host });
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
      const followed = [this.origin, ...this.alsoFollow].some((origin) => location.startsWith(origin));
      if (!followed || this.stopAt.some((stop) => location.startsWith(stop))) {
        return { url: at, status: response.status, html: '', redirectedTo: location };
      }
      at = location;
      response = await this.request(location);
    }
    return { url: at, status: response.status, html: await response.text(), headers: response.headers };
  }
}

/** An authorization request of the `dashboard` client (code + PKCE), with the checks its answer needs. */
export async function dashboardAuthorization(dashboard: client.Configuration, redirectUri: string, overrides: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(dashboard, {
    redirect_uri: redirectUri,
    scope: 'openid',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...overrides,
  });
  return { url: url.href, verifier, state };
}

/** Fills in and submits the login page shown at `page`. */
export async function signIn(browser: Browser, page: Page, email: string, password: string, csrf = field(page.html, 'csrf') ?? ''): Promise<Page> {
  return browser.post(page.url, { csrf, email, password });
}

export interface ListeningApp {
  app: App;
  url: string;
  issuer: string;
  close(): Promise<void>;
}

/** The whole Paddock app listening on loopback, with an admin and (unless told) no seat limit. */
export async function startListeningApp(
  db: Db,
  options: Pick<AppOptions, 'license' | 'ssoProviders'> & { port?: number } = { license: UNLIMITED },
): Promise<ListeningApp> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const app = await buildApp({
    db,
    license: options.license,
    publicUrl: url,
    apiClientSecret: 'test-api-client-secret-0123456789',
    hasher: testHasher,
    clock: systemClock,
    strictContracts: true,
    ...(options.ssoProviders && { ssoProviders: options.ssoProviders }),
  });
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
