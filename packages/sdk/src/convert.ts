import type {
  AuditEvent,
  AuditQuery,
  InstalledLicense,
  License,
  ScimToken,
  ServiceAccount,
  Session,
  SsoProvider,
  UserQuery,
  WireAuditEvent,
  WireAuditQueryRequest,
  WireInstalledLicense,
  WireLicense,
  WireScimToken,
  WireServiceAccount,
  WireSession,
  WireSsoProvider,
  WireUsersQueryRequest,
} from './types.js';

/** Copies the entries whose value is defined, so optional fields stay absent on the wire. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function userQueryToWire(query: UserQuery): WireUsersQueryRequest {
  return defined({
    user_ids: query.userIds,
    search: query.search,
    status: query.status,
    role: query.role,
    limit: query.limit,
    cursor: query.cursor,
    offset: query.offset,
    sort: query.sort,
    order: query.order,
    include_total: query.includeTotal,
  }) as WireUsersQueryRequest;
}

export function auditQueryToWire(query: AuditQuery): WireAuditQueryRequest {
  const iso = (d: Date | string | undefined): string | undefined => (d instanceof Date ? d.toISOString() : d);
  return defined({
    actor: query.actor,
    target: query.target,
    action: query.action,
    since: iso(query.since),
    until: iso(query.until),
    limit: query.limit,
    cursor: query.cursor,
  }) as WireAuditQueryRequest;
}

export function licenseFromWire(wire: WireLicense): License {
  return {
    edition: wire.edition,
    seats: wire.seats,
    activeUsers: wire.active_users,
    seatsLeft: wire.seats_left,
    overBy: wire.over_by,
    licensee: wire.licensee,
    expiresAt: wire.expires_at === null ? null : new Date(wire.expires_at),
    source: wire.source,
    setAside: wire.set_aside,
  };
}

export function installedLicenseFromWire(wire: WireInstalledLicense): InstalledLicense {
  return { ...licenseFromWire(wire), warning: wire.warning };
}

export function auditEventFromWire(wire: WireAuditEvent): AuditEvent {
  return { ...wire, at: new Date(wire.at) };
}

const dateOrNull = (iso: string | null): Date | null => (iso === null ? null : new Date(iso));

export function serviceAccountFromWire(w: WireServiceAccount): ServiceAccount {
  return {
    clientId: w.client_id,
    name: w.name,
    role: w.role,
    description: w.description,
    createdAt: new Date(w.created_at),
    createdBy: w.created_by,
    secretRotatedAt: dateOrNull(w.secret_rotated_at),
  };
}

export function scimTokenFromWire(w: WireScimToken): ScimToken {
  return { id: w.id, name: w.name, createdAt: new Date(w.created_at), createdBy: w.created_by, lastUsedAt: dateOrNull(w.last_used_at), revokedAt: dateOrNull(w.revoked_at) };
}

export function ssoProviderFromWire(w: WireSsoProvider): SsoProvider {
  return {
    alias: w.alias,
    displayName: w.display_name,
    issuer: w.issuer,
    clientId: w.client_id,
    source: w.source,
    redirectUri: w.redirect_uri,
    createdAt: dateOrNull(w.created_at),
    createdBy: w.created_by,
  };
}

export function sessionFromWire(w: WireSession): Session {
  return {
    id: w.id,
    clientId: w.client_id,
    createdAt: new Date(w.created_at),
    expiresAt: dateOrNull(w.expires_at),
    lastUsedAt: dateOrNull(w.last_used_at ?? null),
  };
}
