import type { Kysely } from 'kysely';
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';
import type { Database, OidcPayloadRow } from '../db/schema.js';
import type { Clock } from '../deps.js';
import { consumeOidcPayload, deleteOidcPayload, deleteOidcPayloadsExpiredBefore, deleteOidcPayloadsOfGrant, findOidcPayload, upsertOidcPayload } from '../queries/oidc.js';
import { ServiceAccountClientAdapter } from './service-account-clients.js';

type Db = Kysely<Database>;

/**
 * oidc-provider's storage over the `oidc_payloads` table, one row per model instance (sessions,
 * grants, refresh tokens, codes...). The indexed columns let the user service delete every artefact
 * of an account (`account_id`, and rows sharing its `grant_id`) in the transaction that deactivates
 * or demotes it. Rows past `expires_at` are treated as absent.
 */
export class KyselyAdapter implements Adapter {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    await upsertOidcPayload(this.db, this.model, id, {
      payload: JSON.stringify(payload),
      grant_id: payload.grantId ?? null,
      user_code: payload.userCode ?? null,
      uid: payload.uid ?? null,
      // An interaction records the account of the session it runs in.
      account_id: payload.accountId ?? payload.session?.accountId ?? null,
      expires_at: expiresIn === undefined ? null : this.clock.now() + expiresIn * 1000,
      consumed_at: payload.consumed ? this.clock.now() : null,
    });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('id', id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('uid', uid);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.findWhere('user_code', userCode);
  }

  async consume(id: string): Promise<void> {
    await consumeOidcPayload(this.db, this.model, id, this.clock.now());
  }

  async destroy(id: string): Promise<void> {
    await deleteOidcPayload(this.db, this.model, id);
  }

  /** Revoking a grant removes everything issued under it, whatever the model. */
  async revokeByGrantId(grantId: string): Promise<void> {
    await deleteOidcPayloadsOfGrant(this.db, grantId);
  }

  private async findWhere(column: 'id' | 'uid' | 'user_code', value: string): Promise<AdapterPayload | undefined> {
    const row = await findOidcPayload(this.db, this.model, column, value, this.clock.now());
    return row ? toPayload(row) : undefined;
  }
}

function toPayload(row: OidcPayloadRow): AdapterPayload {
  const payload = JSON.parse(row.payload) as AdapterPayload;
  // oidc-provider only checks that `consumed` is set; it uses epoch seconds.
  return row.consumed_at === null ? payload : { ...payload, consumed: Math.floor(row.consumed_at / 1000) };
}

export function adapterFactory(db: Db, clock: Clock): AdapterFactory {
  // Clients other than the static ones are service accounts, in their own table.
  return (model) => (model === 'Client' ? new ServiceAccountClientAdapter(db) : new KyselyAdapter(db, clock, model));
}

/** Deletes rows that expired more than `graceMs` ago; returns how many. Safe to run from every process. */
export async function purgeExpired(db: Db, clock: Clock, graceMs = 60 * 60 * 1000): Promise<number> {
  return deleteOidcPayloadsExpiredBefore(db, clock.now() - graceMs);
}
