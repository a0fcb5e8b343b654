import { z } from 'zod';

export const EMAIL_MAX = 254;
export const NAME_MAX = 100;
export const WORKSPACE_NAME_MAX = 63;

/** Trimmed, lower-cased; compared exactly everywhere. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** An email as accepted at every boundary: normalised, at most 254 characters, a valid address. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'is required')
  .max(EMAIL_MAX, `must be at most ${EMAIL_MAX} characters`)
  .pipe(z.email('must be a valid email address'));

export const personNameSchema = z
  .string()
  .trim()
  .max(NAME_MAX, `must be at most ${NAME_MAX} characters`)
  .refine((v) => !CONTROL.test(v), 'must not contain control characters');

/** DNS-compatible, lower case: starts with a letter, letters, digits and hyphens, no trailing hyphen. */
export const WORKSPACE_NAME = /^[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const workspaceNameSchema = z
  .string()
  .max(WORKSPACE_NAME_MAX, `must be at most ${WORKSPACE_NAME_MAX} characters`)
  .regex(WORKSPACE_NAME, 'must start with a lower-case letter and hold only a-z, 0-9 and "-", not ending in "-"');

export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(1024, 'must be at most 1024 characters');

export function defaultWorkspaceName(email: string): string {
  return `${email} - Default Workspace`;
}

export function isValidEmail(email: string): boolean {
  return emailSchema.safeParse(email).success;
}

export const SERVICE_ACCOUNT_PREFIX = 'sa-';

/** A service account's name: DNS-style like workspace names, short enough that `sa-<name>` is too. */
export const serviceAccountNameSchema = z
  .string()
  .max(WORKSPACE_NAME_MAX - SERVICE_ACCOUNT_PREFIX.length, `must be at most ${WORKSPACE_NAME_MAX - SERVICE_ACCOUNT_PREFIX.length} characters`)
  .regex(WORKSPACE_NAME, 'must start with a lower-case letter and hold only a-z, 0-9 and "-", not ending in "-"');

export function serviceAccountClientId(name: string): string {
  return `${SERVICE_ACCOUNT_PREFIX}${name}`;
}

export function isServiceAccountClientId(clientId: string): boolean {
  return clientId.startsWith(SERVICE_ACCOUNT_PREFIX);
}

/** An upstream SSO provider's alias: DNS-style, short; it names the provider in URLs and links. */
export const ssoAliasSchema = z
  .string()
  .max(32, 'must be at most 32 characters')
  .regex(WORKSPACE_NAME, 'must start with a lower-case letter and hold only a-z, 0-9 and "-", not ending in "-"');

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Plain http is for a provider on this machine only (tests, development); anything else needs https. */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** An OpenID issuer: https (or http on loopback), no query or fragment; kept exactly as given (discovery compares it). */
export const issuerSchema = z
  .string()
  .trim()
  .max(500, 'must be at most 500 characters')
  .pipe(z.url('must be a URL'))
  .refine((v) => {
    // zod still runs this refinement when the URL check above failed: never throw on what it refused.
    if (!URL.canParse(v)) return false;
    const url = new URL(v);
    return (url.protocol === 'https:' || isLoopbackHttp(url)) && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  }, 'must be an https:// URL (http only on loopback) without query, fragment or credentials');

/** A SCIM token's name (which identity provider holds it): DNS-style, short; audit events show `scim:<name>`. */
export const scimTokenNameSchema = z
  .string()
  .max(WORKSPACE_NAME_MAX, `must be at most ${WORKSPACE_NAME_MAX} characters`)
  .regex(WORKSPACE_NAME, 'must start with a lower-case letter and hold only a-z, 0-9 and "-", not ending in "-"');

/** What every SCIM token starts with, so that a leaked one is recognisable (secret scanners, logs). */
export const SCIM_TOKEN_PREFIX = 'pdk_scim_';
