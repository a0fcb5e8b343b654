import { z } from 'zod';
import { filter as matches } from 'scim2-parse-filter';
import type { UserRow } from '../../db/schema.js';
import { emailSchema, personNameSchema } from '../../domain/rules.js';
import { check, checkSchemas, externalIdSchema, normalizePath, objectOf, refuse, stripUrn, scimBoolean, valuePath } from './input.js';
import type { PatchOp } from './input.js';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from './resources.js';

/** What Paddock keeps of a SCIM user. `userName` and the one email are the same address. */
export interface UserState {
  userName: string;
  email: string;
  givenName: string;
  familyName: string;
  active: boolean;
  externalId: string | null;
}

/**
 * Attributes of RFC 7643's User (and of the enterprise extension) that Paddock does not keep:
 * accepted and ignored, so that providers' default mappings work. Anything else is refused.
 */
const IGNORED = new Set([
  'id',
  'meta',
  'schemas',
  'displayname',
  'nickname',
  'profileurl',
  'title',
  'usertype',
  'preferredlanguage',
  'locale',
  'timezone',
  'password',
  'phonenumbers',
  'ims',
  'photos',
  'addresses',
  'groups',
  'entitlements',
  'roles',
  'x509certificates',
  'name.formatted',
  'name.middlename',
  'name.honorificprefix',
  'name.honorificsuffix',
]);

const ENTERPRISE = ENTERPRISE_USER_SCHEMA.toLowerCase();

function ignored(path: string): boolean {
  const top = path.split(/[[.]/, 1)[0] ?? path;
  return IGNORED.has(path) || IGNORED.has(top) || path.startsWith(ENTERPRISE);
}

const MAX_EMAILS = 10;
const emailEntry = z.looseObject({ value: z.string().max(1000), type: z.string().max(100).optional(), primary: scimBoolean.optional() });
const emailList = z.array(emailEntry).max(MAX_EMAILS, `must hold at most ${MAX_EMAILS} emails`);

/** The address among `emails` that Paddock keeps: the primary one, else the work one, else the first. */
function chosenEmail(value: unknown, path: string): string | undefined {
  const list = check(emailList, value, path);
  const chosen = list.find((e) => e.primary === true) ?? list.find((e) => e.type?.toLowerCase() === 'work') ?? list[0];
  return chosen === undefined ? undefined : check(emailSchema, chosen.value, `${path}.value`);
}

type Op = PatchOp['op'];

/** Sets one attribute of `state` as a PATCH operation (or a resource body, as `replace`) does. */
function setAttribute(state: UserState, rawPath: string, op: Op, value: unknown, refuseUnknown: (path: string) => Error): void {
  const path = normalizePath(rawPath, USER_SCHEMA);
  if (ignored(path)) return;
  const removal = op === 'remove';
  switch (path) {
    case 'username':
      if (removal) throw refuse('mutability', 'userName: is required and cannot be removed.');
      state.userName = check(emailSchema, value, 'userName');
      return;
    case 'active':
      if (removal) throw refuse('mutability', 'active: cannot be removed; replace it with false to deactivate.');
      state.active = check(scimBoolean, value, 'active');
      return;
    case 'externalid':
      state.externalId = removal || value === null ? null : check(externalIdSchema, value, 'externalId');
      return;
    case 'name.givenname':
      state.givenName = removal || value === null ? '' : check(personNameSchema, value, 'name.givenName');
      return;
    case 'name.familyname':
      state.familyName = removal || value === null ? '' : check(personNameSchema, value, 'name.familyName');
      return;
    case 'name': {
      if (removal) {
        state.givenName = '';
        state.familyName = '';
        return;
      }
      for (const [k, v] of Object.entries(objectOf(value, 'name'))) setAttribute(state, `name.${k}`, op, v, refuseUnknown);
      return;
    }
    case 'emails': {
      if (removal) throw refuse('mutability', 'emails: the email is the userName in Paddock and cannot be removed.');
      const email = chosenEmail(value, 'emails');
      if (email !== undefined) state.email = email;
      return;
    }
  }
  const vp = valuePath(stripUrn(rawPath, USER_SCHEMA));
  if (vp?.attr === 'emails') {
    const [email] = [{ value: state.email, type: 'work', primary: true }].filter(matches(vp.filter));
    if (!email) throw refuse('noTarget', `${rawPath}: matches none of the user's emails (Paddock keeps one, of type work, primary).`);
    if (vp.sub === 'type' || vp.sub === 'primary' || vp.sub === 'display') return;
    if (removal) throw refuse('mutability', `${rawPath}: the email is the userName in Paddock and cannot be removed.`);
    state.email = vp.sub === 'value' ? check(emailSchema, value, rawPath) : check(emailSchema, objectOf(value, rawPath)['value'], `${rawPath}.value`);
    return;
  }
  throw refuseUnknown(rawPath);
}

/** The state a user resource (POST, PUT) describes: `userName` required; `emails`, if sent, agreeing with it. */
export function userFromResource(body: unknown, current?: UserState): UserState {
  const o = objectOf(body, 'The request body');
  checkSchemas(o, USER_SCHEMA, [USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
  const keys = new Map(Object.keys(o).map((k) => [normalizePath(k, USER_SCHEMA), k]));
  if (!keys.has('username')) throw refuse('invalidValue', 'userName: is required (the email, in Paddock).');
  const state: UserState = {
    userName: '',
    email: '',
    givenName: '',
    familyName: '',
    active: current?.active ?? true,
    externalId: current?.externalId ?? null,
  };
  for (const [key, value] of Object.entries(o)) {
    setAttribute(state, key, 'replace', value, (path) => refuse('invalidValue', `${path}: is not an attribute of a Paddock user.`));
  }
  if (state.email === '') state.email = state.userName;
  if (state.email !== state.userName) throw refuse('invalidValue', 'emails: the primary email must be the userName: in Paddock they are one address.');
  return state;
}

/** Applies PATCH operations to `current`; the email and the userName move together. */
export function patchUser(current: UserState, ops: readonly PatchOp[]): UserState {
  const state = { ...current };
  for (const [i, { op, path, value }] of ops.entries()) {
    const unknown = (p: string) => refuse('invalidPath', `Operations[${i}].path: ${p} is not an attribute of a Paddock user.`);
    if (path !== undefined) {
      setAttribute(state, path, op, value, unknown);
      continue;
    }
    for (const [k, v] of Object.entries(objectOf(value, `Operations[${i}].value`))) setAttribute(state, k, op, v, unknown);
  }
  const userNameMoved = state.userName !== current.userName;
  const emailMoved = state.email !== current.email;
  if (userNameMoved && emailMoved && state.userName !== state.email) throw refuse('invalidValue', 'userName and emails: differ; in Paddock they are one address.');
  const address = userNameMoved ? state.userName : state.email;
  return { ...state, userName: address, email: address };
}

export function userState(u: UserRow): UserState {
  return { userName: u.email, email: u.email, givenName: u.first_name, familyName: u.last_name, active: u.status === 'active', externalId: u.external_id };
}
