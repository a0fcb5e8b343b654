import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';

export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PADDOCK_ERROR = 'urn:paddock:params:scim:api:messages:2.0:Error';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ScimReply {
  status: number;
  body: Json;
  headers: LightMyRequestResponse['headers'];
}

/** A SCIM client over the app in-process, as an identity provider calls: a SCIM token, application/scim+json. */
export interface ScimClient {
  token: string;
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, options?: { contentType?: string; token?: string | null }): Promise<ScimReply>;
  get(path: string): Promise<ScimReply>;
  post(path: string, body: unknown): Promise<ScimReply>;
  put(path: string, body: unknown): Promise<ScimReply>;
  patch(path: string, operations: unknown[]): Promise<ScimReply>;
  delete(path: string): Promise<ScimReply>;
}

/** Creates a SCIM token through the API as the first admin and answers a client that calls with it. */
export async function scimClient(t: TestApp, name = 'okta'): Promise<ScimClient> {
  const created = await t.post('scim/tokens/create', { name });
  if (created.status !== 200) throw new Error(`scim/tokens/create answered ${created.status}: ${JSON.stringify(created.body)}`);
  const token = created.body['secret'] as string;
  const call: ScimClient['call'] = async (method, path, body, options = {}) => {
    const auth = options.token === null ? {} : { authorization: `Bearer ${options.token ?? token}` };
    const res = await t.app.http.inject({
      method,
      url: `/scim/v2${path}`,
      headers: { ...auth, ...(body !== undefined && { 'content-type': options.contentType ?? 'application/scim+json' }), accept: 'application/scim+json' },
      ...(body !== undefined && { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = res.body;
    return { status: res.statusCode, body: text === '' ? {} : (JSON.parse(text) as Json), headers: res.headers };
  };
  return {
    token,
    call,
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    patch: (path, operations) => call('PATCH', path, { schemas: [PATCH], Operations: operations }),
    delete: (path) => call('DELETE', path),
  };
}

/** A user resource as Okta sends it on create. */
export function oktaUser(email: string, given = 'Ann', family = 'Lee', extra: Json = {}): Json {
  return {
    schemas: [USER],
    userName: email,
    name: { givenName: given, familyName: family },
    emails: [{ primary: true, value: email, type: 'work' }],
    displayName: `${given} ${family}`,
    locale: 'en-US',
    externalId: `00u${email.toLowerCase().replace(/\W/g, '')}`,
    groups: [],
    password: 'ignored-by-paddock-1',
    active: true,
    ...extra,
  };
}

/** The SCIM error fields a test asserts: status (a string), scimType, Paddock's code. */
export function refusal(r: ScimReply): { status: number; bodyStatus: unknown; scimType: unknown; code: unknown; schemas: unknown } {
  return { status: r.status, bodyStatus: r.body['status'], scimType: r.body['scimType'], code: (r.body[PADDOCK_ERROR] as Json | undefined)?.['code'], schemas: r.body['schemas'] };
}

/** The resources of a ListResponse. */
export function resources(r: ScimReply): Json[] {
  return r.body['Resources'] as Json[];
}
