/**
 * The Wallaroo Python SDK's user and workspace calls, as ../shared/wallaroo-sdk-wire.md records
 * them on the wire: the same requests in the same order, with the same encodings, and the same
 * demands on the replies (a missing field, a status other than the one it checks, or a GraphQL
 * operation its schema would refuse fails here as it fails there). Every request is logged, so tests
 * can compare a session with the recorded one.
 */
import { buildClientSchema, getIntrospectionQuery, getOperationAST, parse, validate } from 'graphql';
import type { GraphQLSchema, IntrospectionQuery } from 'graphql';
import type { FetchLike } from '@paddock/sdk';
import { BASE_URL } from './app.js';

const TOKEN_PATH = '/auth/realms/master/protocol/openid-connect/token';
const KEYCLOAK_USERS = '/auth/admin/realms/master/users';

/** Python's urllib.parse.quote_plus: only letters, digits and `_.-~` stay; a space becomes `+`. */
export function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}

/** The four operations, as the SDK sends them. */
export const OPERATIONS = {
  workspaceById: `query WorkspaceById($id: bigint!) { workspace_by_pk(id: $id) { archived created_at created_by id name
    users { user_id } models { models { id } } pipelines { id } } }`,
  userDefaultWorkspace: `query UserDefaultWorkspace($user_id: String = "") { user_default_workspace(where: {user_id: {_eq: $user_id}}) {
    workspace { archived created_at created_by name id users { user_id } pipelines { id } models { models { id } } } } }`,
  createDefaultUserWorkspace: `mutation CreateDefaultUserWorkspace($user_id: String!, $workspace_name: String!, $user_type: String) {
    insert_workspace_one(object: {name: $workspace_name, owner_id: $user_id,
      users: {data: {user_id: $user_id, user_type: $user_type}}, archived: false,
      user_default_workspaces: {data: {user_id: $user_id}}},
      on_conflict: {constraint: workspace_name_key, update_columns: []}) { id } }`,
  deleteWorkspaceUser: `mutation DeleteWorkspaceUser($user_id: String!, $workspace_id: bigint!) {
    delete_workspace_users(where: {user_id: {_eq: $user_id}, _and: {workspace_id: {_eq: $workspace_id}}}) { affected_rows } }`,
} as const;

export interface WireRecord {
  method: string;
  path: string;
  status: number;
  /** The GraphQL operation's name, for POST /v1/graphql. */
  operation?: string;
  authorized: boolean;
  body?: unknown;
}

/** What the SDK raises; `code` is Paddock's machine code where the server gave one. */
export class SdkError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface SdkUser {
  id: string;
  email: string;
  username: string;
  enabled: boolean;
  createdTimestamp: number;
}

interface WorkspaceData {
  id: number;
  name: string;
  archived: boolean;
  created_at: string;
  created_by: string;
  users: Array<{ user_id: string }>;
  models: Array<{ models: Array<{ id: number }> }>;
  pipelines: Array<{ id: number }>;
}

function decodeClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1];
  if (payload === undefined) throw new SdkError('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
}

function asUser(value: unknown): SdkUser {
  const u = value as Partial<SdkUser> | null;
  // The SDK's User(...) reads these keys and raises KeyError without them.
  if (!u || typeof u.id !== 'string' || typeof u.username !== 'string' || typeof u.enabled !== 'boolean' || typeof u.createdTimestamp !== 'number') {
    throw new SdkError(`KeyError: a user lacks id, username, enabled or createdTimestamp: ${JSON.stringify(value)}`);
  }
  return { id: u.id, email: typeof u.email === 'string' ? u.email : '', username: u.username, enabled: u.enabled, createdTimestamp: u.createdTimestamp };
}

export class WallarooSdk {
  readonly wire: WireRecord[] = [];
  config: Record<string, unknown> = {};
  userId = '';
  /** The `email` claim, or the SDK's fallback for a token without one. */
  email = 'admin@keycloak';
  private token = '';
  private schema: GraphQLSchema | undefined;

  private constructor(private readonly fetch: FetchLike) {}

  /** `wallaroo.Client(api_endpoint=..., auth_type="user_password")`: a token, then the configuration without one. */
  static async connect(fetch: FetchLike, username: string, password: string): Promise<WallarooSdk> {
    const sdk = new WallarooSdk(fetch);
    const form = new URLSearchParams({ grant_type: 'password', client_id: 'sdk-client', username, password });
    const tok = await sdk.send('POST', TOKEN_PATH, { body: form.toString(), contentType: 'application/x-www-form-urlencoded', auth: false });
    if (tok.status !== 200) throw new SdkError(`login failed: ${tok.status}`);
    const reply = tok.json as Record<string, unknown>;
    for (const key of ['access_token', 'expires_in', 'refresh_token', 'refresh_expires_in']) {
      if (!(key in reply)) throw new SdkError(`token reply lacks ${key}`);
    }
    sdk.token = reply['access_token'] as string;
    const claims = decodeClaims(sdk.token);
    sdk.userId = claims['sub'] as string;
    if (typeof claims['email'] === 'string') sdk.email = claims['email'];
    const config = await sdk.send('GET', '/v1/api/config', { auth: false });
    if (config.status < 200 || config.status > 299) throw new SdkError(`config: ${config.status}`);
    sdk.config = config.json as Record<string, unknown>;
    return sdk;
  }

  async send(
    method: string,
    path: string,
    options: { body?: string; contentType?: string; auth?: boolean; operation?: string } = {},
  ): Promise<{ status: number; json: unknown }> {
    const auth = options.auth ?? true;
    const res = await this.fetch(`${BASE_URL}${path}`, {
      method,
      headers: {
        ...(options.contentType !== undefined && { 'content-type': options.contentType }),
        ...(auth && { authorization: `Bearer ${this.token}` }),
      },
      ...(options.body !== undefined && { body: options.body }),
    });
    const text = await res.text();
    const json: unknown = text === '' ? undefined : JSON.parse(text);
    this.wire.push({ method, path, status: res.status, authorized: auth, ...(options.operation !== undefined && { operation: options.operation }), body: json });
    return { status: res.status, json };
  }

  private async mlops(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await this.send('POST', `/v1/api/${path}`, { body: JSON.stringify(body), contentType: 'application/json' });
    return { status: res.status, json: res.json as Record<string, unknown> };
  }

  /** gql: introspect once, then validate every operation locally before sending it. */
  async graphql(operation: keyof typeof OPERATIONS, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (!this.schema) {
      const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: false, directiveIsRepeatable: false });
      const res = await this.send('POST', '/v1/graphql', { body: JSON.stringify({ query }), contentType: 'application/json', operation: 'IntrospectionQuery' });
      const reply = res.json as { data?: IntrospectionQuery; errors?: unknown[] };
      if (res.status !== 200 || !reply.data) throw new SdkError(`introspection failed: ${res.status}`);
      this.schema = buildClientSchema(reply.data);
    }
    const document = parse(OPERATIONS[operation]);
    const problems = validate(this.schema, document);
    if (problems.length > 0) throw new SdkError(`the SDK refuses ${operation}: ${problems.map((p) => p.message).join('; ')}`);
    const name = getOperationAST(document)?.name?.value ?? '';
    const res = await this.send('POST', '/v1/graphql', { body: JSON.stringify({ query: OPERATIONS[operation], variables }), contentType: 'application/json', operation: name });
    const reply = res.json as { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    const [first] = reply.errors ?? [];
    if (first) throw new SdkError(first.message, first.extensions?.code);
    if (!reply.data) throw new SdkError(`GraphQL: no data (${res.status})`);
    return reply.data;
  }

  async listUsers(): Promise<SdkUser[]> {
    const res = await this.mlops('users/query', {});
    if (res.status !== 200) throw new SdkError(`users/query: ${res.status}`, res.json['error'] as string);
    return Object.values(res.json['users'] as Record<string, unknown>).map(asUser);
  }

  async getUserByEmail(email: string): Promise<SdkUser | null> {
    const res = await this.send('GET', `${KEYCLOAK_USERS}?email=${quotePlus(email)}`, { contentType: 'application/json' });
    if (res.status !== 200 || !Array.isArray(res.json)) throw new SdkError(`user lookup: ${res.status}`);
    return res.json.length === 0 ? null : asUser(res.json[0]);
  }

  private async setEnabled(email: string, enabled: boolean): Promise<void> {
    const user = await this.getUserByEmail(email);
    if (!user) throw new SdkError(`User not found: ${email}`);
    if (!enabled && (user.email === this.email || user.username === 'admin')) throw new SdkError('The SDK does not deactivate its own user or admin');
    const fetched = await this.send('GET', `${KEYCLOAK_USERS}/${user.id}`, { contentType: 'application/json' });
    if (fetched.status !== 200) throw new SdkError('User not found');
    const representation = { ...(fetched.json as Record<string, unknown>), enabled };
    const put = await this.send('PUT', `${KEYCLOAK_USERS}/${user.id}`, { body: JSON.stringify(representation), contentType: 'application/json' });
    // Any status but 204 is the SDK's "User not found".
    if (put.status !== 204) throw new SdkError('User not found', (put.json as { error?: string } | undefined)?.error);
  }

  async deactivateUser(email: string): Promise<void> {
    return this.setEnabled(email, false);
  }

  async activateUser(email: string): Promise<void> {
    return this.setEnabled(email, true);
  }

  /** Lists users first and answers an existing one as is; 403 over the limit is the SDK's UserLimitError. */
  async inviteUser(email: string, password?: string): Promise<SdkUser | string> {
    const existing = (await this.listUsers()).find((u) => u.email === email.toLowerCase());
    if (existing) return existing;
    const res = await this.mlops('users/invite', { email, password: password ?? null });
    if (res.status === 403) throw new SdkError('UserLimitError', res.json['error'] as string);
    if (res.status !== 200) throw new SdkError(`users/invite: ${res.status}`, res.json['error'] as string);
    return res.json['id'] as string;
  }

  async createWorkspace(name: string): Promise<SdkWorkspace> {
    const res = await this.mlops('workspaces/create', { workspace_name: name });
    if (res.status !== 200) throw new SdkError(`workspaces/create: ${res.status}`, res.json['error'] as string);
    return new SdkWorkspace(this, res.json['workspace_id'] as number);
  }

  /** `print(wl.list_workspaces())`: the list, then each workspace read twice. */
  async listWorkspaces(): Promise<WorkspaceData[]> {
    const res = await this.mlops('workspaces/list', {});
    if (res.status !== 200) throw new SdkError(`workspaces/list: ${res.status}`, res.json['error'] as string);
    const listed = res.json['workspaces'] as Array<Record<string, unknown>>;
    for (const ws of listed) {
      for (const key of ['id', 'name', 'created_at', 'created_by', 'archived', 'models', 'pipelines']) {
        if (!(key in ws)) throw new SdkError(`KeyError: workspace lacks ${key}`);
      }
    }
    const printed: WorkspaceData[] = [];
    for (const ws of listed) {
      const workspace = new SdkWorkspace(this, ws['id'] as number);
      await workspace.data();
      printed.push(await workspace.data());
    }
    return printed;
  }

  /** With none set: the caller's default workspace, created when the query answers none. */
  async getCurrentWorkspace(): Promise<SdkWorkspace> {
    const found = await this.graphql('userDefaultWorkspace', { user_id: this.userId });
    const rows = found['user_default_workspace'] as Array<{ workspace: WorkspaceData }>;
    if (rows[0]) return new SdkWorkspace(this, rows[0].workspace.id);
    const created = await this.graphql('createDefaultUserWorkspace', {
      user_id: this.userId,
      workspace_name: `${this.email} - Default Workspace`,
      user_type: 'OWNER',
    });
    const inserted = created['insert_workspace_one'] as { id: number } | null;
    if (!inserted) throw new SdkError('insert to table workspace affects zero rows');
    return new SdkWorkspace(this, inserted.id);
  }
}

export class SdkWorkspace {
  constructor(
    private readonly sdk: WallarooSdk,
    readonly id: number,
  ) {}

  async data(): Promise<WorkspaceData> {
    const data = await this.sdk.graphql('workspaceById', { id: this.id });
    const ws = data['workspace_by_pk'] as WorkspaceData | null;
    // The SDK subscripts the result: None crashes it.
    if (!ws) throw new SdkError("TypeError: 'NoneType' object is not subscriptable");
    return ws;
  }

  /** One GET of each member; anything but 200 shows as "Removed User". */
  async users(): Promise<Array<SdkUser | 'Removed User'>> {
    const ws = await this.data();
    const members: Array<SdkUser | 'Removed User'> = [];
    for (const { user_id } of ws.users) {
      const res = await this.sdk.send('GET', `${KEYCLOAK_USERS}/${user_id}`, { contentType: 'application/json' });
      members.push(res.status === 200 ? asUser(res.json) : 'Removed User');
    }
    return members;
  }

  private async add(email: string, userType: 'COLLABORATOR' | 'OWNER'): Promise<void> {
    const user = await this.sdk.getUserByEmail(email);
    if (!user) throw new SdkError(`User not found: ${email}`);
    await this.users();
    const res = await this.sdk.send('POST', '/v1/api/workspaces/add_user', {
      body: JSON.stringify({ email, workspace_id: this.id, user_id: user.id, url: BASE_URL, user_type: userType }),
      contentType: 'application/json',
    });
    if (res.status > 299) throw new SdkError(`add_user: ${res.status}`, (res.json as { error?: string }).error);
  }

  async addUser(email: string): Promise<void> {
    return this.add(email, 'COLLABORATOR');
  }

  async addOwner(email: string): Promise<void> {
    return this.add(email, 'OWNER');
  }

  /** The SDK's own guards run first; the server's rules still apply. */
  async removeUser(email: string): Promise<void> {
    const user = await this.sdk.getUserByEmail(email);
    if (!user) throw new SdkError(`User not found: ${email}`);
    const ws = await this.data();
    if (ws.users.length <= 1) throw new SdkError('The SDK does not remove the last user');
    await this.sdk.graphql('deleteWorkspaceUser', { user_id: user.id, workspace_id: this.id });
    await this.data();
  }
}
