import path from 'node:path';
import { z } from 'zod';
import { issuerSchema, ssoAliasSchema } from './domain/rules.js';
import { BUILT_IN_LICENSE_PUBLIC_KEY } from './license/license.js';
import type { SsoProviderSettings } from './services/sso.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** A `postgres://` URL, or the SQLite file path. */
  databaseUrl: string;
  /** Base URL the server is reached at; the OpenID issuer is `<publicUrl>/auth/realms/master`. */
  publicUrl: string;
  admin: { email: string; password: string } | null;
  /** The licence document (already read from its file when a path was given), or null for Community. */
  license: string | null;
  licensePublicKey: string;
  apiClientSecret: string | null;
  /** Outside OpenID providers offered on the login page (PADDOCK_SSO_PROVIDERS). */
  ssoProviders: SsoProviderSettings[];
  logLevel: string;
}

/** Bad configuration: one line, naming the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const port = z.coerce.number().int().min(0).max(65535);
const nonEmpty = z.string().trim().min(1);

function parse<T>(schema: z.ZodType<T>, variable: string, value: string | undefined): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(`${variable}: ${issue?.message ?? 'invalid value'} (got ${JSON.stringify(value)})`);
  }
  return result.data;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the configuration from environment variables (flags, where a program takes them, are
 * merged into `env` by the caller). `readFile` reads the licence when PADDOCK_LICENSE is a path.
 */
export function loadConfig(env: Env, readFile: (file: string) => string): Config {
  const host = parse(nonEmpty, 'PADDOCK_HOST', env['PADDOCK_HOST'] ?? '127.0.0.1');
  const portNumber = parse(port, 'PADDOCK_PORT', env['PADDOCK_PORT'] ?? '8080');
  const dataDir = path.resolve(parse(nonEmpty, 'PADDOCK_DATA_DIR', env['PADDOCK_DATA_DIR'] ?? './data'));
  const databaseUrl = parse(
    nonEmpty.refine((v) => !v.includes('://') || /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// URL'),
    'PADDOCK_DATABASE_URL',
    env['PADDOCK_DATABASE_URL'] ?? path.join(dataDir, 'paddock.sqlite'),
  );
  const defaultPublicUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${portNumber}`;
  const publicUrl = parse(z.url({ protocol: /^https?$/ }), 'PADDOCK_PUBLIC_URL', env['PADDOCK_PUBLIC_URL'] ?? defaultPublicUrl).replace(/\/+$/, '');

  const adminEmail = env['PADDOCK_ADMIN_EMAIL'];
  const adminPassword = env['PADDOCK_ADMIN_PASSWORD'];
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError(
      adminEmail === undefined ? 'PADDOCK_ADMIN_EMAIL: must be set together with PADDOCK_ADMIN_PASSWORD' : 'PADDOCK_ADMIN_PASSWORD: must be set together with PADDOCK_ADMIN_EMAIL',
    );
  }
  const admin =
    adminEmail === undefined || adminPassword === undefined
      ? null
      : {
          email: parse(z.email().max(254), 'PADDOCK_ADMIN_EMAIL', adminEmail.trim().toLowerCase()),
          password: parse(z.string().min(8, 'must be at least 8 characters').max(1024), 'PADDOCK_ADMIN_PASSWORD', adminPassword),
        };

  return {
    port: portNumber,
    host,
    dataDir,
    databaseUrl,
    publicUrl,
    admin,
    license: readLicense(env['PADDOCK_LICENSE'], readFile),
    licensePublicKey: env['PADDOCK_LICENSE_PUBLIC_KEY']?.trim() || BUILT_IN_LICENSE_PUBLIC_KEY,
    apiClientSecret: env['PADDOCK_API_CLIENT_SECRET'] === undefined ? null : parse(z.string().min(16, 'must be at least 16 characters'), 'PADDOCK_API_CLIENT_SECRET', env['PADDOCK_API_CLIENT_SECRET']),
    ssoProviders: readSsoProviders(env['PADDOCK_SSO_PROVIDERS'], readFile),
    logLevel: parse(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'PADDOCK_LOG_LEVEL', env['PADDOCK_LOG_LEVEL'] ?? 'info'),
  };
}

/**
 * A variable holding either a document itself (when `inline` says so) or the path of a file
 * holding it; the document, trimmed, or null when the variable is unset or blank.
 */
function inlineOrFile(variable: string, what: string, value: string | undefined, inline: RegExp, readFile: (file: string) => string): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  if (inline.test(trimmed)) return trimmed;
  try {
    return readFile(trimmed).trim();
  } catch (err) {
    throw new ConfigError(`${variable}: cannot read ${what} ${trimmed} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function readLicense(value: string | undefined, readFile: (file: string) => string): string | null {
  // A compact JWS has three dot-separated base64url parts and no slashes: anything else is a path.
  return inlineOrFile('PADDOCK_LICENSE', 'licence file', value, /^[\w-]+\.[\w-]+\.[\w-]+$/, readFile);
}

const ssoProvidersSchema = z
  .array(
    z.object({
      alias: ssoAliasSchema,
      name: z.string().trim().min(1, 'is required').max(100),
      issuer: issuerSchema,
      client_id: z.string().trim().min(1, 'is required').max(255),
      client_secret: z.string().min(1, 'is required').max(1024),
    }),
  )
  .refine((list) => new Set(list.map((p) => p.alias)).size === list.length, 'aliases must be unique');

/** A JSON array of providers, inline or in a file (anything not starting with `[` is a path). */
function readSsoProviders(value: string | undefined, readFile: (file: string) => string): SsoProviderSettings[] {
  const text = inlineOrFile('PADDOCK_SSO_PROVIDERS', 'file', value, /^\[/, readFile);
  if (text === null) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError('PADDOCK_SSO_PROVIDERS: not valid JSON (expected [{"alias", "name", "issuer", "client_id", "client_secret"}, ...])');
  }
  const result = ssoProvidersSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new ConfigError(`PADDOCK_SSO_PROVIDERS: ${at}${issue?.message ?? 'invalid value'}`);
  }
  return result.data.map((p) => ({ alias: p.alias, displayName: p.name, issuer: p.issuer, clientId: p.client_id, clientSecret: p.client_secret }));
}
