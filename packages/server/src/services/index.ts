import type { Kysely } from 'kysely';
import type { Reader } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { Clock, IdGenerator, PasswordHasher } from '../deps.js';
import type { License } from '../license/license.js';
import { discardingMailer } from '../mail.js';
import type { Mailer } from '../mail.js';
import { auditWriter, createAuditService } from './audit.js';
import { createDoctorService } from './doctor.js';
import { createInvitationsService } from './invitations.js';
import type { InvitationLog } from './invitations.js';
import { createLicenseService } from './license.js';
import { createScimService } from './scim.js';
import { createScimTokensService } from './scim-tokens.js';
import { createSeatReclaimService } from './seat-reclaim.js';
import { createServiceAccountsService } from './service-accounts.js';
import { createSessionsService } from './sessions.js';
import { createSsoService } from './sso.js';
import type { IssuerCheck, SsoProviderSettings } from './sso.js';
import { createLoginThrottle } from './login-throttle.js';
import type { LoginEvents, ThrottleLog } from './login-throttle.js';
import { createPasswordsService } from './passwords.js';
import { createUsersService } from './users.js';
import { createUserImport } from './user-import.js';
import { createWorkspacesService } from './workspaces.js';

export interface ServiceDeps {
  db: Kysely<Database>;
  /** Single-row reads on the request path, on the same database as `db`. */
  reader: Reader;
  clock: Clock;
  ids: IdGenerator;
  hasher: PasswordHasher;
  license: License;
  /** PEM key that uploaded licences must be signed with; the built-in key by default. */
  licensePublicKey?: string;
  /** Where notable events (login locks, mailed invitations) are logged; silent when absent. */
  log?: ThrottleLog & InvitationLog;
  /** Counts failed logins and locks (the metrics); uncounted when absent. */
  loginEvents?: LoginEvents;
  /** Sends invitation links; without one, messages are dropped (see mail.ts). */
  mailer?: Mailer;
  /** Base URL of invitation links; the local default when absent. */
  publicUrl?: string;
  /** Outside OpenID providers from configuration (PADDOCK_SSO_PROVIDERS). */
  ssoProviders?: readonly SsoProviderSettings[];
  /** Checks an issuer before an admin's provider is saved (identity/upstream.ts); none: accepted as is. */
  checkIssuer?: IssuerCheck;
  /** Rows per read of the streamed unpaged listings; the default suits production. */
  streamBatchSize?: number;
}

const SILENT: ThrottleLog & InvitationLog = { warn: () => undefined, info: () => undefined };

/** Every service, wired to the same dependencies. */
export function createServices(deps: ServiceDeps) {
  const audit = auditWriter(deps.clock);
  const license = createLicenseService({
    db: deps.db,
    clock: deps.clock,
    license: deps.license,
    ...(deps.licensePublicKey !== undefined && { publicKey: deps.licensePublicKey }),
    audit,
  });
  const log = deps.log ?? SILENT;
  const invitations = createInvitationsService({
    db: deps.db,
    clock: deps.clock,
    hasher: deps.hasher,
    mailer: deps.mailer ?? discardingMailer(log),
    publicUrl: (deps.publicUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    audit,
    log,
  });
  const loginThrottle = createLoginThrottle({ db: deps.db, clock: deps.clock, audit, log, ...(deps.loginEvents !== undefined && { events: deps.loginEvents }) });
  const users = createUsersService({ db: deps.db, reader: deps.reader, clock: deps.clock, ids: deps.ids, hasher: deps.hasher, license, audit, invitations, ...(deps.streamBatchSize !== undefined && { streamBatchSize: deps.streamBatchSize }) });
  const workspaces = createWorkspacesService({ db: deps.db, clock: deps.clock, audit, ...(deps.streamBatchSize !== undefined && { streamBatchSize: deps.streamBatchSize }) });
  return {
    license,
    users,
    seatReclaim: createSeatReclaimService({
      db: deps.db,
      clock: deps.clock,
      users,
      license,
      audit,
      mailer: deps.mailer ?? discardingMailer(log),
      publicUrl: (deps.publicUrl ?? 'http://127.0.0.1:8080').replace(/\/+$/, ''),
      log,
    }),
    userImport: createUserImport({ db: deps.db, clock: deps.clock, ids: deps.ids, license }),
    invitations,
    passwords: createPasswordsService({ db: deps.db, clock: deps.clock, hasher: deps.hasher, audit, throttle: loginThrottle, users }),
    workspaces,
    scim: createScimService({ db: deps.db, users, workspaces }),
    scimTokens: createScimTokensService({ db: deps.db, clock: deps.clock, ids: deps.ids, audit }),
    audit: createAuditService({ db: deps.db }),
    doctor: createDoctorService({ db: deps.db, clock: deps.clock, audit }),
    serviceAccounts: createServiceAccountsService({ db: deps.db, clock: deps.clock, audit }),
    sessions: createSessionsService({ db: deps.db, clock: deps.clock, audit }),
    sso: createSsoService({
      db: deps.db,
      clock: deps.clock,
      audit,
      users,
      configured: deps.ssoProviders ?? [],
      checkIssuer: deps.checkIssuer ?? (async () => undefined),
    }),
    loginThrottle,
  };
}

export type Services = ReturnType<typeof createServices>;
export type { Actor } from './actor.js';
