import type { TestApp } from './app.js';

export const KEYCLOAK_USERS = '/auth/admin/realms/master/users';

export interface RawReply {
  status: number;
  /** The parsed body; undefined for an empty one (204). */
  body: unknown;
  headers: Record<string, unknown>;
}

/** One raw request to the app, bearer token optional: for the surfaces the Paddock SDK does not speak. */
export async function raw(
  t: TestApp,
  method: 'GET' | 'PUT' | 'POST',
  url: string,
  options: { token?: string | undefined; body?: unknown; contentType?: string } = {},
): Promise<RawReply> {
  const res = await t.app.http.inject({
    method,
    url,
    headers: {
      ...(options.token !== undefined && { authorization: `Bearer ${options.token}` }),
      ...(options.body !== undefined && { 'content-type': options.contentType ?? 'application/json' }),
    },
    ...(options.body !== undefined && { payload: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json(), headers: res.headers };
}

/** POST /v1/graphql, as the Wallaroo SDK sends it: `{query, variables}`. */
export async function graphql(t: TestApp, token: string, query: string, variables?: Record<string, unknown>): Promise<RawReply> {
  return raw(t, 'POST', '/v1/graphql', { token, body: { query, ...(variables && { variables }) } });
}

/** The first GraphQL error's `extensions.code`. */
export function graphqlCode(reply: RawReply): unknown {
  return (reply.body as { errors?: Array<{ extensions?: { code?: unknown } }> }).errors?.[0]?.extensions?.code;
}

/**
 * One form-encoded request to the token endpoint (Keycloak's path), optionally with HTTP Basic
 * client credentials (`client:secret`).
 */
export async function tokenRequest(t: TestApp, fields: Record<string, string>, basic?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await t.app.http.inject({
    method: 'POST',
    url: '/auth/realms/master/protocol/openid-connect/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(basic !== undefined && { authorization: `Basic ${Buffer.from(basic).toString('base64')}` }) },
    payload: new URLSearchParams(fields).toString(),
  });
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}

/** A user's access token (password grant, sdk-client). */
export async function tokenOf(t: TestApp, email: string, password: string): Promise<string> {
  return (await t.login(email, password).login()).accessToken;
}

/** The claims of a JWT, read without verifying it, as the Wallaroo SDK reads them. */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
}
