#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import type { Env } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { licenseBanner } from './license/banner.js';
import { COMMUNITY, LicenseError, verifyLicense } from './license/license.js';

const FLAGS = {
  port: 'PADDOCK_PORT',
  host: 'PADDOCK_HOST',
  'data-dir': 'PADDOCK_DATA_DIR',
  'database-url': 'PADDOCK_DATABASE_URL',
  'public-url': 'PADDOCK_PUBLIC_URL',
  license: 'PADDOCK_LICENSE',
  'license-public-key': 'PADDOCK_LICENSE_PUBLIC_KEY',
  'log-level': 'PADDOCK_LOG_LEVEL',
  'sso-providers': 'PADDOCK_SSO_PROVIDERS',
} as const;

const HELP = `Usage: paddock-server [options]

Starts Paddock. Every option has an environment variable twin (shown); flags win.

${Object.entries(FLAGS)
  .map(([flag, variable]) => `  --${flag.padEnd(20)} ${variable}`)
  .join('\n')}
  --help                 show this help

Also: PADDOCK_ADMIN_EMAIL and PADDOCK_ADMIN_PASSWORD (first admin), PADDOCK_API_CLIENT_SECRET.
`;

/** Environment merged with command-line flags. */
function environment(argv: string[]): Env {
  const { values } = parseArgs({
    args: argv,
    options: { ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }])), help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [flag, variable] of Object.entries(FLAGS)) {
    const value = (values as Record<string, unknown>)[flag];
    if (typeof value === 'string') env[variable] = value;
  }
  return env;
}

async function main(): Promise<void> {
  const config = loadConfig(environment(process.argv.slice(2)), (file) => readFileSync(file, 'utf8'));
  const license = config.license ? await verifyLicense(config.license, config.licensePublicKey, Date.now()) : COMMUNITY;
  let idleError: (err: Error & { code?: string }) => void = () => undefined; // the server's log, once it has one
  const db = openDatabase({ url: config.databaseUrl, onIdleError: (err) => idleError(err) });
  await migrateToLatest(db).catch((err: unknown) => {
    const reason = (err as { code?: string }).code ?? (err as Error).message;
    throw new ConfigError(`PADDOCK_DATABASE_URL: cannot open the database at ${db.location} (${reason})`);
  });
  // Loaded only once the configuration holds: oidc-provider prints a runtime notice on import.
  const [{ buildApp }, { resolveApiClientSecret }, { generatePassword }] = await Promise.all([
    import('./app.js'),
    import('./identity/index.js'),
    import('./services/users.js'),
  ]);
  const apiClientSecret = await resolveApiClientSecret(config.apiClientSecret, config.dataDir);
  const app = await buildApp({
    db,
    license,
    licensePublicKey: config.licensePublicKey,
    publicUrl: config.publicUrl,
    apiClientSecret,
    dataDir: config.dataDir,
    ssoProviders: config.ssoProviders,
    logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
  });

  idleError = (err) => app.http.log.warn({ event: 'database', code: err.code }, `an idle database connection ended (${err.message}); the next query opens another`);

  const admin = config.admin ?? { email: 'admin@paddock.local', password: generatePassword() };
  const outcome = await app.services.users.ensureAdmin(admin.email, admin.password);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.http.log.info({ signal }, 'stopping: finishing requests in flight');
    await app.close();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.http.listen({ port: config.port, host: config.host });
  // A valid uploaded licence (in the database) wins over PADDOCK_LICENSE; one set aside is said loudly.
  const licence = licenseBanner(await app.services.license.report());
  for (const w of licence.warnings) app.http.log.warn({ event: 'license', ...w.details }, w.text);
  const lines = [
    `Paddock is running at ${config.publicUrl}`,
    `  database: ${db.location}`,
    ...licence.lines.map((l) => `  ${l}`),
    ...licence.warnings.map((w) => `  warning:  ${w.text}`),
  ];
  if (config.ssoProviders.length > 0) lines.push(`  sso:      ${config.ssoProviders.map((p) => `${p.displayName} (${p.alias})`).join(', ')}`);
  if (outcome !== 'exists') {
    lines.push(`  first admin ${outcome}: ${admin.email}`);
    if (!config.admin) lines.push(`  password: ${admin.password}   (shown once: log in and keep it safe)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`paddock: ${err.message}\n`);
  } else if (err instanceof LicenseError) {
    process.stderr.write(`paddock: ${err.variable}: ${err.message}\n`);
  } else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(`paddock: PADDOCK_PORT: the port is already in use (${(err as Error).message})\n`);
  } else if (err instanceof TypeError && (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    process.stderr.write(`paddock: ${err.message} (see --help)\n`);
  } else {
    process.stderr.write(`paddock: could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  }
  process.exit(1);
});
