import { z } from 'zod';
import { parse as parseFilter } from 'scim2-parse-filter';
import type { Filter } from 'scim2-parse-filter';
import { AppError } from '../../errors.js';
import { PATCH_SCHEMA } from './resources.js';

/** A refusal of the request's content: VALIDATION_FAILED (400) with the RFC 7644 scimType that fits. */
export function refuse(scimType: 'invalidValue' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidFilter' | 'mutability', message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { scimType });
}

/** Parses `value` with `schema`, or refuses it as invalidValue naming `path` and the rule it breaks. */
export function check<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${path}.${issue.path.join('.')}` : path;
  throw refuse('invalidValue', `${where}: ${issue?.message ?? 'is not valid'}`);
}

/** A SCIM boolean, or one as Entra ID sends it in PATCH values: "True", "False". */
export const scimBoolean = z.union([z.boolean(), z.string().regex(/^(true|false)$/i, 'must be true or false').transform((v) => v.toLowerCase() === 'true')]);

export const externalIdSchema = z.string().trim().min(1, 'must not be empty').max(256, 'must be at most 256 characters');

/** A JSON object (a resource, a PATCH value without path), else invalidSyntax. */
export function objectOf(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse('invalidSyntax', `${what} must be a JSON object.`);
  return value as Record<string, unknown>;
}

/** The resource's `schemas` must name `core` and only schemas this server knows. */
export function checkSchemas(body: Record<string, unknown>, core: string, known: readonly string[]): void {
  const schemas = body['schemas'];
  if (!Array.isArray(schemas) || schemas.length > 10 || !schemas.every((s) => typeof s === 'string')) throw refuse('invalidSyntax', `schemas: must be a list holding ${core}.`);
  const lower = new Set(known.map((k) => k.toLowerCase()));
  const unknown = schemas.find((s) => !lower.has(s.toLowerCase()));
  if (unknown !== undefined) throw refuse('invalidSyntax', `schemas: ${unknown} is not a schema this server supports.`);
  if (!schemas.some((s) => s.toLowerCase() === core.toLowerCase())) throw refuse('invalidSyntax', `schemas: must hold ${core}.`);
}

/** An attribute path without the core schema's URN; the case of values in a filter kept. */
export function stripUrn(path: string, coreUrn: string): string {
  const trimmed = path.trim();
  const urn = `${coreUrn.toLowerCase()}:`;
  return trimmed.toLowerCase().startsWith(urn) ? trimmed.slice(urn.length) : trimmed;
}

/** An attribute path, lower-cased, without the core schema's URN (attribute names are case-insensitive). */
export function normalizePath(path: string, coreUrn: string): string {
  return stripUrn(path, coreUrn).toLowerCase();
}

/** `attr[filter].sub` split up; null when the path has no value filter. */
export function valuePath(path: string): { attr: string; filter: Filter; sub: string | undefined } | null {
  const m = /^([a-z][\w$-]*)\[(.*)\](?:\.([a-z][\w$-]*))?$/i.exec(path);
  if (!m?.[1] || m[2] === undefined) return null;
  let filter: Filter;
  try {
    filter = parseFilter(m[2]);
  } catch {
    throw refuse('invalidPath', `path: ${path} has a filter that does not parse.`);
  }
  return { attr: m[1].toLowerCase(), filter, sub: m[3]?.toLowerCase() };
}

/** Parses a `filter` query parameter, or refuses it as invalidFilter. */
export function parseQueryFilter(text: string | undefined): Filter | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (text.length > 2000) throw refuse('invalidFilter', 'filter: must be at most 2000 characters.');
  try {
    return parseFilter(text);
  } catch {
    throw refuse('invalidFilter', `filter: ${text} does not parse (RFC 7644 §3.4.2.2).`);
  }
}

export type PatchOp = { op: 'add' | 'replace' | 'remove'; path: string | undefined; value: unknown };

const MAX_OPERATIONS = 100;

/** A PatchOp request (RFC 7644 §3.5.2), with `op` in any case (Entra ID sends "Replace"). */
export function patchOperations(body: unknown): PatchOp[] {
  const o = objectOf(body, 'The request body');
  checkSchemas(o, PATCH_SCHEMA, [PATCH_SCHEMA]);
  const ops = o['Operations'] ?? o['operations'];
  if (!Array.isArray(ops) || ops.length === 0) throw refuse('invalidSyntax', 'Operations: must be a non-empty list.');
  if (ops.length > MAX_OPERATIONS) throw refuse('invalidValue', `Operations: at most ${MAX_OPERATIONS} in one request.`);
  return ops.map((raw, i) => {
    const op = objectOf(raw, `Operations[${i}]`);
    const name = typeof op['op'] === 'string' ? op['op'].toLowerCase() : undefined;
    if (name !== 'add' && name !== 'replace' && name !== 'remove') throw refuse('invalidSyntax', `Operations[${i}].op: must be add, replace or remove.`);
    const path = op['path'];
    if (path !== undefined && (typeof path !== 'string' || path.length > 500)) throw refuse('invalidPath', `Operations[${i}].path: must be an attribute path.`);
    if (name !== 'remove' && !('value' in op)) throw refuse('invalidSyntax', `Operations[${i}]: ${name} needs a value.`);
    if (name === 'remove' && path === undefined) throw refuse('noTarget', `Operations[${i}]: remove needs a path.`);
    return { op: name, path: path === '' ? undefined : path, value: op['value'] };
  });
}
