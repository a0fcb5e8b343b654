import { z } from 'zod';
import type { Contract } from '../contract.js';
import * as admin from './admin.js';
import * as identity from './identity.js';
import * as loginThrottle from './login-throttle.js';
import * as scim from './scim.js';
import * as seats from './seats.js';
import * as sso from './sso.js';
import * as users from './users.js';
import * as workspaces from './workspaces.js';

export type AnyContract = Contract<z.ZodType, z.ZodType>;

function isContract(value: unknown): value is AnyContract {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Partial<AnyContract>;
  return typeof c.path === 'string' && c.body instanceof z.ZodType && c.reply instanceof z.ZodType;
}

/** Every contract mounted under /v1/api, sorted by path: the one list the SDK's types and the OpenAPI tests come from. */
export function allContracts(): AnyContract[] {
  const found = [admin, identity, loginThrottle, scim, seats, sso, users, workspaces].flatMap((m) => Object.values(m).filter(isContract));
  const paths = found.map((c) => c.path);
  const dup = paths.find((p, i) => paths.indexOf(p) !== i);
  if (dup !== undefined) throw new Error(`two contracts for ${dup}`);
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
