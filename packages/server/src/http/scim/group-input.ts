import { z } from 'zod';
import type { Filter } from 'scim2-parse-filter';
import { workspaceNameSchema } from '../../domain/rules.js';
import { check, checkSchemas, externalIdSchema, normalizePath, objectOf, refuse, stripUrn, valuePath } from './input.js';
import type { PatchOp } from './input.js';
import { GROUP_SCHEMA } from './resources.js';

export const MAX_MEMBERS = 1000;

const memberList = z
  .array(z.looseObject({ value: z.string().min(1).max(64) }))
  .max(MAX_MEMBERS, `must hold at most ${MAX_MEMBERS} members in one request`);

/** What a group request changes: the workspace's name and link, and its collaborators by user id. */
export interface GroupRequest {
  name?: string;
  externalId?: string | null;
  members: { add: Set<string>; remove: Set<string>; replaceWith?: Set<string> };
}

/** The workspace name rule, named in the refusal: a displayName that breaks it is refused, never rewritten. */
function groupName(value: unknown, path: string): string {
  return check(workspaceNameSchema, value, `${path} (a workspace name: lower-case letters, digits and "-", starting with a letter)`);
}

const IGNORED = new Set(['id', 'meta', 'schemas']);

function memberIds(value: unknown, path: string): string[] {
  return check(memberList, value, path).map((m) => m.value);
}

/** The user ids a `members[value eq "..."]` path names (eq, or several joined by or). */
function filteredIds(f: Filter, path: string): string[] {
  if (f.op === 'or') return f.filters.flatMap((g) => filteredIds(g, path));
  if (f.op === 'eq' && f.attrPath.toLowerCase() === 'value' && typeof f.compValue === 'string') return [f.compValue];
  throw refuse('invalidPath', `${path}: Paddock selects members by value eq "<user id>".`);
}

function setAttribute(req: GroupRequest, rawPath: string, op: PatchOp['op'], value: unknown, refuseUnknown: (path: string) => Error): void {
  const path = normalizePath(rawPath, GROUP_SCHEMA);
  if (IGNORED.has(path)) return;
  const m = req.members;
  switch (path) {
    case 'displayname':
      if (op === 'remove') throw refuse('mutability', 'displayName: is required and cannot be removed.');
      req.name = groupName(value, 'displayName');
      return;
    case 'externalid':
      req.externalId = op === 'remove' || value === null ? null : check(externalIdSchema, value, 'externalId');
      return;
    case 'members': {
      if (op === 'remove' && value === undefined) {
        m.replaceWith = new Set();
        m.add.clear();
        m.remove.clear();
        return;
      }
      const ids = memberIds(value, 'members');
      if (op === 'replace') {
        m.replaceWith = new Set(ids);
        return;
      }
      for (const id of ids) apply(req, id, op === 'add');
      return;
    }
  }
  const vp = valuePath(stripUrn(rawPath, GROUP_SCHEMA));
  if (vp?.attr === 'members' && vp.sub === undefined && op === 'remove') {
    for (const id of filteredIds(vp.filter, rawPath)) apply(req, id, false);
    return;
  }
  if (vp?.attr === 'members') throw refuse('invalidPath', `${rawPath}: members are added with path "members" and removed with members[value eq "<id>"].`);
  throw refuseUnknown(rawPath);
}

function apply(req: GroupRequest, id: string, add: boolean): void {
  const m = req.members;
  if (m.replaceWith) {
    if (add) m.replaceWith.add(id);
    else m.replaceWith.delete(id);
    return;
  }
  (add ? m.add : m.remove).add(id);
  (add ? m.remove : m.add).delete(id);
}

const empty = (): GroupRequest => ({ members: { add: new Set(), remove: new Set() } });

/**
 * A group resource (POST, PUT): `displayName` required. On PUT, absent `members` leave the
 * collaborators as they are (no provider means "remove everyone" by leaving them out).
 */
export function groupFromResource(body: unknown): GroupRequest {
  const o = objectOf(body, 'The request body');
  checkSchemas(o, GROUP_SCHEMA, [GROUP_SCHEMA]);
  const req = empty();
  if (![...Object.keys(o)].some((k) => normalizePath(k, GROUP_SCHEMA) === 'displayname')) throw refuse('invalidValue', 'displayName: is required.');
  for (const [key, value] of Object.entries(o)) {
    if (normalizePath(key, GROUP_SCHEMA) === 'members') {
      req.members.replaceWith = new Set(memberIds(value, 'members'));
      continue;
    }
    setAttribute(req, key, 'replace', value, (path) => refuse('invalidValue', `${path}: is not an attribute of a Paddock group.`));
  }
  return req;
}

/** PATCH operations on a group, in order: rename, link, members added, removed or replaced. */
export function patchGroup(ops: readonly PatchOp[]): GroupRequest {
  const req = empty();
  for (const [i, { op, path, value }] of ops.entries()) {
    const unknown = (p: string) => refuse('invalidPath', `Operations[${i}].path: ${p} is not an attribute of a Paddock group.`);
    if (path !== undefined) {
      setAttribute(req, path, op, value, unknown);
      continue;
    }
    for (const [k, v] of Object.entries(objectOf(value, `Operations[${i}].value`))) setAttribute(req, k, op, v, unknown);
  }
  return req;
}
