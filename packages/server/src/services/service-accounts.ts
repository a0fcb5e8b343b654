import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/errors.js';
import type { Database, ServiceAccountRow } from '../db/schema.js';
import type { Clock } from '../deps.js';
import { generateClientSecret, hashClientSecret } from '../domain/client-secret.js';
import { serviceAccountClientId } from '../domain/rules.js';
import { AppError } from '../errors.js';
import {
  deleteServiceAccount,
  findServiceAccount,
  insertServiceAccount,
  listServiceAccounts,
  setServiceAccountSecret,
} from '../queries/service-accounts.js';
import { actorRef, requireAdmin } from './actor.js';
import type { Actor } from './actor.js';
import type { Audit } from './audit.js';

export interface ServiceAccountInput {
  /** Already validated: DNS-style (domain/rules.ts). */
  name: string;
  role: ServiceAccountRow['role'];
  description?: string | undefined;
}

/** A service account without its secret hash: what listings and callers see. */
export type ServiceAccount = Omit<ServiceAccountRow, 'secret_hash'>;

const target = (clientId: string) => ({ type: 'service_account' as const, id: clientId, label: clientId });

function withoutHash({ secret_hash: _hash, ...account }: ServiceAccountRow): ServiceAccount {
  return account;
}

function notFound(clientId: string): AppError {
  return new AppError('SERVICE_ACCOUNT_NOT_FOUND', `No service account has the client id ${clientId}.`);
}

/**
 * Service accounts: confidential OAuth clients (client-credentials grant) that act with a platform
 * role. Their secrets are shown once, at creation and rotation, and stored only as a hash.
 */
export function createServiceAccountsService(deps: { db: Kysely<Database>; clock: Clock; audit: Audit }) {
  const { db, clock, audit } = deps;

  return {
    async create(actor: Actor, input: ServiceAccountInput): Promise<{ account: ServiceAccount; secret: string }> {
      requireAdmin(actor);
      const clientId = serviceAccountClientId(input.name);
      const secret = generateClientSecret();
      const row: ServiceAccountRow = {
        client_id: clientId,
        name: input.name,
        role: input.role,
        description: input.description ?? '',
        secret_hash: hashClientSecret(secret),
        created_at: clock.now(),
        created_by: actorRef(actor).label,
        secret_rotated_at: null,
      };
      const exists = () => new AppError('SERVICE_ACCOUNT_EXISTS', `A service account named ${input.name} already exists.`);
      try {
        await db.transaction().execute(async (trx) => {
          if (await findServiceAccount(trx, clientId)) throw exists();
          await insertServiceAccount(trx, row);
          await audit(trx, actor, 'service_account.create', target(clientId), { role: row.role });
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw exists();
        throw err;
      }
      return { account: withoutHash(row), secret };
    },

    async list(actor: Actor): Promise<ServiceAccount[]> {
      requireAdmin(actor);
      return (await listServiceAccounts(db)).map(withoutHash);
    },

    /** A new secret; the old one stops working at once. */
    async rotate(actor: Actor, clientId: string): Promise<string> {
      requireAdmin(actor);
      const secret = generateClientSecret();
      await db.transaction().execute(async (trx) => {
        if (!(await setServiceAccountSecret(trx, clientId, hashClientSecret(secret), clock.now()))) throw notFound(clientId);
        await audit(trx, actor, 'service_account.rotate', target(clientId));
      });
      return secret;
    },

    /** Its secret is refused at once, and its outstanding access tokens on their next use. */
    async delete(actor: Actor, clientId: string): Promise<void> {
      requireAdmin(actor);
      await db.transaction().execute(async (trx) => {
        if (!(await deleteServiceAccount(trx, clientId))) throw notFound(clientId);
        await audit(trx, actor, 'service_account.delete', target(clientId));
      });
    },

    /** The account behind a client id, for checking tokens on every request; null when it is gone. */
    async getByClientId(clientId: string): Promise<ServiceAccount | null> {
      const row = await findServiceAccount(db, clientId);
      return row ? withoutHash(row) : null;
    },
  };
}

export type ServiceAccountsService = ReturnType<typeof createServiceAccountsService>;
