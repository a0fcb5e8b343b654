import type { z } from 'zod';
import type { AuditEventRow, UserRecord, WorkspaceRow } from '../db/schema.js';
import type { LicenseStatus } from '../services/license.js';
import type { ServiceAccount } from '../services/service-accounts.js';
import type { SsoProvider } from '../services/sso.js';
import type { SessionInfo } from '../services/sessions.js';
import type { serviceAccount, session } from './contracts/identity.js';
import type { ssoProvider } from './contracts/sso.js';
import type { keycloakUser } from './contracts/users.js';
import type { workspace } from './contracts/workspaces.js';

/**
 * A user with Keycloak's field names; `full` false gives what every user may see of others: what the
 * Wallaroo SDK's `User` needs (`id`, `email`, `username`, `enabled`, `createdTimestamp`).
 */
export function presentUser(u: UserRecord, full: boolean): z.input<typeof keycloakUser> {
  // Plain literals: building 100 of these per page is on the hot path of users/query.
  if (!full) return { id: u.id, email: u.email, username: u.username, enabled: u.status === 'active', createdTimestamp: u.created_at };
  return {
    id: u.id,
    email: u.email,
    username: u.username,
    enabled: u.status === 'active',
    emailVerified: u.email_verified === 1,
    firstName: u.first_name,
    lastName: u.last_name,
    createdTimestamp: u.created_at,
    lastLogin: u.last_login_at,
    realmRoles: u.role === 'admin' ? ['admin'] : [],
    ...(u.source !== null && { source: u.source }),
    ...(u.external_id !== null && { externalId: u.external_id }),
  };
}

export function presentWorkspace(ws: WorkspaceRow): z.input<typeof workspace> {
  return {
    id: ws.id,
    name: ws.name,
    created_at: new Date(ws.created_at).toISOString().replace('Z', '+00:00'),
    created_by: ws.created_by,
    archived: ws.archived === 1,
    models: [],
    pipelines: [],
    default_for: ws.default_for,
  };
}

export function presentAuditEvent(e: AuditEventRow) {
  return {
    id: e.id,
    at: new Date(e.at).toISOString(),
    actor: { id: e.actor_id, label: e.actor_label },
    action: e.action,
    target: { type: e.target_type, id: e.target_id, label: e.target_label },
    details: JSON.parse(e.details) as Record<string, unknown>,
  };
}

export function presentLicense(st: LicenseStatus) {
  return {
    edition: st.edition,
    seats: st.seats,
    active_users: st.activeUsers,
    seats_left: st.seatsLeft,
    over_by: st.overBy,
    licensee: st.licensee,
    expires_at: isoOrNull(st.expiresAt),
    source: st.source,
    set_aside: st.setAside.map((s) => ({ source: s.source, reason: s.reason, message: s.message })),
  };
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Never with its client secret. */
export function presentSsoProvider(p: SsoProvider, redirectUri: string): z.input<typeof ssoProvider> {
  return {
    alias: p.alias,
    display_name: p.displayName,
    issuer: p.issuer,
    client_id: p.clientId,
    source: p.source,
    redirect_uri: redirectUri,
    created_at: isoOrNull(p.createdAt),
    created_by: p.createdBy,
  };
}

export function presentServiceAccount(a: ServiceAccount): z.input<typeof serviceAccount> {
  return {
    client_id: a.client_id,
    name: a.name,
    role: a.role,
    description: a.description,
    created_at: new Date(a.created_at).toISOString(),
    created_by: a.created_by,
    secret_rotated_at: isoOrNull(a.secret_rotated_at),
  };
}

export function presentSession(s: SessionInfo): z.input<typeof session> {
  return {
    id: s.id,
    client_id: s.clientId,
    created_at: new Date(s.createdAt).toISOString(),
    expires_at: isoOrNull(s.expiresAt),
    last_used_at: isoOrNull(s.lastUsedAt),
  };
}
