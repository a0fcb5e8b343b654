/**
 * Types of the wire (snake_case and Keycloak names, exactly as the server sends them) and of the
 * SDK's camelCase surface. Wire types are prefixed `Wire`; every call of the HTTP API has its
 * request and reply in {@link ApiCalls}.
 */

import type * as Generated from './wire.generated.js';
import type { Workspace } from './workspace.js';

/** A platform role. */
export type PlatformRole = 'admin' | 'user';
/** A user's status: only active users hold a licence seat. */
export type UserStatus = 'active' | 'inactive';
/** A workspace member's role. */
export type WorkspaceRole = 'owner' | 'collaborator';

// ---- wire ----
//
// The requests and replies of the HTTP API are generated from the server's contracts into
// wire.generated.ts (`npm run wire`). The names below are the SDK's stable names for them and
// for the shapes inside them; they are aliases, never copies.

export type { ApiCalls, ApiPath } from './wire.generated.js';

/** A workspace member's role as the Wallaroo-compatible wire spells it. */
export type WireUserType = Generated.WireWorkspacesListUsersReply['users'][number]['user_type'];

/** A column the users listing sorts by (the email breaks ties). */
export type UserSortKey = NonNullable<Generated.WireUsersQueryRequest['sort']>;
export type SortOrder = NonNullable<Generated.WireUsersQueryRequest['order']>;

// ---- wire: users ----

/**
 * A user as `users/query` and `users/get_by_email` send it (Keycloak field names). Replies to
 * non-admins carry `id`, `email`, `username`, `enabled` and `createdTimestamp` only.
 */
export type WireUser = Generated.WireUsersQueryReply['users'][string];
export type WireUsersQueryRequest = Generated.WireUsersQueryRequest;
export type WireUsersQueryReply = Generated.WireUsersQueryReply;
export type WireGetByEmailRequest = Generated.WireUsersGetByEmailRequest;
export type WireGetByEmailReply = Generated.WireUsersGetByEmailReply;
export type WireInviteRequest = Generated.WireUsersInviteRequest;
export type WireInviteReply = Generated.WireUsersInviteReply;
/** The request of `users/activate` and `users/deactivate`. */
export type WireEmailRequest = Generated.WireUsersActivateRequest & Generated.WireUsersDeactivateRequest;
export type WireChangePasswordRequest = Generated.WireUsersChangePasswordRequest;
export type WireUpdateUserRequest = Generated.WireUsersUpdateRequest;
export type WireSetRoleRequest = Generated.WireUsersSetRoleRequest;
export type WireImportRequest = Generated.WireUsersImportRequest;
/** The reply of calls that answer nothing but success. */
export type WireEmptyReply = Record<string, never>;

// ---- wire: workspaces ----

export type WireWorkspace = Generated.WireWorkspacesGetReply['workspace'];
export type WireCreateWorkspaceRequest = Generated.WireWorkspacesCreateRequest;
export type WireCreateWorkspaceReply = Generated.WireWorkspacesCreateReply;
export type WireListWorkspacesRequest = Generated.WireWorkspacesListRequest;
export type WireListWorkspacesReply = Generated.WireWorkspacesListReply;
/** Either `workspace_id` or `name` is required (the server refuses neither). */
export type WireGetWorkspaceRequest = Generated.WireWorkspacesGetRequest;
export type WireGetWorkspaceReply = Generated.WireWorkspacesGetReply;
/** The request of `workspaces/add_user` and `workspaces/remove_user`: `email` or `user_id` is required. */
export type WireMemberRequest = Generated.WireWorkspacesAddUserRequest;
export type WireListMembersRequest = Generated.WireWorkspacesListUsersRequest;
export type WireMember = Generated.WireWorkspacesListUsersReply['users'][number];
export type WireListMembersReply = Generated.WireWorkspacesListUsersReply;
export type WireRemoveUserReply = Generated.WireWorkspacesRemoveUserReply;
export type WireWorkspaceOverviewRequest = Generated.WireWorkspacesOverviewRequest;
export type WireWorkspaceOverview = Generated.WireWorkspacesOverviewReply['workspaces'][number];
export type WireWorkspaceOverviewReply = Generated.WireWorkspacesOverviewReply;

// ---- wire: licence, audit, doctor ----

export type WireUploadLicenseRequest = Generated.WireLicenseUploadRequest;
export type WireLicense = Generated.WireLicenseGetReply;
export type WireInstalledLicense = Generated.WireLicenseUploadReply;
export type WireAuditQueryRequest = Generated.WireAuditQueryRequest;
export type WireAuditEvent = Generated.WireAuditQueryReply['events'][number];
export type WireAuditQueryReply = Generated.WireAuditQueryReply;
export type WireProblem = Generated.WireDoctorCheckReply['problems'][number];
export type WireDoctorCheckReply = Generated.WireDoctorCheckReply;
export type WireDoctorFixReply = Generated.WireDoctorFixReply;

// ---- wire: login throttle ----

export type WireLoginLock = Generated.WireUsersLoginLocksReply['locks'][number];
export type WireLoginLocksRequest = Generated.WireUsersLoginLocksRequest;
export type WireLoginLocksReply = Generated.WireUsersLoginLocksReply;
/** Exactly one of `email` and `address`. */
export type WireClearLoginLockRequest = Generated.WireUsersClearLoginLockRequest;

// ---- wire: service accounts and sessions ----

/** A service account as `service_accounts/list` sends it (never with its secret). */
export type WireServiceAccount = Generated.WireServiceAccountsListReply['service_accounts'][number];
export type WireScimToken = Generated.WireScimTokensListReply['tokens'][number];
export type WireCreateServiceAccountRequest = Generated.WireServiceAccountsCreateRequest;
export type WireCreateServiceAccountReply = Generated.WireServiceAccountsCreateReply;
export type WireListServiceAccountsReply = Generated.WireServiceAccountsListReply;
/** The request of `service_accounts/rotate` and `service_accounts/delete`. */
export type WireClientIdRequest = Generated.WireServiceAccountsRotateRequest & Generated.WireServiceAccountsDeleteRequest;
export type WireRotateServiceAccountReply = Generated.WireServiceAccountsRotateReply;
/** One login of a user, as `sessions/list` sends it. Times are ISO-8601. */
export type WireSession = Generated.WireSessionsListReply['sessions'][number];
/** Without `email`, the caller's own sessions. */
export type WireSessionsRequest = Generated.WireSessionsListRequest & Generated.WireSessionsRevokeAllRequest;
export type WireListSessionsReply = Generated.WireSessionsListReply;
export type WireSessionIdRequest = Generated.WireSessionsRevokeRequest;
export type WireRevokeAllSessionsReply = Generated.WireSessionsRevokeAllReply;

// ---- wire: upstream SSO providers ----

/** An outside OpenID provider as `sso_providers/list` sends it (never with its client secret). */
export type WireSsoProvider = Generated.WireSsoProvidersListReply['providers'][number];
export type WireCreateSsoProviderRequest = Generated.WireSsoProvidersCreateRequest;
export type WireSsoProviderReply = Generated.WireSsoProvidersCreateReply;
export type WireListSsoProvidersReply = Generated.WireSsoProvidersListReply;
export type WireAliasRequest = Generated.WireSsoProvidersDeleteRequest;

/** The body of every non-2xx API reply. */
export type WireError = Generated.WireErrorReply;

// ---- wire: OAuth endpoints (answered by the identity provider, not by a contract) ----


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
  /** Matches to skip, to jump to a page (`limit * (page - 1)`); not with `cursor` (VALIDATION_FAILED). */
  offset?: number | undefined;
  /** Only these users. */
  userIds?: string[] | undefined;
  /** The column to sort by; the email by default. A cursor belongs to one sort and order. */
  sort?: UserSortKey | undefined;
  order?: SortOrder | undefined;
  /**
   * Also answer how many users match in all (`total`). A search counts up to 1,000 matches: with
   * more, `total` is 1,000 and `totalExact` false.
   */
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

/** What `updateUser` changes; what is left out stays as it is. */
export interface UserChanges {
  /** The new email: the username and the default workspace's name follow it. */
  email?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
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

/** One user of {@link Client.importUsers}; rows are checked one by one on the server. */
export interface ImportUser {
  email: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
  /** `admin` or `user` (the default). */
  role?: string | undefined;
  /** `active` (the default, takes a seat) or `inactive`. */
  status?: string | undefined;
  /** An argon2id hash (`$argon2id$v=19$...`) to keep as the password; without one the user has none. */
  passwordHash?: string | undefined;
  /** Where the row came from (a line of a file), echoed in its outcome; default its position. */
  line?: number | undefined;
}

/** What became of one row of an import. */
export interface ImportOutcome {
  line: number;
  email: string;
  outcome: 'created' | 'skipped' | 'refused';
  /** Why it was skipped (`EMAIL_TAKEN`) or refused (`VALIDATION_FAILED`, `DUPLICATE_ROW`, `WORKSPACE_NAME_TAKEN`). */
  code?: string | undefined;
  reason?: string | undefined;
}

/** What {@link Client.importUsers} answers. */
export interface ImportResult {
  /** True when nothing was written (asked for a dry run). */
  dryRun: boolean;
  created: number;
  skipped: number;
  refused: number;
  rows: ImportOutcome[];
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

/** A change someone made, as {@link Client.queryAudit} lists it. */
export interface AuditEvent {
  /** The server's sequence number: newer events have larger ids. */
  id: number;
  at: Date;
  /** Who made the change: `id` is the user id, or null when no user did (a service account, the server itself); `label` names them. */
  actor: { id: string | null; label: string };
  /** For instance `user.deactivate`. */
  action: string;
  /** What the change was made to;; `id` (and `label`) are null when it has none (the licence, say). */
  target: { type: string; id: string | null; label: string | null };
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
  | 'WORKSPACE_WITHOUT_OWNER'
  | 'SEAT_COUNT_DRIFT';

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

/** A SCIM token: the bearer token an identity provider (Okta, Entra ID) provisions users and groups with. */
export interface ScimToken {
  id: string;
  /** Which provider holds it; audit events show `scim:<name>` as the actor. */
  name: string;
  createdAt: Date;
  /** The email of the admin who created it: the owner of the workspaces its groups create. */
  createdBy: string;
  /** To the minute; null when never used. */
  lastUsedAt: Date | null;
  /** null while the token works. */
  revokedAt: Date | null;
}

/** What {@link Client.createScimToken} answers; the secret is shown this once. */
export interface NewScimToken {
  token: ScimToken;
  /** The bearer token to give the identity provider; Paddock keeps only its hash. */
  secret: string;
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
