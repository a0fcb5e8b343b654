import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Times are epoch milliseconds; booleans are 0/1 integers, the same on both dialects. */
export interface UsersTable {
  id: string;
  email: string;
  username: string;
  first_name: string;
  last_name: string;
  role: 'admin' | 'user';
  status: 'active' | 'inactive';
  email_verified: number;
  password_hash: string | null;
  created_at: number;
  last_login_at: number | null;
  /** 1 while the user holds a generated (or admin-reset) password: login is refused until they change it. */
  must_change_password: Generated<number>;
  /** Every access token carries the value at its issue; tokens of an earlier generation are refused. */
  token_generation: Generated<number>;
  /** The identity provider's id for the user (SCIM `externalId`); unique when set. */
  external_id: string | null;
  /** Who manages the user: 'scim' once an identity provider provisioned or adopted them, null for local users. */
  source: UserSource | null;
  /** The last change through the users service (SCIM `meta.lastModified`); null: none since creation. */
  updated_at: number | null;
  /** When SCIM deleted the user: deactivated and unlinked, and 404 to SCIM from then on (the row stays). */
  scim_deleted_at: number | null;
  /** The last sign-in (any way in) or activation; null: neither since the creation (see migration 0012). */
  last_active_at: number | null;
  /** Who made an inactive user inactive: the idle-seat policy (may float back at sign-in) or an admin; null when active. */
  deactivated_by: 'admin' | 'policy' | null;
  /** When the idle-seat policy last warned the user by mail (null: never). */
  idle_warned_at: number | null;
}

export type UserSource = 'scim';

export interface WorkspacesTable {
  id: Generated<number>;
  name: string;
  created_by: string;
  created_at: number;
  archived: Generated<number>;
  /** Set on exactly one workspace per user: that user's default workspace. */
  default_for: string | null;
  /** The identity provider's id for the group this workspace is (SCIM `externalId`); unique when set. */
  external_id: string | null;
  /** 'scim' when the workspace is a group an identity provider pushed or adopted; null otherwise. */
  source: UserSource | null;
  /** The last rename or membership change (SCIM `meta.lastModified`); null: none since creation. */
  updated_at: number | null;
  /** When SCIM deleted the group: unlinked and 404 to SCIM from then on (the workspace stays). */
  scim_deleted_at: number | null;
}

export interface MembershipsTable {
  workspace_id: number;
  user_id: string;
  role: 'owner' | 'collaborator';
  created_at: number;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: number;
  actor_id: string | null;
  actor_label: string;
  action: string;
  target_type: string;
  target_id: string | null;
  target_label: string | null;
  details: string;
}

/** Named rows whose only purpose is to be locked: `UPDATE locks ... WHERE name = ?` serialises writers. */
export interface LocksTable {
  name: string;
  touched_at: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** oidc-provider's models (sessions, grants, codes, refresh tokens...), one row each. */
export interface OidcPayloadsTable {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  account_id: string | null;
  expires_at: number | null;
  consumed_at: number | null;
}

/** Failed password logins under one key (`account:<email>` or `address:<ip>`). */
export interface LoginFailuresTable {
  key: string;
  /** Failures since `window_started_at`. */
  failures: number;
  window_started_at: number;
  /** The end of the latest lock, kept after it passes so that the next lock doubles. */
  locked_until: number | null;
  lock_count: number;
}

/** Confidential clients an admin made for scripts; `client_id` is `sa-<name>`. */
export interface ServiceAccountsTable {
  client_id: string;
  name: string;
  role: 'admin' | 'user';
  description: string;
  /** SHA-256 of the secret, hex (see domain/client-secret.ts); the secret itself is never stored. */
  secret_hash: string;
  created_at: number;
  /** Who created it, as audit events label actors: an email, `client:<id>` or `system`. */
  created_by: string;
  secret_rotated_at: number | null;
}

/** Single-use links that let an invited user set their password. */
export interface InvitationsTable {
  /** SHA-256 of the token, hex; the token itself is only in the mailed link. */
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** External OpenID providers added through the API (those from configuration are not stored). */
export interface SsoProvidersTable {
  /** URL-safe name: the broker path `/auth/realms/master/broker/<alias>/endpoint` carries it. */
  alias: string;
  display_name: string;
  issuer: string;
  client_id: string;
  /** Sent to the provider's token endpoint, so kept as given (the database is the secret store). */
  client_secret: string;
  created_at: number;
  created_by: string;
}

/** A provider account linked to a user: first SSO login creates or links it by verified email. */
export interface UserIdentitiesTable {
  provider_alias: string;
  /** The provider's `sub`. */
  subject: string;
  user_id: string;
  created_at: number;
}

/** One row (id 1), kept by triggers on `users`: the seats in use, and how many of them admins hold. */
/** Kept by triggers on `users` (migrations 0008 and 0011): never written by the services. */
export interface SeatCountsTable {
  id: number;
  active_users: number;
  active_admins: number;
  /** Every user and every admin, whatever their status. */
  all_users: number;
  all_admins: number;
}

/** Long-lived bearer tokens identity providers provision with; stored as a SHA-256 hash (domain/client-secret.ts). */
export interface ScimTokensTable {
  id: string;
  name: string;
  token_hash: string;
  created_at: number;
  /** Who created it, as audit events label actors. */
  created_by: string;
  /** The admin who created it: the owner of the workspaces its groups create. */
  owner_id: string;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface Database {
  users: UsersTable;
  workspaces: WorkspacesTable;
  memberships: MembershipsTable;
  audit_events: AuditEventsTable;
  locks: LocksTable;
  seat_counts: SeatCountsTable;
  settings: SettingsTable;
  oidc_payloads: OidcPayloadsTable;
  login_failures: LoginFailuresTable;
  service_accounts: ServiceAccountsTable;
  invitations: InvitationsTable;
  sso_providers: SsoProvidersTable;
  user_identities: UserIdentitiesTable;
  scim_tokens: ScimTokensTable;
}

export type UserRow = Selectable<UsersTable>;
/** A user as listings show it: everything but the password hash. */
export type UserRecord = Omit<UserRow, 'password_hash'>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type WorkspaceRow = Selectable<WorkspacesTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type OidcPayloadRow = Selectable<OidcPayloadsTable>;
export type LoginFailureRow = Selectable<LoginFailuresTable>;
export type ServiceAccountRow = Selectable<ServiceAccountsTable>;
export type InvitationRow = Selectable<InvitationsTable>;
export type SsoProviderRow = Selectable<SsoProvidersTable>;
export type UserIdentityRow = Selectable<UserIdentitiesTable>;
export type ScimTokenRow = Selectable<ScimTokensTable>;
