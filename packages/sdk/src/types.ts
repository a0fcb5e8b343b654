/**
 * Types of the wire (snake_case and Keycloak names, exactly as the server sends them) and of the
 * SDK's camelCase surface. Wire types are prefixed `Wire`; every call of the HTTP API has its
 * request and reply in {@link ApiCalls}.
 */

import type { Workspace } from './workspace.js';

/** A platform role. */
export type PlatformRole = 'admin' | 'user';
/** A user's status: only active users hold a licence seat. */
export type UserStatus = 'active' | 'inactive';
/** A workspace member's role. */
export type WorkspaceRole = 'owner' | 'collaborator';
/** A workspace member's role as the Wallaroo-compatible wire spells it. */
export type WireUserType = 'OWNER' | 'COLLABORATOR';

// ---- wire: users ----

/** A user as `users/query` and `users/get_by_email` send it (Keycloak field names). */
export interface WireUser {
  id: string;
  email: string;
  username: string;
  /** Absent from replies to non-admins, like every field below. */
  enabled?: boolean;
  emailVerified?: boolean;
  firstName?: string | null;
  lastName?: string | null;
  /** Epoch milliseconds. */
  createdTimestamp?: number;
  /** Epoch milliseconds, or null when the user never logged in. */
  lastLogin?: number | null;
  realmRoles?: string[];
}

/** A column the users listing sorts by (the email breaks ties). */
export type UserSortKey = 'role' | 'status' | 'email' | 'first_name' | 'last_name' | 'last_login';
export type SortOrder = 'asc' | 'desc';

export interface WireUsersQueryRequest {
  user_ids?: string[];
  search?: string;
  status?: UserStatus;
  role?: PlatformRole;
  limit?: number;
  cursor?: string;
  sort?: UserSortKey;
  order?: SortOrder;
  include_total?: boolean;
}
export interface WireUsersQueryReply {
  users: Record<string, WireUser>;
  next_cursor?: string | null;
  /** With `include_total`: how many users match, all pages together. */
  total?: number;
}
export interface WireGetByEmailRequest {
  email: string;
}
export interface WireGetByEmailReply {
  user: WireUser | null;
}
export interface WireInviteRequest {
  email: string;
  password?: string;
  first_name?: string;
  last_name?: string;
  role?: PlatformRole;
  /** With a password: the user must change it at first login anyway. */
  require_reset?: boolean;
}
export interface WireInviteReply {
  id: string;
  password: string;
}
export interface WireEmailRequest {
  email: string;
}
export interface WireChangePasswordRequest {
  email: string;
  password: string;
  new_password: string;
}
export interface WireUpdateUserRequest {
  user_id?: string;
  email?: string;
  new_email?: string;
  first_name?: string;
  last_name?: string;
}

/** What `updateUser` changes; what is left out stays as it is. */
export interface UserChanges {
  /** The new email: the username and the default workspace's name follow it. */
  email?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

export interface WireSetRoleRequest {
  email: string;
  role: PlatformRole;
}
/** The reply of calls that answer nothing but success. */
export type WireEmptyReply = Record<string, never>;

// ---- wire: workspaces ----

export interface WireWorkspace {
  id: number;
  name: string;
  /** ISO-8601 with offset. */
  created_at: string;
  created_by: string;
  archived: boolean;
  models: unknown[];
  pipelines: unknown[];
  /** Paddock's extension: the user whose default workspace this is, or null. */
  default_for?: string | null;
}
export interface WireCreateWorkspaceRequest {
  workspace_name: string;
}
export interface WireCreateWorkspaceReply {
  workspace_id: number;
}
export interface WireListWorkspacesRequest {
  user_id?: string;
}
export interface WireListWorkspacesReply {
  workspaces: WireWorkspace[];
}
export type WireGetWorkspaceRequest = { workspace_id: number } | { name: string };
export interface WireGetWorkspaceReply {
  workspace: WireWorkspace;
}
export interface WireMemberRequest {
  workspace_id: number;
  email?: string;
  user_id?: string;
  user_type?: WireUserType;
}
export interface WireListMembersRequest {
  workspace_id: number;
}
export interface WireMember {
  user_id: string;
  user_type: WireUserType;
  email: string;
}
export interface WireListMembersReply {
  users: WireMember[];
}
export interface WireRemoveUserReply {
  affected_rows: number;
}
export interface WireWorkspaceOverviewRequest {
  user_id?: string;
  search?: string;
  limit?: number;
  cursor?: string;
}
export interface WireWorkspaceOverview extends WireWorkspace {
  member_count: number;
  owners: Array<{ user_id: string; email: string }>;
  /** The role in it of `user_id` (or the caller); null when not a member. */
  user_type: WireUserType | null;
}
export interface WireWorkspaceOverviewReply {
  workspaces: WireWorkspaceOverview[];
  next_cursor: string | null;
}
export interface WireUploadLicenseRequest {
  license: string;
}

// ---- wire: licence, audit, doctor ----

export interface WireLicense {
  edition: 'community' | 'enterprise';
  seats: number | null;
  active_users: number;
  seats_left: number | null;
  over_by: number;
  licensee: string | null;
  expires_at: string | null;
  source: LicenseSource;
  set_aside: SetAsideLicense[];
}
export interface WireInstalledLicense extends WireLicense {
  warning: string | null;
}
export interface WireAuditQueryRequest {
  actor?: string;
  target?: string;
  action?: string;
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
}
export interface WireAuditEvent {
  id: string;
  at: string;
  actor: { id: string; label: string };
  action: string;
  target: { type: string; id: string; label: string };
  details: Record<string, unknown>;
}
export interface WireAuditQueryReply {
  events: WireAuditEvent[];
  next_cursor: string | null;
}
export interface WireProblem {
  kind: ProblemKind;
  subject: { type: 'user' | 'workspace'; id: string; label: string };
  detail: string;
  fixable: boolean;
}
export interface WireDoctorCheckReply {
  problems: WireProblem[];
}
export interface WireDoctorFixReply {
  fixed: WireProblem[];
  remaining: WireProblem[];
}

// ---- wire: login throttle ----

export interface WireLoginLock {
  /** `account:<email>` or `address:<ip>`. */
  key: string;
  kind: LoginLockKind;
  /** Failed logins in the current window. */
  failures: number;
  /** ISO-8601 while locked, else null. */
  locked_until: string | null;
}
export interface WireLoginLocksRequest {
  email?: string;
}
export interface WireLoginLocksReply {
  locks: WireLoginLock[];
}
export type WireClearLoginLockRequest = { email: string } | { address: string };

// ---- wire: service accounts and sessions ----

/** A service account as `service_accounts/list` sends it (never with its secret). */
export interface WireServiceAccount {
  client_id: string;
  name: string;
  role: PlatformRole;
  description: string;
  /** ISO-8601. */
  created_at: string;
  /** The email of the admin who created it, or `client:<id>`. */
  created_by: string;
  /** ISO-8601, or null when never rotated. */
  secret_rotated_at: string | null;
}
export interface WireCreateServiceAccountRequest {
  name: string;
  role: PlatformRole;
  description?: string;
}
export interface WireCreateServiceAccountReply {
  client_id: string;
  client_secret: string;
}
export interface WireListServiceAccountsReply {
  service_accounts: WireServiceAccount[];
}
export interface WireClientIdRequest {
  client_id: string;
}
export interface WireRotateServiceAccountReply {
  client_secret: string;
}
/** One login of a user, as `sessions/list` sends it. Times are ISO-8601. */
export interface WireSession {
  id: string;
  client_id: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}
/** Without `email`, the caller's own sessions. */
export interface WireSessionsRequest {
  email?: string;
}
export interface WireListSessionsReply {
  sessions: WireSession[];
}
export interface WireSessionIdRequest {
  id: string;
}
export interface WireRevokeAllSessionsReply {
  revoked: number;
}

// ---- wire: upstream SSO providers ----

/** An outside OpenID provider as `sso_providers/list` sends it (never with its client secret). */
export interface WireSsoProvider {
  alias: string;
  display_name: string;
  issuer: string;
  client_id: string;
  source: 'config' | 'api';
  redirect_uri: string;
  /** ISO-8601; null for providers from the server's configuration. */
  created_at: string | null;
  created_by: string;
}
export interface WireCreateSsoProviderRequest {
  alias: string;
  display_name: string;
  issuer: string;
  client_id: string;
  client_secret: string;
}
export interface WireSsoProviderReply {
  provider: WireSsoProvider;
}
export interface WireListSsoProvidersReply {
  providers: WireSsoProvider[];
}
export interface WireAliasRequest {
  alias: string;
}

/** The body of every non-2xx API reply. */
export interface WireError {
  msg: string;
  code: number;
  error?: string;
  field?: string;
}

/** Every call of the HTTP API: path (under `/v1/api/`) to request and reply. */
export interface ApiCalls {
  'users/query': { request: WireUsersQueryRequest; reply: WireUsersQueryReply };
  'users/get_by_email': { request: WireGetByEmailRequest; reply: WireGetByEmailReply };
  'users/invite': { request: WireInviteRequest; reply: WireInviteReply };
  'users/deactivate': { request: WireEmailRequest; reply: WireEmptyReply };
  'users/activate': { request: WireEmailRequest; reply: WireEmptyReply };
  'users/set_role': { request: WireSetRoleRequest; reply: WireEmptyReply };
  'users/update': { request: WireUpdateUserRequest; reply: WireEmptyReply };
  'users/change_password': { request: WireChangePasswordRequest; reply: WireEmptyReply };
  'workspaces/create': { request: WireCreateWorkspaceRequest; reply: WireCreateWorkspaceReply };
  'workspaces/list': { request: WireListWorkspacesRequest; reply: WireListWorkspacesReply };
  'workspaces/get': { request: WireGetWorkspaceRequest; reply: WireGetWorkspaceReply };
  'workspaces/add_user': { request: WireMemberRequest; reply: WireEmptyReply };
  'workspaces/set_user_role': { request: WireMemberRequest & { user_type: WireUserType }; reply: WireEmptyReply };
  'workspaces/list_users': { request: WireListMembersRequest; reply: WireListMembersReply };
  'workspaces/remove_user': { request: WireMemberRequest; reply: WireRemoveUserReply };
  'license/get': { request: Record<string, never>; reply: WireLicense };
  'license/upload': { request: WireUploadLicenseRequest; reply: WireInstalledLicense };
  'workspaces/overview': { request: WireWorkspaceOverviewRequest; reply: WireWorkspaceOverviewReply };
  'audit/query': { request: WireAuditQueryRequest; reply: WireAuditQueryReply };
  'doctor/check': { request: Record<string, never>; reply: WireDoctorCheckReply };
  'doctor/fix': { request: Record<string, never>; reply: WireDoctorFixReply };
  'service_accounts/create': { request: WireCreateServiceAccountRequest; reply: WireCreateServiceAccountReply };
  'service_accounts/list': { request: Record<string, never>; reply: WireListServiceAccountsReply };
  'service_accounts/rotate': { request: WireClientIdRequest; reply: WireRotateServiceAccountReply };
  'service_accounts/delete': { request: WireClientIdRequest; reply: WireEmptyReply };
  'sessions/list': { request: WireSessionsRequest; reply: WireListSessionsReply };
  'sessions/revoke': { request: WireSessionIdRequest; reply: WireEmptyReply };
  'sessions/revoke_all': { request: WireSessionsRequest; reply: WireRevokeAllSessionsReply };
  'users/login_locks': { request: WireLoginLocksRequest; reply: WireLoginLocksReply };
  'users/clear_login_lock': { request: WireClearLoginLockRequest; reply: WireEmptyReply };
  'sso_providers/list': { request: Record<string, never>; reply: WireListSsoProvidersReply };
  'sso_providers/create': { request: WireCreateSsoProviderRequest; reply: WireSsoProviderReply };
  'sso_providers/delete': { request: WireAliasRequest; reply: WireEmptyReply };
}
export type ApiPath = keyof ApiCalls;

/** The token endpoint's reply (OAuth 2 / Keycloak). */
export interface WireTokenReply {
  access_token: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_expires_in?: number;
  token_type: string;
}
/** The device authorization endpoint's reply (RFC 8628). */
export interface WireDeviceAuthorizationReply {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  interval?: number;
}
/** The token endpoint's error body (OAuth 2). */
export interface WireOAuthError {
  error: string;
  error_description?: string;
}

// ---- SDK surface ----

/** Filters and paging of {@link Client.queryUsers}. */
export interface UserQuery {
  /** Matches part of the email, username or name. */
  search?: string | undefined;
  status?: UserStatus | undefined;
  role?: PlatformRole | undefined;
  /** Page size, 1-1000. */
  limit?: number | undefined;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
  /** Only these users. */
  userIds?: string[] | undefined;
  /** The column to sort by; the email by default. A cursor belongs to one sort and order. */
  sort?: UserSortKey | undefined;
  order?: SortOrder | undefined;
  /** Also answer how many users match in all (`total`). */
  includeTotal?: boolean | undefined;
}

/** Filters and paging of {@link Client.workspaceOverview}. */
export interface WorkspaceOverviewQuery {
  /** Admins: only this user's workspaces, with this user's role in each. */
  userId?: string | undefined;
  /** Part of the name. */
  search?: string | undefined;
  /** Page size, 1-500 (default 50). */
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** Options of {@link Client.inviteUser}. */
export interface InviteOptions {
  firstName?: string | undefined;
  lastName?: string | undefined;
  role?: PlatformRole | undefined;
  /**
   * With a password: the user must change it before their first login succeeds. (Without a
   * password that is always so, and the server mails them an invitation link.)
   */
  requireReset?: boolean | undefined;
}

/** What {@link Client.inviteUser} answers: the new user's id and initial password. */
export interface InviteResult {
  id: string;
  /** The password given, or the one the server generated; shown once. */
  password: string;
}

/** A workspace member, as {@link Workspace.users} lists them. */
export interface WorkspaceMember {
  userId: string;
  email: string;
  role: WorkspaceRole;
}

/** A workspace as {@link Client.workspaceOverview} lists it. */
export interface WorkspaceOverview {
  workspace: Workspace;
  memberCount: number;
  owners: Array<{ userId: string; email: string }>;
  /** The role in it of the user the listing is about; null when not a member. */
  role: WorkspaceRole | null;
}

/** Where the licence in force comes from: uploaded (stored in the database), `PADDOCK_LICENSE`, or none (Community). */
export type LicenseSource = 'uploaded' | 'PADDOCK_LICENSE' | 'none';

/** The licence in force and its seat count. */
export interface License {
  edition: 'community' | 'enterprise';
  /** Seats the licence grants; null means unlimited. */
  seats: number | null;
  activeUsers: number;
  /** Never negative; null means unlimited. */
  seatsLeft: number | null;
  /** Active users beyond the seats (after installing a smaller licence); 0 within the licence. */
  overBy: number;
  licensee: string | null;
  expiresAt: Date | null;
  source: LicenseSource;
  /** Licences that exist but are not in force, and why (an uploaded one that no longer verifies, an expired one). */
  setAside: SetAsideLicense[];
}

/** A licence Paddock holds but does not use. */
export interface SetAsideLicense {
  source: 'uploaded' | 'PADDOCK_LICENSE';
  /** `BAD_SIGNATURE`: not signed with `PADDOCK_LICENSE_PUBLIC_KEY` (was the key changed?). */
  reason: 'BAD_KEY' | 'EXPIRED' | 'BAD_SIGNATURE' | 'INVALID';
  message: string;
}

/** What {@link Client.uploadLicense} answers: the licence now in force, and a warning when users are over it. */
export interface InstalledLicense extends License {
  /** Set when more users are active than the licence allows: how many must be deactivated. */
  warning: string | null;
}

/** Filters and paging of {@link Client.queryAudit}. */
export interface AuditQuery {
  /** User id or email of whoever made the change. */
  actor?: string | undefined;
  /** User id, email, or workspace id the change was made to. */
  target?: string | undefined;
  /** For instance `user.deactivate`. */
  action?: string | undefined;
  since?: Date | string | undefined;
  until?: Date | string | undefined;
  /** Page size, 1-500 (server default 100). */
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface AuditEvent {
  id: string;
  at: Date;
  actor: { id: string; label: string };
  action: string;
  target: { type: string; id: string; label: string };
  details: Record<string, unknown>;
}

export interface AuditPage {
  events: AuditEvent[];
  nextCursor: string | null;
}

export type ProblemKind =
  | 'USERNAME_MISMATCH'
  | 'INVALID_EMAIL'
  | 'MISSING_DEFAULT_WORKSPACE'
  | 'DEFAULT_WORKSPACE_NOT_OWNED'
  | 'WORKSPACE_WITHOUT_OWNER';

/** A data problem that `doctor` found; the same shape as on the wire. */
export type Problem = WireProblem;

/** What a failed-login counter or lock is kept for. */
export type LoginLockKind = 'account' | 'address';

/** A failed-login counter, locked or not, as {@link Client.listLoginLocks} lists it. */
export interface LoginLock {
  /** `account:<email>` or `address:<ip>`. */
  key: string;
  kind: LoginLockKind;
  /** Failed logins in the current window. */
  failures: number;
  /** When the lock ends; null when not locked. */
  lockedUntil: Date | null;
}

export interface DoctorFixResult {
  fixed: Problem[];
  remaining: Problem[];
}

/** A service account: a confidential client that scripts use with the client-credentials grant. */
export interface ServiceAccount {
  /** `sa-<name>`: the OAuth client id. */
  clientId: string;
  name: string;
  /** The role its tokens act with. */
  role: PlatformRole;
  description: string;
  createdAt: Date;
  /** The email of the admin who created it, or `client:<id>`. */
  createdBy: string;
  /** null when the secret was never rotated. */
  secretRotatedAt: Date | null;
}

/** An outside OpenID provider people may sign in with ("Sign in with <displayName>"). */
export interface SsoProvider {
  /** Names it in URLs: the redirect URI is `/auth/realms/master/broker/<alias>/endpoint`. */
  alias: string;
  displayName: string;
  issuer: string;
  clientId: string;
  /** `config`: from the server's PADDOCK_SSO_PROVIDERS, changed only there; `api`: added by an admin. */
  source: 'config' | 'api';
  /** Register this at the provider as the client's redirect URI. */
  redirectUri: string;
  /** null for configured providers. */
  createdAt: Date | null;
  createdBy: string;
}

/** What {@link Client.createSsoProvider} takes. */
export interface NewSsoProvider {
  alias: string;
  displayName: string;
  /** https (plain http only on loopback); it must answer OpenID discovery. */
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** What {@link Client.createServiceAccount} answers; the secret is shown this once. */
export interface ServiceAccountCredentials {
  clientId: string;
  clientSecret: string;
}

/** One login of a user: a grant and the refresh tokens issued under it. */
export interface Session {
  id: string;
  /** The OAuth client it was made with, e.g. `sdk-client`. */
  clientId: string;
  createdAt: Date;
  /** When it ends unless refreshed; null when it never does. */
  expiresAt: Date | null;
  /** The login or its latest refresh; null when unknown. */
  lastUsedAt: Date | null;
}
