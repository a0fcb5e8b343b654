// Generated from the server's contracts (packages/server/src/http/contracts) by `npm run wire`: do not edit.
// Requests are typed as the server accepts them, replies as it sends them.

/** `audit/query`: Audit events, newest first, filtered and paged. */
export interface WireAuditQueryRequest {
  /** user id, email, or client:<id> */
  actor?: string;
  /** user id or email, workspace id or name */
  target?: string;
  action?: string;
  since?: string;
  until?: string;
  limit?: number;
  /** A previous page's next_cursor */
  cursor?: string;
}

/** What `audit/query` answers. */
export interface WireAuditQueryReply {
  events: Array<{
    id: number;
    at: string;
    actor: {
      id: string | null;
      label: string;
    };
    action: string;
    target: {
      type: string;
      id: string | null;
      label: string | null;
    };
    details: Record<string, unknown>;
  }>;
  next_cursor: string | null;
}

/** `doctor/check`: Find what Wallaroo's troubleshooting guide describes: mismatched usernames, bad emails, missing default workspaces, default workspaces their user does not own, ownerless workspaces. */
export type WireDoctorCheckRequest = Record<string, never>;

/** What `doctor/check` answers. */
export interface WireDoctorCheckReply {
  problems: Array<{
    kind: "USERNAME_MISMATCH" | "INVALID_EMAIL" | "MISSING_DEFAULT_WORKSPACE" | "DEFAULT_WORKSPACE_NOT_OWNED" | "WORKSPACE_WITHOUT_OWNER" | "SEAT_COUNT_DRIFT";
    subject: {
      type: "user" | "workspace" | "license";
      id: string;
      label: string;
    };
    detail: string;
    fixable: boolean;
  }>;
}

/** `doctor/fix`: Repair what doctor/check finds, where it can be repaired. */
export type WireDoctorFixRequest = Record<string, never>;

/** What `doctor/fix` answers. */
export interface WireDoctorFixReply {
  fixed: Array<{
    kind: "USERNAME_MISMATCH" | "INVALID_EMAIL" | "MISSING_DEFAULT_WORKSPACE" | "DEFAULT_WORKSPACE_NOT_OWNED" | "WORKSPACE_WITHOUT_OWNER" | "SEAT_COUNT_DRIFT";
    subject: {
      type: "user" | "workspace" | "license";
      id: string;
      label: string;
    };
    detail: string;
    fixable: boolean;
  }>;
  remaining: Array<{
    kind: "USERNAME_MISMATCH" | "INVALID_EMAIL" | "MISSING_DEFAULT_WORKSPACE" | "DEFAULT_WORKSPACE_NOT_OWNED" | "WORKSPACE_WITHOUT_OWNER" | "SEAT_COUNT_DRIFT";
    subject: {
      type: "user" | "workspace" | "license";
      id: string;
      label: string;
    };
    detail: string;
    fixable: boolean;
  }>;
}

/** `license/get`: The licence in force and the seats it leaves. */
export type WireLicenseGetRequest = Record<string, never>;

/** What `license/get` answers. */
export interface WireLicenseGetReply {
  edition: "community" | "enterprise";
  /** null: unlimited */
  seats: number | null;
  active_users: number;
  /** never negative; null: unlimited */
  seats_left: number | null;
  /** active users beyond the seats; 0 within the licence */
  over_by: number;
  licensee: string | null;
  expires_at: string | null;
  /** where the licence in force comes from; none: Community */
  source: "uploaded" | "PADDOCK_LICENSE" | "none";
  /** licences that exist but are not in force, and why (an uploaded one that no longer verifies under PADDOCK_LICENSE_PUBLIC_KEY, an expired one) */
  set_aside: Array<{
    source: "uploaded" | "PADDOCK_LICENSE";
    reason: "BAD_KEY" | "EXPIRED" | "BAD_SIGNATURE" | "INVALID";
    message: string;
  }>;
}

/** `license/upload`: Install a licence (checked as at start-up; stored in the database for every process, and winning over PADDOCK_LICENSE); audited. A licence with fewer seats than active users is installed with a warning. */
export interface WireLicenseUploadRequest {
  /** The signed licence (compact JWS) */
  license: string;
}

/** What `license/upload` answers. */
export interface WireLicenseUploadReply {
  edition: "community" | "enterprise";
  /** null: unlimited */
  seats: number | null;
  active_users: number;
  /** never negative; null: unlimited */
  seats_left: number | null;
  /** active users beyond the seats; 0 within the licence */
  over_by: number;
  licensee: string | null;
  expires_at: string | null;
  /** where the licence in force comes from; none: Community */
  source: "uploaded" | "PADDOCK_LICENSE" | "none";
  /** licences that exist but are not in force, and why (an uploaded one that no longer verifies under PADDOCK_LICENSE_PUBLIC_KEY, an expired one) */
  set_aside: Array<{
    source: "uploaded" | "PADDOCK_LICENSE";
    reason: "BAD_KEY" | "EXPIRED" | "BAD_SIGNATURE" | "INVALID";
    message: string;
  }>;
  /** set when more users are active than the licence allows (over_by > 0): how many must be deactivated */
  warning: string | null;
}

/** `scim/tokens/create`: Create a SCIM token for an identity provider (Okta, Entra ID) to provision users and groups at <public url>/scim/v2; it is shown once. Admin users only: the creator owns the workspaces its groups create. */
export interface WireScimTokensCreateRequest {
  /** DNS-style, e.g. okta or entra-prod; audit events show scim:<name> */
  name: string;
}

/** What `scim/tokens/create` answers. */
export interface WireScimTokensCreateReply {
  token: {
    id: string;
    name: string;
    /** ISO-8601 */
    created_at: string;
    /** email of the admin who created it (the owner of the workspaces its groups create) */
    created_by: string;
    /** to the minute */
    last_used_at: string | null;
    revoked_at: string | null;
  };
  /** The bearer token: shown once, stored only as a hash */
  secret: string;
}

/** `scim/tokens/list`: Every SCIM token, revoked ones included, by name (never the tokens themselves). */
export type WireScimTokensListRequest = Record<string, never>;

/** What `scim/tokens/list` answers. */
export interface WireScimTokensListReply {
  tokens: Array<{
    id: string;
    name: string;
    /** ISO-8601 */
    created_at: string;
    /** email of the admin who created it (the owner of the workspaces its groups create) */
    created_by: string;
    /** to the minute */
    last_used_at: string | null;
    revoked_at: string | null;
  }>;
}

/** `scim/tokens/revoke`: Revoke a SCIM token: refused from the next request on, on every process; revoking it again changes nothing. */
export interface WireScimTokensRevokeRequest {
  id: string;
}

/** What `scim/tokens/revoke` answers. */
export interface WireScimTokensRevokeReply {
  token: {
    id: string;
    name: string;
    /** ISO-8601 */
    created_at: string;
    /** email of the admin who created it (the owner of the workspaces its groups create) */
    created_by: string;
    /** to the minute */
    last_used_at: string | null;
    revoked_at: string | null;
  };
}

/** `seat_policy/get`: Paddock: the idle-seat policy (off by default). */
export type WireSeatPolicyGetRequest = Record<string, never>;

/** What `seat_policy/get` answers. */
export interface WireSeatPolicyGetReply {
  /** deactivate users idle longer than days, automatically (default false) */
  enabled: boolean;
  /** idle means no sign-in for more than this many days (default 90) */
  days: number;
  /** mail a warning this many days before; null: no mail (default) */
  warn_days: number | null;
  /** a user the policy deactivated is reactivated at sign-in when a seat is free (default false) */
  floating: boolean;
  /** whom a user who finds the licence full should ask; null: the active admins */
  contact: string | null;
}

/** `seat_policy/preview`: Paddock: whom the idle-seat policy (the stored one, with the fields sent) would deactivate and warn if it ran now; admins never. */
export interface WireSeatPolicyPreviewRequest {
  /** idle means no sign-in for more than this many days (default 90) */
  days?: number;
  /** mail a warning this many days before; null: no mail (default) */
  warn_days?: number | null;
}

/** What `seat_policy/preview` answers. */
export interface WireSeatPolicyPreviewReply {
  policy: {
    /** deactivate users idle longer than days, automatically (default false) */
    enabled: boolean;
    /** idle means no sign-in for more than this many days (default 90) */
    days: number;
    /** mail a warning this many days before; null: no mail (default) */
    warn_days: number | null;
    /** a user the policy deactivated is reactivated at sign-in when a seat is free (default false) */
    floating: boolean;
    /** whom a user who finds the licence full should ask; null: the active admins */
    contact: string | null;
  };
  /** ISO 8601, UTC */
  idle_before: string;
  deactivate: Array<{
    id: string;
    email: string;
    first_name: string;
    last_name: string;
    role: "admin" | "user";
    /** ISO 8601, UTC */
    created_at: string;
    /** null: never signed in (idle since the invitation) */
    last_login_at: string | null;
    /** the last sign-in (any way in, refreshes included), else the invitation */
    last_active_at: string;
    /** whole days since last_active_at */
    idle_days: number;
  }>;
  warn: Array<{
    id: string;
    email: string;
    first_name: string;
    last_name: string;
    role: "admin" | "user";
    /** ISO 8601, UTC */
    created_at: string;
    /** null: never signed in (idle since the invitation) */
    last_login_at: string | null;
    /** the last sign-in (any way in, refreshes included), else the invitation */
    last_active_at: string;
    /** whole days since last_active_at */
    idle_days: number;
  }>;
}

/** `seat_policy/set`: Paddock: change the idle-seat policy for every process (the fields sent; the others stay); audited. warn_days must be less than days. */
export interface WireSeatPolicySetRequest {
  /** deactivate users idle longer than days, automatically (default false) */
  enabled?: boolean;
  /** idle means no sign-in for more than this many days (default 90) */
  days?: number;
  /** mail a warning this many days before; null: no mail (default) */
  warn_days?: number | null;
  /** a user the policy deactivated is reactivated at sign-in when a seat is free (default false) */
  floating?: boolean;
  /** whom a user who finds the licence full should ask; null: the active admins */
  contact?: string | null;
}

/** What `seat_policy/set` answers. */
export interface WireSeatPolicySetReply {
  /** deactivate users idle longer than days, automatically (default false) */
  enabled: boolean;
  /** idle means no sign-in for more than this many days (default 90) */
  days: number;
  /** mail a warning this many days before; null: no mail (default) */
  warn_days: number | null;
  /** a user the policy deactivated is reactivated at sign-in when a seat is free (default false) */
  floating: boolean;
  /** whom a user who finds the licence full should ask; null: the active admins */
  contact: string | null;
}

/** `service_accounts/create`: Create a confidential client for scripts (client-credentials grant); its secret is shown once. */
export interface WireServiceAccountsCreateRequest {
  /** DNS-style; the client id is sa-<name> */
  name: string;
  role: "admin" | "user";
  description?: string;
}

/** What `service_accounts/create` answers. */
export interface WireServiceAccountsCreateReply {
  client_id: string;
  client_secret: string;
}

/** `service_accounts/delete`: Delete a service account: its secret and its tokens are refused at once. */
export interface WireServiceAccountsDeleteRequest {
  client_id: string;
}

/** What `service_accounts/delete` answers. */
export type WireServiceAccountsDeleteReply = Record<string, never>;

/** `service_accounts/list`: Every service account, by name (never their secrets). */
export type WireServiceAccountsListRequest = Record<string, never>;

/** What `service_accounts/list` answers. */
export interface WireServiceAccountsListReply {
  service_accounts: Array<{
    client_id: string;
    name: string;
    role: "admin" | "user";
    description: string;
    /** ISO-8601 */
    created_at: string;
    /** email of the admin, or client:<id> */
    created_by: string;
    secret_rotated_at: string | null;
  }>;
}

/** `service_accounts/rotate`: Replace the secret, shown once; the old one is refused at once. */
export interface WireServiceAccountsRotateRequest {
  client_id: string;
}

/** What `service_accounts/rotate` answers. */
export interface WireServiceAccountsRotateReply {
  client_secret: string;
}

/** `sessions/list`: A user's logins (grants and their refresh tokens), newest first. */
export interface WireSessionsListRequest {
  /** default: the caller */
  email?: string;
}

/** What `sessions/list` answers. */
export interface WireSessionsListReply {
  sessions: Array<{
    id: string;
    client_id: string;
    /** ISO-8601 */
    created_at: string;
    /** when the login ends unless refreshed */
    expires_at: string | null;
    /** the login or latest refresh */
    last_used_at: string | null;
  }>;
}

/** `sessions/revoke`: End one login: its refresh token is refused at once, its access token within 5 minutes. */
export interface WireSessionsRevokeRequest {
  id: string;
}

/** What `sessions/revoke` answers. */
export type WireSessionsRevokeReply = Record<string, never>;

/** `sessions/revoke_all`: End every login of a user ("log out everywhere" without an email). */
export interface WireSessionsRevokeAllRequest {
  /** default: the caller */
  email?: string;
}

/** What `sessions/revoke_all` answers. */
export interface WireSessionsRevokeAllReply {
  revoked: number;
}

/** `sso_providers/create`: Add an outside OpenID provider; its issuer must answer discovery. The reply names the redirect URI to register there. */
export interface WireSsoProvidersCreateRequest {
  /** Names the provider in URLs: /auth/realms/master/broker/<alias>/endpoint */
  alias: string;
  /** Shown as "Sign in with <display_name>" */
  display_name: string;
  issuer: string;
  client_id: string;
  client_secret: string;
}

/** What `sso_providers/create` answers. */
export interface WireSsoProvidersCreateReply {
  provider: {
    alias: string;
    display_name: string;
    issuer: string;
    client_id: string;
    /** config: from PADDOCK_SSO_PROVIDERS, changed only there */
    source: "config" | "api";
    /** Register this at the provider as the redirect URI of the client */
    redirect_uri: string;
    /** ISO-8601; null for configured providers */
    created_at: string | null;
    created_by: string;
  };
}

/** `sso_providers/delete`: Remove an outside provider and its account links; its users stay and can sign in otherwise. */
export interface WireSsoProvidersDeleteRequest {
  alias: string;
}

/** What `sso_providers/delete` answers. */
export type WireSsoProvidersDeleteReply = Record<string, never>;

/** `sso_providers/list`: The outside OpenID providers offered on the login page (never their client secrets). */
export type WireSsoProvidersListRequest = Record<string, never>;

/** What `sso_providers/list` answers. */
export interface WireSsoProvidersListReply {
  providers: Array<{
    alias: string;
    display_name: string;
    issuer: string;
    client_id: string;
    /** config: from PADDOCK_SSO_PROVIDERS, changed only there */
    source: "config" | "api";
    /** Register this at the provider as the redirect URI of the client */
    redirect_uri: string;
    /** ISO-8601; null for configured providers */
    created_at: string | null;
    created_by: string;
  }>;
}

/** `users/activate`: Activate a user again (needs a free seat). */
export interface WireUsersActivateRequest {
  email: string;
}

/** What `users/activate` answers. */
export type WireUsersActivateReply = Record<string, never>;

/** `users/change_password`: Change your own password, authenticated by the current one (no token needed: this is how a generated initial password is replaced); throttled as logins are. */
export interface WireUsersChangePasswordRequest {
  email: string;
  /** The current password */
  password: string;
  /** Must differ from the current one */
  new_password: string;
}

/** What `users/change_password` answers. */
export type WireUsersChangePasswordReply = Record<string, never>;

/** `users/clear_login_lock`: Forget the failed logins and lock of an account (email) or a client address. */
export interface WireUsersClearLoginLockRequest {
  email?: string;
  /** An IPv4 or IPv6 address (IPv6 counts per /64) */
  address?: string;
}

/** What `users/clear_login_lock` answers. */
export type WireUsersClearLoginLockReply = Record<string, never>;

/** `users/deactivate`: Deactivate a user: their sessions end at once and their seat is freed. */
export interface WireUsersDeactivateRequest {
  email: string;
}

/** What `users/deactivate` answers. */
export type WireUsersDeactivateReply = Record<string, never>;

/** `users/deactivate_dormant`: Paddock: deactivate idle users in one step: `emails` exactly (admins too, one by one), or `all` the idle users who are not admins. Each is checked again at once: one who signed in since the listing is skipped (NOT_DORMANT), as are the last active admin and the caller. Every deactivation frees one seat and is audited. */
export interface WireUsersDeactivateDormantRequest {
  days: number;
  emails?: string[];
  /** every idle user but the admins */
  all?: true;
}

/** What `users/deactivate_dormant` answers. */
export interface WireUsersDeactivateDormantReply {
  deactivated: Array<{
    id: string;
    email: string;
  }>;
  skipped: Array<{
    email: string;
    /** NOT_DORMANT, LAST_ACTIVE_ADMIN, SELF_DEACTIVATION or USER_NOT_FOUND */
    error: string;
    msg: string;
  }>;
  /** exactly the number of users deactivated */
  seats_freed: number;
  /** after the deactivations */
  seats: {
    /** null: unlimited */
    seats: number | null;
    active_users: number;
    /** null: unlimited */
    seats_left: number | null;
  };
}

/** `users/dormant`: Paddock: active users with no sign-in (password, refresh, device, browser, SSO) for more than `days` days, and those invited more than `days` days ago who never signed in; the most recently active first, admins included, with the seats each choice would free (admins only). */
export interface WireUsersDormantRequest {
  days: number;
  /** users listed at most; the totals count them all */
  limit?: number;
}

/** What `users/dormant` answers. */
export interface WireUsersDormantReply {
  days: number;
  /** users last active before this time are idle */
  idle_before: string;
  users: Array<{
    id: string;
    email: string;
    first_name: string;
    last_name: string;
    role: "admin" | "user";
    /** ISO 8601, UTC */
    created_at: string;
    /** null: never signed in (idle since the invitation) */
    last_login_at: string | null;
    /** the last sign-in (any way in, refreshes included), else the invitation */
    last_active_at: string;
    /** whole days since last_active_at */
    idle_days: number;
  }>;
  /** idle users in all */
  total: number;
  /** of them, admins: listed, but deactivated only when chosen one by one */
  admins: number;
  frees: {
    /** seats that users/deactivate_dormant with all: true frees now */
    all_but_admins: number;
    /** seats freed by choosing every idle user, admins included */
    all: number;
  };
  seats: {
    /** null: unlimited */
    seats: number | null;
    active_users: number;
    /** null: unlimited */
    seats_left: number | null;
  };
}

/** `users/get_by_email`: The user with exactly this email (case-insensitive), or null. */
export interface WireUsersGetByEmailRequest {
  email: string;
}

/** What `users/get_by_email` answers. */
export interface WireUsersGetByEmailReply {
  user: {
    id: string;
    email: string;
    username: string;
    enabled: boolean;
    emailVerified?: boolean;
    firstName?: string;
    lastName?: string;
    /** epoch ms */
    createdTimestamp: number;
    /** epoch ms */
    lastLogin?: number | null;
    realmRoles?: string[];
    /** Paddock (admins): scim when an identity provider manages the user; absent for local users */
    source?: "scim";
    /** Paddock (admins): the identity provider's id for the user (SCIM externalId) */
    externalId?: string;
  } | null;
}

/** `users/import`: Paddock: create many users, each with their default workspace; existing emails are skipped and bad rows refused one by one, and the seat check covers the whole batch before anything is written (SEAT_LIMIT_REACHED refuses it all). */
export interface WireUsersImportRequest {
  users: Array<{
    /** Where the row came from, echoed in its outcome; default its position */
    line?: number;
    email: string;
    first_name?: string;
    last_name?: string;
    /** admin or user (default) */
    role?: string;
    /** active (default) or inactive */
    status?: string;
    /** An argon2id hash ($argon2id$v=19$...) to keep; without one the user has no password */
    password_hash?: string;
  }>;
  /** Check everything, write nothing */
  dry_run?: boolean;
}

/** What `users/import` answers. */
export interface WireUsersImportReply {
  dry_run: boolean;
  created: number;
  skipped: number;
  refused: number;
  /** One per row, in the order given */
  rows: Array<{
    line: number;
    email: string;
    outcome: "created" | "skipped" | "refused";
    /** Why a row was skipped (EMAIL_TAKEN: the user exists) or refused (VALIDATION_FAILED, DUPLICATE_ROW, WORKSPACE_NAME_TAKEN) */
    code?: string;
    reason?: string;
  }>;
}

/** `users/invite`: Create an active user (takes a licence seat) with their default workspace. Without a password, an invitation link is mailed and the generated password must be changed at first login. */
export interface WireUsersInviteRequest {
  email: string;
  password?: string;
  first_name?: string;
  last_name?: string;
  role?: "admin" | "user";
  /** With a password: the user must change it at first login anyway */
  require_reset?: boolean;
}

/** What `users/invite` answers. */
export interface WireUsersInviteReply {
  id: string;
  /** The initial password (generated when none was sent) */
  password: string;
}

/** `users/login_locks`: Failed-login counters and locks now in force, of every account and address or of one account. */
export interface WireUsersLoginLocksRequest {
  email?: string;
}

/** What `users/login_locks` answers. */
export interface WireUsersLoginLocksReply {
  locks: Array<{
    /** `account:<email>` or `address:<ip>` */
    key: string;
    kind: "account" | "address";
    /** Failed logins in the current 15-minute window */
    failures: number;
    /** ISO time the lock ends; null when not locked */
    locked_until: string | null;
  }>;
}

/** `users/query`: List users (all of them, as Wallaroo does, unless filtered or paged); an object keyed by id. */
export interface WireUsersQueryRequest {
  user_ids?: string[];
  /** Part of the email, first or last name (of the email alone for non-admins) */
  search?: string;
  status?: "active" | "inactive";
  /** Admins only */
  role?: "admin" | "user";
  limit?: number;
  /** A previous page's next_cursor */
  cursor?: string;
  /** Paddock: matches to skip, to jump to a page (limit × (page − 1)); not with cursor, which is cheaper for the next page */
  offset?: number;
  /** Paddock: default email; non-admins may sort by email and status only */
  sort?: "role" | "status" | "email" | "first_name" | "last_name" | "last_login";
  /** Paddock: default asc; a cursor belongs to one sort and order */
  order?: "asc" | "desc";
  /** Paddock: also answer how many users match, all pages together (a search counts up to 1,000: see total_exact) */
  include_total?: boolean;
}

/** What `users/query` answers. */
export interface WireUsersQueryReply {
  /** In the requested order */
  users: Record<string, {
    id: string;
    email: string;
    username: string;
    enabled: boolean;
    emailVerified?: boolean;
    firstName?: string;
    lastName?: string;
    /** epoch ms */
    createdTimestamp: number;
    /** epoch ms */
    lastLogin?: number | null;
    realmRoles?: string[];
    /** Paddock (admins): scim when an identity provider manages the user; absent for local users */
    source?: "scim";
    /** Paddock (admins): the identity provider's id for the user (SCIM externalId) */
    externalId?: string;
  }>;
  next_cursor?: string | null;
  total?: number;
  /** Paddock, with total: false when a search matches more than 1,000 users and total says 1,000 */
  total_exact?: boolean;
}

/** `users/set_role`: Change a user's platform role. */
export interface WireUsersSetRoleRequest {
  email: string;
  role: "admin" | "user";
}

/** What `users/set_role` answers. */
export type WireUsersSetRoleReply = Record<string, never>;

/** `users/update`: Change a user's email (the username and the default workspace's name follow) or names; the user is named by user_id or by their current email, valid or not. */
export interface WireUsersUpdateRequest {
  user_id?: string;
  /** The current email, as stored (it may be one doctor reports invalid) */
  email?: string;
  new_email?: string;
  first_name?: string;
  last_name?: string;
}

/** What `users/update` answers. */
export type WireUsersUpdateReply = Record<string, never>;

/** `workspaces/add_user`: Add a member (collaborator unless user_type is OWNER; OWNER promotes a collaborator). */
export interface WireWorkspacesAddUserRequest {
  workspace_id: number;
  email?: string;
  user_id?: string;
  user_type?: "OWNER" | "COLLABORATOR";
}

/** What `workspaces/add_user` answers. */
export type WireWorkspacesAddUserReply = Record<string, never>;

/** `workspaces/create`: Create a workspace; the caller becomes its owner. */
export interface WireWorkspacesCreateRequest {
  workspace_name: string;
}

/** What `workspaces/create` answers. */
export interface WireWorkspacesCreateReply {
  workspace_id: number;
}

/** `workspaces/get`: One workspace, by id or by exact name. */
export interface WireWorkspacesGetRequest {
  workspace_id?: number;
  name?: string;
}

/** What `workspaces/get` answers. */
export interface WireWorkspacesGetReply {
  workspace: {
    id: number;
    name: string;
    /** ISO-8601 with offset */
    created_at: string;
    created_by: string;
    archived: boolean;
    models: unknown[];
    pipelines: unknown[];
    /** Paddock: the user whose default workspace this is */
    default_for: string | null;
  };
}

/** `workspaces/list`: Workspaces the caller may see (admins: all, or those of user_id). */
export interface WireWorkspacesListRequest {
  user_id?: string;
}

/** What `workspaces/list` answers. */
export interface WireWorkspacesListReply {
  workspaces: Array<{
    id: number;
    name: string;
    /** ISO-8601 with offset */
    created_at: string;
    created_by: string;
    archived: boolean;
    models: unknown[];
    pipelines: unknown[];
    /** Paddock: the user whose default workspace this is */
    default_for: string | null;
  }>;
}

/** `workspaces/list_users`: Members with their roles. */
export interface WireWorkspacesListUsersRequest {
  workspace_id: number;
}

/** What `workspaces/list_users` answers. */
export interface WireWorkspacesListUsersReply {
  users: Array<{
    user_id: string;
    user_type: "OWNER" | "COLLABORATOR";
    email: string;
  }>;
}

/** `workspaces/overview`: Paddock: a page of workspaces with their owners, member counts and the role in each of user_id (default: the caller); admins see all or user_id's, others their own. */
export interface WireWorkspacesOverviewRequest {
  user_id?: string;
  /** part of the name */
  search?: string;
  limit?: number;
  /** A previous page's next_cursor */
  cursor?: string;
}

/** What `workspaces/overview` answers. */
export interface WireWorkspacesOverviewReply {
  workspaces: Array<{
    id: number;
    name: string;
    /** ISO-8601 with offset */
    created_at: string;
    created_by: string;
    archived: boolean;
    models: unknown[];
    pipelines: unknown[];
    /** Paddock: the user whose default workspace this is */
    default_for: string | null;
    member_count: number;
    owners: Array<{
      user_id: string;
      email: string;
    }>;
    /** the role of user_id (or the caller) in it; null: not a member */
    user_type: "OWNER" | "COLLABORATOR" | null;
  }>;
  next_cursor: string | null;
}

/** `workspaces/remove_user`: Remove a member (never the last owner, never from their own default workspace). */
export interface WireWorkspacesRemoveUserRequest {
  workspace_id: number;
  email?: string;
  user_id?: string;
}

/** What `workspaces/remove_user` answers. */
export interface WireWorkspacesRemoveUserReply {
  affected_rows: number;
}

/** `workspaces/set_user_role`: Change a member's role. */
export interface WireWorkspacesSetUserRoleRequest {
  workspace_id: number;
  email?: string;
  user_id?: string;
  user_type: "OWNER" | "COLLABORATOR";
}

/** What `workspaces/set_user_role` answers. */
export type WireWorkspacesSetUserRoleReply = Record<string, never>;

/** The body of every non-2xx API reply. */
export interface WireErrorReply {
  /** A sentence for people */
  msg: string;
  /** The HTTP status */
  code: number;
  /** The machine code: switch on this */
  error: string;
  /** The offending field, for VALIDATION_FAILED */
  field?: string;
  [key: string]: unknown;
}

/** Every call of the HTTP API: path (under `/v1/api/`) to request and reply. */
export interface ApiCalls {
  'audit/query': { request: WireAuditQueryRequest; reply: WireAuditQueryReply };
  'doctor/check': { request: WireDoctorCheckRequest; reply: WireDoctorCheckReply };
  'doctor/fix': { request: WireDoctorFixRequest; reply: WireDoctorFixReply };
  'license/get': { request: WireLicenseGetRequest; reply: WireLicenseGetReply };
  'license/upload': { request: WireLicenseUploadRequest; reply: WireLicenseUploadReply };
  'scim/tokens/create': { request: WireScimTokensCreateRequest; reply: WireScimTokensCreateReply };
  'scim/tokens/list': { request: WireScimTokensListRequest; reply: WireScimTokensListReply };
  'scim/tokens/revoke': { request: WireScimTokensRevokeRequest; reply: WireScimTokensRevokeReply };
  'seat_policy/get': { request: WireSeatPolicyGetRequest; reply: WireSeatPolicyGetReply };
  'seat_policy/preview': { request: WireSeatPolicyPreviewRequest; reply: WireSeatPolicyPreviewReply };
  'seat_policy/set': { request: WireSeatPolicySetRequest; reply: WireSeatPolicySetReply };
  'service_accounts/create': { request: WireServiceAccountsCreateRequest; reply: WireServiceAccountsCreateReply };
  'service_accounts/delete': { request: WireServiceAccountsDeleteRequest; reply: WireServiceAccountsDeleteReply };
  'service_accounts/list': { request: WireServiceAccountsListRequest; reply: WireServiceAccountsListReply };
  'service_accounts/rotate': { request: WireServiceAccountsRotateRequest; reply: WireServiceAccountsRotateReply };
  'sessions/list': { request: WireSessionsListRequest; reply: WireSessionsListReply };
  'sessions/revoke': { request: WireSessionsRevokeRequest; reply: WireSessionsRevokeReply };
  'sessions/revoke_all': { request: WireSessionsRevokeAllRequest; reply: WireSessionsRevokeAllReply };
  'sso_providers/create': { request: WireSsoProvidersCreateRequest; reply: WireSsoProvidersCreateReply };
  'sso_providers/delete': { request: WireSsoProvidersDeleteRequest; reply: WireSsoProvidersDeleteReply };
  'sso_providers/list': { request: WireSsoProvidersListRequest; reply: WireSsoProvidersListReply };
  'users/activate': { request: WireUsersActivateRequest; reply: WireUsersActivateReply };
  'users/change_password': { request: WireUsersChangePasswordRequest; reply: WireUsersChangePasswordReply };
  'users/clear_login_lock': { request: WireUsersClearLoginLockRequest; reply: WireUsersClearLoginLockReply };
  'users/deactivate': { request: WireUsersDeactivateRequest; reply: WireUsersDeactivateReply };
  'users/deactivate_dormant': { request: WireUsersDeactivateDormantRequest; reply: WireUsersDeactivateDormantReply };
  'users/dormant': { request: WireUsersDormantRequest; reply: WireUsersDormantReply };
  'users/get_by_email': { request: WireUsersGetByEmailRequest; reply: WireUsersGetByEmailReply };
  'users/import': { request: WireUsersImportRequest; reply: WireUsersImportReply };
  'users/invite': { request: WireUsersInviteRequest; reply: WireUsersInviteReply };
  'users/login_locks': { request: WireUsersLoginLocksRequest; reply: WireUsersLoginLocksReply };
  'users/query': { request: WireUsersQueryRequest; reply: WireUsersQueryReply };
  'users/set_role': { request: WireUsersSetRoleRequest; reply: WireUsersSetRoleReply };
  'users/update': { request: WireUsersUpdateRequest; reply: WireUsersUpdateReply };
  'workspaces/add_user': { request: WireWorkspacesAddUserRequest; reply: WireWorkspacesAddUserReply };
  'workspaces/create': { request: WireWorkspacesCreateRequest; reply: WireWorkspacesCreateReply };
  'workspaces/get': { request: WireWorkspacesGetRequest; reply: WireWorkspacesGetReply };
  'workspaces/list': { request: WireWorkspacesListRequest; reply: WireWorkspacesListReply };
  'workspaces/list_users': { request: WireWorkspacesListUsersRequest; reply: WireWorkspacesListUsersReply };
  'workspaces/overview': { request: WireWorkspacesOverviewRequest; reply: WireWorkspacesOverviewReply };
  'workspaces/remove_user': { request: WireWorkspacesRemoveUserRequest; reply: WireWorkspacesRemoveUserReply };
  'workspaces/set_user_role': { request: WireWorkspacesSetUserRoleRequest; reply: WireWorkspacesSetUserRoleReply };
}

export type ApiPath = keyof ApiCalls;
