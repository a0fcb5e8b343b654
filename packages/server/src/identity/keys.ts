import { randomBytes } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { JWK } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { getSetting, putSettingOnce } from '../queries/settings.js';

export const JWKS_SETTING = 'oidc.jwks';
export const COOKIE_KEYS_SETTING = 'oidc.cookie_keys';

/** The signing algorithm of every token Paddock issues (Keycloak's default, what every client expects). */
export const SIGNING_ALG = 'RS256';

export interface IdentityKeys {
  /** Private signing keys, for oidc-provider. */
  privateJwks: { keys: JWK[] };
  /** The same keys without their private parts: what `/certs` serves and what access tokens verify against. */
  publicJwks: { keys: JWK[] };
  cookieKeys: string[];
}

const PUBLIC_MEMBERS: Record<string, readonly string[]> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
};

export function publicJwk(jwk: JWK): JWK {
  const members = jwk.kty === undefined ? undefined : PUBLIC_MEMBERS[jwk.kty];
  if (!members) throw new Error(`unsupported key type ${String(jwk.kty)} in ${JWKS_SETTING}`);
  const out: Record<string, unknown> = { kty: jwk.kty, kid: jwk.kid, alg: jwk.alg, use: jwk.use };
  for (const member of members) out[member] = (jwk as Record<string, unknown>)[member];
  return out;
}

async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: SIGNING_ALG, use: 'sig' };
}

function parseJwks(text: string): { keys: JWK[] } {
  const parsed = JSON.parse(text) as unknown;
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'object' && k !== null && 'd' in k)) {
    throw new Error(`setting ${JWKS_SETTING} does not hold a private JWK set`);
  }
  return { keys: keys as JWK[] };
}

function parseCookieKeys(text: string): string[] {
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((k) => typeof k === 'string' && k.length >= 32)) {
    throw new Error(`setting ${COOKIE_KEYS_SETTING} does not hold cookie keys`);
  }
  return parsed as string[];
}

/** Reads a setting, or creates it once: concurrent processes all end up with the value that won. */
async function once(db: Kysely<Database>, key: string, create: () => string | Promise<string>): Promise<string> {
  return (await getSetting(db, key)) ?? (await putSettingOnce(db, key, await create()));
}

/**
 * The signing and cookie keys, generated on first use and kept in the settings table, so that every
 * process sharing the database signs and verifies with the same keys.
 */
export async function loadKeys(db: Kysely<Database>): Promise<IdentityKeys> {
  const privateJwks = parseJwks(await once(db, JWKS_SETTING, async () => JSON.stringify({ keys: [await generateSigningKey()] })));
  const cookieKeys = parseCookieKeys(
    await once(db, COOKIE_KEYS_SETTING, () => JSON.stringify([randomBytes(32).toString('base64url')])),
  );
  return { privateJwks, publicJwks: { keys: privateJwks.keys.map(publicJwk) }, cookieKeys };
}
