import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock, IdGenerator, PasswordHasher } from '../deps.js';
import type { License } from '../license/license.js';
import { auditWriter, createAuditService } from './audit.js';
import { createDoctorService } from './doctor.js';
import { createLicenseService } from './license.js';
import { createServiceAccountsService } from './service-accounts.js';
import { createSessionsService } from './sessions.js';
import { createLoginThrottle } from './login-throttle.js';
import type { ThrottleLog } from './login-throttle.js';
import { createUsersService } from './users.js';
import { createWorkspacesService } from './workspaces.js';

export interface ServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
  ids: IdGenerator;
  hasher: PasswordHasher;
  license: License;
  /** Where notable events (login locks) are logged; silent when absent. */
  log?: ThrottleLog;
}

const SILENT: ThrottleLog = { warn: () => undefined };

/** Every service, wired to the same dependencies. */
export function createServices(deps: ServiceDeps) {
  const audit = auditWriter(deps.clock);
  const license = createLicenseService({ db: deps.db, clock: deps.clock, license: deps.license });
  return {
    license,
    users: createUsersService({ db: deps.db, clock: deps.clock, ids: deps.ids, hasher: deps.hasher, license, audit }),
    workspaces: createWorkspacesService({ db: deps.db, clock: deps.clock, audit }),
    audit: createAuditService({ db: deps.db }),
    doctor: createDoctorService({ db: deps.db, clock: deps.clock, audit }),
    serviceAccounts: createServiceAccountsService({ db: deps.db, clock: deps.clock, audit }),
    sessions: createSessionsService({ db: deps.db, clock: deps.clock, audit }),
    loginThrottle: createLoginThrottle({ db: deps.db, clock: deps.clock, audit, log: deps.log ?? SILENT }),
  };
}

export type Services = ReturnType<typeof createServices>;
export type { Actor } from './actor.js';
