import { createHash } from 'node:crypto';
import type { UserRow } from '../../db/schema.js';
import type { ScimGroup } from '../../services/scim.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type Resource = Record<string, unknown>;

const iso = (ms: number) => new Date(ms).toISOString();

/** A weak version of what the resource says (meta aside): it changes whenever the resource does. */
function version(resource: Resource): string {
  return `W/"${createHash('sha256').update(JSON.stringify(resource)).digest('base64url').slice(0, 22)}"`;
}

function withMeta(resource: Resource, meta: { resourceType: string; created: number; lastModified: number | null; location: string }): Resource {
  return {
    ...resource,
    meta: { resourceType: meta.resourceType, created: iso(meta.created), lastModified: iso(meta.lastModified ?? meta.created), location: meta.location, version: version(resource) },
  };
}

/** A user as SCIM shows it: `userName` is the email, the one email is primary and of type work. */
export function presentScimUser(u: UserRow, base: string): Resource {
  const formatted = `${u.first_name} ${u.last_name}`.trim();
  return withMeta(
    {
      schemas: [USER_SCHEMA],
      id: u.id,
      ...(u.external_id !== null && { externalId: u.external_id }),
      userName: u.email,
      name: { givenName: u.first_name, familyName: u.last_name, formatted },
      displayName: formatted === '' ? u.email : formatted,
      emails: [{ value: u.email, type: 'work', primary: true }],
      active: u.status === 'active',
    },
    { resourceType: 'User', created: u.created_at, lastModified: u.updated_at, location: `${base}/Users/${u.id}` },
  );
}

/** A workspace as a SCIM group: `displayName` is its name, `members` its members (owners included). */
export function presentScimGroup(g: ScimGroup, base: string, withMembers: boolean): Resource {
  const ws = g.workspace;
  return withMeta(
    {
      schemas: [GROUP_SCHEMA],
      id: String(ws.id),
      ...(ws.external_id !== null && { externalId: ws.external_id }),
      displayName: ws.name,
      ...(withMembers && { members: g.members.map((m) => ({ value: m.user_id, display: m.email, type: 'User', $ref: `${base}/Users/${m.user_id}` })) }),
    },
    { resourceType: 'Group', created: ws.created_at, lastModified: ws.updated_at, location: `${base}/Groups/${ws.id}` },
  );
}

/** `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5), comma-separated, case-insensitive, with or without the schema URN. */
export interface Projection {
  attributes?: string[];
  excluded?: string[];
}

export function parseProjection(attributes: string | undefined, excluded: string | undefined, urn: string): Projection {
  const list = (v: string | undefined) =>
    v === undefined
      ? undefined
      : v
          .split(',')
          .map((a) => a.trim().toLowerCase())
          .filter((a) => a !== '')
          .map((a) => (a.startsWith(`${urn.toLowerCase()}:`) ? a.slice(urn.length + 1) : a));
  const a = list(attributes);
  const e = list(excluded);
  return { ...(a !== undefined && { attributes: a }), ...(e !== undefined && { excluded: e }) };
}

/** Whether `members` is asked for (a group listing without it skips reading them). */
export function wants(p: Projection, attribute: string): boolean {
  if (p.attributes !== undefined) return p.attributes.some((a) => a === attribute || a.startsWith(`${attribute}.`));
  return !(p.excluded ?? []).includes(attribute);
}

/** The resource with only the asked-for attributes (`id`, `schemas` and `meta.resourceType` always). */
export function project(resource: Resource, p: Projection): Resource {
  const keyOf = (lower: string) => Object.keys(resource).find((k) => k.toLowerCase() === lower);
  if (p.attributes !== undefined) {
    const out: Resource = { schemas: resource['schemas'], id: resource['id'] };
    for (const path of p.attributes) {
      const [top = '', sub] = path.split('.', 2);
      const key = keyOf(top);
      if (key === undefined) continue;
      const value = resource[key];
      if (sub === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) {
        out[key] = value;
        continue;
      }
      const subKey = Object.keys(value).find((k) => k.toLowerCase() === sub);
      if (subKey !== undefined) out[key] = { ...(out[key] as Resource | undefined), [subKey]: (value as Resource)[subKey] };
    }
    return out;
  }
  const out: Resource = { ...resource };
  for (const path of p.excluded ?? []) {
    const [top = '', sub] = path.split('.', 2);
    const key = keyOf(top);
    if (key === undefined || key === 'id' || key === 'schemas') continue;
    const value = out[key];
    if (sub === undefined) delete out[key];
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).filter(([k]) => k.toLowerCase() !== sub));
    }
  }
  return out;
}
