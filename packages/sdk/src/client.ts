import { TokenManager } from './auth.js';
import type { Auth, Tokens } from './auth.js';
import { auditEventFromWire, auditQueryToWire, defined, installedLicenseFromWire, licenseFromWire, scimTokenFromWire, serviceAccountFromWire, sessionFromWire, ssoProviderFromWire, userQueryToWire } from './convert.js';
import { PaddockError } from './errors.js';
import type { FetchLike } from './fetching.js';
import { Transport } from './http.js';
import { decodeJwtPayload } from './jwt.js';
import type {
  AuditPage,
  AuditQuery,
  DoctorFixResult,
  InviteOptions,
  InstalledLicense,
  InviteResult,
  License,
  LoginLock,
  PlatformRole,
  Problem,
  NewScimToken,
  ScimToken,
  ServiceAccount,
  ServiceAccountCredentials,
  Session,
  NewSsoProvider,
  SsoProvider,
  UserQuery,
  UserChanges,
  WireImportRequest,
  WireInviteRequest,
  ImportResult,
  ImportUser,
  WireUpdateUserRequest,
  WireUsersQueryReply,
  WireWorkspaceOverviewRequest,
  WorkspaceOverview,
  WorkspaceOverviewQuery,
} from './types.js';
import { dormantListingFromWire, reclaimResultFromWire, seatPolicyFromWire, seatPolicyPreviewFromWire, seatPolicyToWire } from './seats.js';
import type { DormantListing, ReclaimResult, SeatPolicy, SeatPolicyPreview } from './seats.js';
import { UserList, userFromWire } from './user.js';
import type { User } from './user.js';
import { roleFromWire, Workspace } from './workspace.js';

const OIDC_PATH = '/auth/realms/master/protocol/openid-connect';

export interface ClientOptions {
  /** The server, for instance `http://127.0.0.1:8080`. */
  url: string;
  auth: Auth;
  /** Defaults to `globalThis.fetch`; tests inject an in-process handler. */
  fetch?: FetchLike;
  /** The OAuth client for password and refresh grants; `sdk-client` by default. */
  clientId?: string;
  /** Called whenever the client obtains new tokens, for instance to store them. */
  onTokens?: (tokens: Tokens) => void;
  /** The clock (epoch milliseconds); `Date.now` by default. */
  now?: () => number;
  /** Waits between device-login polls; a `setTimeout` by default. Tests inject one. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * A connection to Paddock, with the Wallaroo SDK's user and workspace calls in camelCase.
 *
 * @example
 * const client = new Client({
 *   url: 'http://127.0.0.1:8080',
 *   auth: { type: 'password', username: 'admin@example.com', password: process.env.PW! },
 * });
 * console.log(await client.listUsers()); // [User({...}), User({...})]
 */
export class Client {
  readonly url: string;
  readonly #tokens: TokenManager;
  readonly #http: Transport;
  #current: Workspace | null = null;

  constructor(options: ClientOptions) {
    const url = new URL(options.url); // a malformed URL is a programmer error: fail now
    this.url = url.href.replace(/\/+$/, '');
    const fetch: FetchLike = options.fetch ?? (async (input, init) => await globalThis.fetch(input, init));
    this.#tokens = new TokenManager({
      tokenUrl: `${this.url}${OIDC_PATH}/token`,
      deviceUrl: `${this.url}${OIDC_PATH}/auth/device`,
      sleep: options.sleep ?? (async (ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      fetch,
      auth: options.auth,
      clientId: options.clientId ?? 'sdk-client',
      now: options.now ?? Date.now,
      onTokens: options.onTokens,
    });
    this.#http = new Transport(this.url, fetch, this.#tokens);
  }

  /** The tokens held now (null before the first call), for instance to store them. */
  getTokens(): Tokens | null {
    return this.#tokens.tokens;
  }

  /**
   * Obtains tokens now rather than on the first call; fails with `UNAUTHENTICATED` on bad credentials.
   *
   * @example
   * const tokens = await client.login();
   */
  async login(): Promise<Tokens> {
    await this.#tokens.accessToken();
    return this.#tokens.tokens as Tokens;
  }

  /** Revokes the refresh token (best effort) and forgets the tokens. */
  async logout(): Promise<void> {
    await this.#tokens.revoke(`${this.url}${OIDC_PATH}/revoke`);
  }

  /**
   * Every registered user, following the server's pages.
   *
   * @example
   * const admins = await client.listUsers({ role: 'admin' });
   */
  async listUsers(filter: Omit<UserQuery, 'cursor' | 'limit'> = {}): Promise<UserList> {
    const users = UserList.fromUsers([]);
    let cursor: string | null | undefined;
    do {
      const page = await this.queryUsers({ ...filter, ...(cursor ? { cursor } : {}) });
      users.push(...page.users);
      cursor = page.nextCursor;
    } while (cursor);
    return users;
  }

  /**
   * One page of users matching a filter; pass `nextCursor` back as `cursor` for the next.
   *
   * @example
   * const { users, nextCursor } = await client.queryUsers({ status: 'inactive', limit: 50 });
   * // the dashboard's table: 25 a page, by last login, newest first, with the match count
   * const page = await client.queryUsers({ sort: 'last_login', order: 'desc', limit: 25, includeTotal: true });
   */
  async queryUsers(query: UserQuery = {}): Promise<{ users: UserList; nextCursor: string | null; total: number | null; totalExact: boolean }> {
    const reply: WireUsersQueryReply = await this.#http.post('users/query', userQueryToWire(query));
    const wireUsers = Array.isArray(reply.users) ? (reply.users as WireUsersQueryReply['users'][string][]) : Object.values(reply.users);
    return { users: UserList.fromUsers(wireUsers.map(userFromWire)), nextCursor: reply.next_cursor ?? null, total: reply.total ?? null, totalExact: reply.total_exact ?? true };
  }

  /**
   * The user with exactly this email (case-insensitive), or null.
   *
   * @example
   * const ann = await client.getUserByEmail('ann@example.com');
   */
  async getUserByEmail(email: string): Promise<User | null> {
    const reply = await this.#http.post('users/get_by_email', { email });
    return reply.user === null ? null : userFromWire(reply.user);
  }

  /**
   * Creates an active user (needs a free seat: else `SEAT_LIMIT_REACHED`). Without a password
   * the server generates one, which the user must change before their first login, and mails
   * them a single-use link (valid 48 hours) to set their own; either way the reply carries the
   * initial password, once. A password you choose works at once, unless `requireReset`.
   *
   * @example
   * const { id, password } = await client.inviteUser('ann@example.com');
   * await client.inviteUser('bob@example.com', 'temporary-pw', { requireReset: true });
   */
  async inviteUser(email: string, password?: string, options: InviteOptions = {}): Promise<InviteResult> {
    const request: WireInviteRequest = { email };
    if (password !== undefined) request.password = password;
    if (options.requireReset !== undefined) request.require_reset = options.requireReset;
    if (options.firstName !== undefined) request.first_name = options.firstName;
    if (options.lastName !== undefined) request.last_name = options.lastName;
    if (options.role !== undefined) request.role = options.role;
    const reply = await this.#http.post('users/invite', request);
    return { id: reply.id, password: reply.password };
  }

  /**
   * Creates many users at once, each with their default workspace (admins only; at most 100,000
   * per call). Existing emails are skipped and bad rows refused one by one, with their line; when
   * the active users among the new ones need more seats than are free, the whole batch is refused
   * with `SEAT_LIMIT_REACHED` before anything is written. `dryRun` checks everything and writes nothing.
   *
   * @example
   * const result = await client.importUsers([{ email: 'ann@example.com', firstName: 'Ann' }], { dryRun: true });
   */
  async importUsers(users: readonly ImportUser[], options: { dryRun?: boolean } = {}): Promise<ImportResult> {
    const request: WireImportRequest = {
      users: users.map(
        (u) =>
          defined({ line: u.line, email: u.email, first_name: u.firstName, last_name: u.lastName, role: u.role, status: u.status, password_hash: u.passwordHash }) as WireImportRequest['users'][number],
      ),
      ...(options.dryRun === true && { dry_run: true }),
    };
    const reply = await this.#http.post('users/import', request);
    return { dryRun: reply.dry_run, created: reply.created, skipped: reply.skipped, refused: reply.refused, rows: reply.rows };
  }

  /**
   * Changes a user's own password, authenticated by the current one: works without logging in
   * (this is how a generated initial password, which cannot log in, is replaced). The new
   * password must differ and be at least 8 characters (`VALIDATION_FAILED`); a wrong current
   * password is `UNAUTHENTICATED`, and repeated ones are throttled as logins are.
   *
   * @example
   * await client.changePassword('ann@example.com', initialPassword, 'a-new-long-password');
   */
  async changePassword(email: string, password: string, newPassword: string): Promise<void> {
    await this.#http.postWithoutToken('users/change_password', { email, password, new_password: newPassword });
  }

  /**
   * Stops a user from logging in, at once, and frees their seat.
   *
   * @example
   * await client.deactivateUser('ann@example.com');
   */
  async deactivateUser(email: string): Promise<void> {
    await this.#http.post('users/deactivate', { email });
  }

  /**
   * Lets a user log in again; needs a free seat (else `SEAT_LIMIT_REACHED`).
   *
   * @example
   * await client.activateUser('ann@example.com');
   */
  async activateUser(email: string): Promise<void> {
    await this.#http.post('users/activate', { email });
  }

  /**
   * Sets a user's platform role. Demoting the last active admin is refused (`LAST_ACTIVE_ADMIN`).
   *
   * @example
   * await client.setUserRole('ann@example.com', 'admin');
   */
  async setUserRole(email: string, role: PlatformRole): Promise<void> {
    await this.#http.post('users/set_role', { email, role });
  }

  /**
   * Changes a user's email (their username and default workspace's name follow) or names (admins).
   * The user is named by their current email, or by id as `{ userId }`: an email that `doctor`
   * reports invalid can be replaced this way. A taken email is refused (`EMAIL_TAKEN`).
   *
   * @example
   * await client.updateUser('ann@example.com', { email: 'ann.lee@example.com', lastName: 'Lee' });
   * await client.updateUser({ userId: '4c9c9804-6600-4cec-b27a-de084b4c1876' }, { email: 'bob@example.com' });
   */
  async updateUser(user: string | { userId: string }, changes: UserChanges): Promise<void> {
    const request: WireUpdateUserRequest = typeof user === 'string' ? { email: user } : { user_id: user.userId };
    if (changes.email !== undefined) request.new_email = changes.email;
    if (changes.firstName !== undefined) request.first_name = changes.firstName;
    if (changes.lastName !== undefined) request.last_name = changes.lastName;
    await this.#http.post('users/update', request);
  }

  /**
   * Creates a workspace owned by the caller.
   *
   * @example
   * const ws = await client.createWorkspace('fraud-models');
   */
  async createWorkspace(name: string): Promise<Workspace> {
    const { workspace_id } = await this.#http.post('workspaces/create', { workspace_name: name });
    const { workspace } = await this.#http.post('workspaces/get', { workspace_id });
    return new Workspace(this.#http, workspace);
  }

  /**
   * The workspaces the caller may see (admins: all, or `userId`'s).
   *
   * @example
   * const mine = await client.listWorkspaces();
   */
  async listWorkspaces(options: { userId?: string } = {}): Promise<Workspace[]> {
    const request = options.userId === undefined ? {} : { user_id: options.userId };
    const { workspaces } = await this.#http.post('workspaces/list', request);
    return workspaces.map((wire) => new Workspace(this.#http, wire));
  }

  /**
   * A page of workspaces with their owners, member counts and the role in each of `userId` (or
   * the caller): admins see every workspace, or `userId`'s; others their own.
   *
   * @example
   * const { workspaces, nextCursor } = await client.workspaceOverview({ search: 'fraud' });
   * for (const w of workspaces) console.log(w.workspace.name, w.memberCount, w.owners.map((o) => o.email));
   */
  async workspaceOverview(query: WorkspaceOverviewQuery = {}): Promise<{ workspaces: WorkspaceOverview[]; nextCursor: string | null }> {
    const request = defined({ user_id: query.userId, search: query.search, limit: query.limit, cursor: query.cursor }) as WireWorkspaceOverviewRequest;
    const reply = await this.#http.post('workspaces/overview', request);
    return {
      workspaces: reply.workspaces.map((wire) => ({
        workspace: new Workspace(this.#http, wire),
        memberCount: wire.member_count,
        owners: wire.owners.map((o) => ({ userId: o.user_id, email: o.email })),
        role: wire.user_type === null ? null : roleFromWire(wire.user_type),
      })),
      nextCursor: reply.next_cursor,
    };
  }

  /**
   * The workspace with exactly this name; null when there is none, unless `createIfNotExist`.
   *
   * @example
   * const ws = await client.getWorkspace('fraud-models', { createIfNotExist: true });
   */
  async getWorkspace(name: string, options?: { createIfNotExist?: false }): Promise<Workspace | null>;
  async getWorkspace(name: string, options: { createIfNotExist: true }): Promise<Workspace>;
  async getWorkspace(name: string, options?: { createIfNotExist?: boolean }): Promise<Workspace | null>;
  async getWorkspace(name: string, options: { createIfNotExist?: boolean } = {}): Promise<Workspace | null> {
    const found = await this.#findWorkspace(name);
    if (found !== null || options.createIfNotExist !== true) return found;
    try {
      return await this.createWorkspace(name);
    } catch (err) {
      // Someone created it between our two calls: theirs is the one we want.
      if (err instanceof PaddockError && err.code === 'WORKSPACE_NAME_TAKEN') return this.#findWorkspace(name);
      throw err;
    }
  }

  async #findWorkspace(name: string): Promise<Workspace | null> {
    try {
      const { workspace } = await this.#http.post('workspaces/get', { name });
      return new Workspace(this.#http, workspace);
    } catch (err) {
      if (err instanceof PaddockError && err.code === 'WORKSPACE_NOT_FOUND') return null;
      throw err;
    }
  }

  /**
   * Makes `workspace` the current one, for code that works "in" a workspace.
   *
   * @example
   * client.setCurrentWorkspace(await client.createWorkspace('fraud-models'));
   */
  setCurrentWorkspace(workspace: Workspace): Workspace {
    this.#current = workspace;
    return workspace;
  }

  /**
   * The current workspace; until one is set, the caller's default workspace.
   *
   * @example
   * const ws = await client.getCurrentWorkspace();
   */
  async getCurrentWorkspace(): Promise<Workspace> {
    if (this.#current !== null) return this.#current;
    const sub = decodeJwtPayload(await this.#tokens.accessToken())?.['sub'];
    const own = typeof sub === 'string' ? (await this.listWorkspaces()).find((ws) => ws.defaultFor === sub) : undefined;
    if (own === undefined) {
      throw new PaddockError('WORKSPACE_NOT_FOUND', 'The caller has no default workspace; call setCurrentWorkspace first.');
    }
    this.#current = own;
    return own;
  }

  /**
   * The licence in force and the seats in use (admins only).
   *
   * @example
   * const { seatsLeft } = await client.getLicense();
   */
  async getLicense(): Promise<License> {
    return licenseFromWire(await this.#http.post('license/get', {}));
  }

  /**
   * Installs a licence (admins only): verified as at start-up, then stored in the database for
   * every process and restart. A bad signature or malformed document is `LICENSE_INVALID`, an
   * expired one `LICENSE_EXPIRED`. Answers the licence now in force. A licence with fewer seats than
   * active users is installed too: `overBy` counts the users over it and `warning` says how many
   * must be deactivated before anyone can be activated.
   *
   * @example
   * const { edition, seats, warning } = await client.uploadLicense(await readFile('paddock.license', 'utf8'));
   * if (warning !== null) console.warn(warning);
   */
  async uploadLicense(document: string): Promise<InstalledLicense> {
    return installedLicenseFromWire(await this.#http.post('license/upload', { license: document }));
  }

  /**
   * Users holding a seat without using it (admins only): active users with no sign-in (any way
   * in) for more than `days` days, and users invited that long ago who never signed in, the most
   * recently active first, admins included; with the seats each choice frees.
   *
   * @example
   * const { users, frees } = await client.listDormantUsers({ days: 90 });
   * console.log(`${frees.allButAdmins} seats can be freed now`);
   */
  async listDormantUsers(query: { days: number; limit?: number }): Promise<DormantListing> {
    return dormantListingFromWire(await this.#http.post('users/dormant', { days: query.days, ...(query.limit !== undefined && { limit: query.limit }) }));
  }

  /**
   * Deactivates idle users in one step (admins only): the `emails` chosen (admins too), or with
   * `{ all: true }` every idle user who is not an admin. A user who signed in since is skipped
   * (`NOT_DORMANT`), as are the last active admin and the caller; `seatsFreed` is exactly the
   * number deactivated.
   *
   * @example
   * const { seatsFreed, skipped } = await client.deactivateDormantUsers({ days: 90, all: true });
   */
  async deactivateDormantUsers(request: { days: number } & ({ emails: string[] } | { all: true })): Promise<ReclaimResult> {
    const body = 'all' in request ? { days: request.days, all: true as const } : { days: request.days, emails: request.emails };
    return reclaimResultFromWire(await this.#http.post('users/deactivate_dormant', body));
  }

  /**
   * The idle-seat policy (admins only).
   *
   * @example
   * const { enabled, days } = await client.getSeatPolicy();
   */
  async getSeatPolicy(): Promise<SeatPolicy> {
    return seatPolicyFromWire(await this.#http.post('seat_policy/get', {}));
  }

  /**
   * Changes the idle-seat policy for every process: the fields given; the others stay (admins
   * only, audited). `warnDays` must be less than `days`.
   *
   * @example
   * await client.setSeatPolicy({ enabled: true, days: 90, warnDays: 7, floating: true });
   */
  async setSeatPolicy(changes: Partial<SeatPolicy>): Promise<SeatPolicy> {
    return seatPolicyFromWire(await this.#http.post('seat_policy/set', seatPolicyToWire(changes)));
  }

  /**
   * Whom the idle-seat policy (the stored one, with `days` or `warnDays` changed) would deactivate
   * and warn if it ran now (admins only).
   *
   * @example
   * const { deactivate } = await client.previewSeatPolicy({ days: 60 });
   */
  async previewSeatPolicy(changes: { days?: number; warnDays?: number | null } = {}): Promise<SeatPolicyPreview> {
    const body = { ...(changes.days !== undefined && { days: changes.days }), ...(changes.warnDays !== undefined && { warn_days: changes.warnDays }) };
    return seatPolicyPreviewFromWire(await this.#http.post('seat_policy/preview', body));
  }

  /**
   * One page of the audit trail, newest first (admins only).
   *
   * @example
   * const { events } = await client.queryAudit({ action: 'user.deactivate', since: new Date('2025-01-01') });
   */
  async queryAudit(query: AuditQuery = {}): Promise<AuditPage> {
    const reply = await this.#http.post('audit/query', auditQueryToWire(query));
    return { events: reply.events.map(auditEventFromWire), nextCursor: reply.next_cursor };
  }

  /**
   * Data problems (a username that differs from the email, a user without a default
   * workspace, a workspace without an owner, ...), admins only.
   *
   * @example
   * for (const p of await client.doctorCheck()) console.log(p.kind, p.subject.label, p.detail);
   */
  async doctorCheck(): Promise<Problem[]> {
    return (await this.#http.post('doctor/check', {})).problems;
  }

  /**
   * Fixes what can be fixed; answers what was fixed and what remains.
   *
   * @example
   * const { remaining } = await client.doctorFix();
   */
  async doctorFix(): Promise<DoctorFixResult> {
    const { fixed, remaining } = await this.#http.post('doctor/fix', {});
    return { fixed, remaining };
  }

  /**
   * Failed-login counters and the locks in force (admins only): of every account and client
   * address, or of one account. A locked account or address is refused even the right password
   * until the lock ends or {@link Client.clearLoginLock} clears it.
   *
   * @example
   * for (const lock of await client.listLoginLocks()) console.log(lock.key, lock.failures, lock.lockedUntil);
   * const [ann] = await client.listLoginLocks('ann@example.com');
   */
  async listLoginLocks(email?: string): Promise<LoginLock[]> {
    const { locks } = await this.#http.post('users/login_locks', email === undefined ? {} : { email });
    return locks.map((l) => ({ key: l.key, kind: l.kind, failures: l.failures, lockedUntil: l.locked_until === null ? null : new Date(l.locked_until) }));
  }

  /**
   * Clears the failed logins and lock of an account or a client address (admins only; audited).
   *
   * @example
   * await client.clearLoginLock({ email: 'ann@example.com' });
   * await client.clearLoginLock({ address: '203.0.113.7' });
   */
  async clearLoginLock(which: { email: string } | { address: string }): Promise<void> {
    await this.#http.post('users/clear_login_lock', 'email' in which ? { email: which.email } : { address: which.address });
  }

  /**
   * Creates a service account (admins only): a confidential client for scripts, whose
   * client-credentials tokens act with `role`. The secret is shown this once; store it safely.
   * A name already taken is `SERVICE_ACCOUNT_EXISTS`.
   *
   * @example
   * const { clientId, clientSecret } = await client.createServiceAccount('nightly-etl', 'user', { description: 'ETL jobs' });
   * const etl = new Client({ url, auth: { type: 'clientCredentials', clientId, clientSecret } });
   */
  async createServiceAccount(name: string, role: PlatformRole, options: { description?: string | undefined } = {}): Promise<ServiceAccountCredentials> {
    const reply = await this.#http.post('service_accounts/create', { name, role, ...(options.description === undefined ? {} : { description: options.description }) });
    return { clientId: reply.client_id, clientSecret: reply.client_secret };
  }

  /**
   * Every service account, by name, without secrets (admins only).
   *
   * @example
   * for (const sa of await client.listServiceAccounts()) console.log(sa.clientId, sa.role);
   */
  async listServiceAccounts(): Promise<ServiceAccount[]> {
    return (await this.#http.post('service_accounts/list', {})).service_accounts.map(serviceAccountFromWire);
  }

  /**
   * Gives a service account a new secret, answered this once; the old one is refused at once
   * (admins only). An unknown client id is `SERVICE_ACCOUNT_NOT_FOUND`.
   *
   * @example
   * const secret = await client.rotateServiceAccountSecret('sa-nightly-etl');
   */
  async rotateServiceAccountSecret(clientId: string): Promise<string> {
    return (await this.#http.post('service_accounts/rotate', { client_id: clientId })).client_secret;
  }

  /**
   * Deletes a service account: its secret and its tokens are refused at once (admins only).
   *
   * @example
   * await client.deleteServiceAccount('sa-nightly-etl');
   */
  async deleteServiceAccount(clientId: string): Promise<void> {
    await this.#http.post('service_accounts/delete', { client_id: clientId });
  }

  /**
   * Creates a SCIM token for an identity provider (admin users only): give it, with
   * `<server url>/scim/v2`, to Okta or Entra ID. The secret is shown this once; Paddock keeps its
   * hash. The creator owns the workspaces the provider's groups create. A name already taken is
   * `SCIM_TOKEN_EXISTS`.
   *
   * @example
   * const { token, secret } = await client.createScimToken('okta');
   * console.log(`Okta: base URL ${url}/scim/v2, bearer token ${secret}`);
   */
  async createScimToken(name: string): Promise<NewScimToken> {
    const reply = await this.#http.post('scim/tokens/create', { name });
    return { token: scimTokenFromWire(reply.token), secret: reply.secret };
  }

  /**
   * Every SCIM token, revoked ones included, by name, never the tokens themselves (admins only).
   *
   * @example
   * for (const t of await client.listScimTokens()) console.log(t.name, t.lastUsedAt, t.revokedAt);
   */
  async listScimTokens(): Promise<ScimToken[]> {
    return (await this.#http.post('scim/tokens/list', {})).tokens.map(scimTokenFromWire);
  }

  /**
   * Revokes a SCIM token: the provider's next request is refused, on every server process (admins
   * only). Revoking it again changes nothing; an unknown id is `SCIM_TOKEN_NOT_FOUND`.
   *
   * @example
   * await client.revokeScimToken(token.id);
   */
  async revokeScimToken(id: string): Promise<ScimToken> {
    return scimTokenFromWire((await this.#http.post('scim/tokens/revoke', { id })).token);
  }

  /**
   * The outside OpenID providers offered on the login page (admins only; never their secrets).
   *
   * @example
   * for (const p of await client.listSsoProviders()) console.log(p.alias, p.displayName, p.redirectUri);
   */
  async listSsoProviders(): Promise<SsoProvider[]> {
    return (await this.#http.post('sso_providers/list', {})).providers.map(ssoProviderFromWire);
  }

  /**
   * Adds an outside OpenID provider (admins only). Its issuer must answer OpenID discovery
   * (`SSO_DISCOVERY_FAILED` otherwise); register the answered `redirectUri` at the provider.
   *
   * @example
   * const { redirectUri } = await client.createSsoProvider({
   *   alias: 'okta', displayName: 'Okta', issuer: 'https://example.okta.com', clientId: '0oa1', clientSecret: process.env.OKTA_SECRET!,
   * });
   */
  async createSsoProvider(provider: NewSsoProvider): Promise<SsoProvider> {
    const { alias, displayName, issuer, clientId, clientSecret } = provider;
    const reply = await this.#http.post('sso_providers/create', { alias, display_name: displayName, issuer, client_id: clientId, client_secret: clientSecret });
    return ssoProviderFromWire(reply.provider);
  }

  /**
   * Removes a provider added through the API, and its account links (admins only). Its users stay.
   * One from the server's configuration answers `SSO_PROVIDER_CONFIGURED`.
   *
   * @example
   * await client.deleteSsoProvider('okta');
   */
  async deleteSsoProvider(alias: string): Promise<void> {
    await this.#http.post('sso_providers/delete', { alias });
  }

  /**
   * A user's logins, newest first: the caller's own without `email`; another user's for admins.
   *
   * @example
   * for (const s of await client.listSessions('ann@example.com')) console.log(s.id, s.clientId, s.lastUsedAt);
   */
  async listSessions(email?: string): Promise<Session[]> {
    const { sessions } = await this.#http.post('sessions/list', email === undefined ? {} : { email });
    return sessions.map(sessionFromWire);
  }

  /**
   * Ends one login (one of the caller's own, or any for admins): its refresh token is refused at
   * once, its access token within five minutes. Unknown ids are `SESSION_NOT_FOUND`.
   *
   * @example
   * await client.revokeSession(sessionId);
   */
  async revokeSession(id: string): Promise<void> {
    await this.#http.post('sessions/revoke', { id });
  }

  /**
   * Ends every login of a user (the caller's own, or anyone's for admins); answers how many.
   *
   * @example
   * const n = await client.revokeAllSessions('ann@example.com');
   */
  async revokeAllSessions(email: string): Promise<number> {
    return (await this.#http.post('sessions/revoke_all', { email })).revoked;
  }

  /**
   * Ends every login of the caller, this one included, and forgets this client's tokens;
   * answers how many logins ended.
   *
   * @example
   * await client.logoutEverywhere();
   */
  async logoutEverywhere(): Promise<number> {
    const { revoked } = await this.#http.post('sessions/revoke_all', {});
    await this.logout();
    return revoked;
  }
}
