import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/errors.js';
import type { Database, ScimTokenRow } from '../db/schema.js';
import type { Clock, IdGenerator } from '../deps.js';
import { generateClientSecret, hashClientSecret } from '../domain/client-secret.js';
import { SCIM_TOKEN_PREFIX } from '../domain/rules.js';
import { AppError, assertThat } from '../errors.js';
import { findScimTokenByHash, findScimTokenById, findScimTokenByName, insertScimToken, listScimTokens, revokeScimToken, touchScimToken } from '../queries/scim-tokens.js';
import { requireAdmin } from './actor.js';
import type { Actor } from './actor.js';
import type { Audit } from './audit.js';

/** A SCIM token as listings show it: never its hash. */
export type ScimToken = Omit<ScimTokenRow, 'token_hash'>;

/** How often a token's last use is written: at most once a minute, not on every provisioning call. */
const LAST_USED_PRECISION_MS = 60_000;

const target = (t: { id: string; name: string }) => ({ type: 'scim_token' as const, id: t.id, label: t.name });

function withoutHash({ token_hash: _hash, ...token }: ScimTokenRow): ScimToken {
  return token;
}

/**
 * SCIM tokens: the long-lived bearer tokens identity providers (Okta, Entra ID) provision with.
 * Shown once, at creation; stored as the SHA-256 of 256 random bits, as service-account secrets
 * are (domain/client-secret.ts); revocable; every use recorded to the minute.
 */
export function createScimTokensService(deps: { db: Kysely<Database>; clock: Clock; ids: IdGenerator; audit: Audit }) {
  const { db, clock, ids, audit } = deps;

  return {
    /** A new token for an identity provider; the admin user who creates it owns the workspaces its groups create. */
    async create(actor: Actor, name: string): Promise<{ token: ScimToken; secret: string }> {
      requireAdmin(actor);
      assertThat(actor.kind === 'user', 'FORBIDDEN', 'A SCIM token is created by an admin user, who owns the workspaces its groups create.');
      const secret = `${SCIM_TOKEN_PREFIX}${generateClientSecret()}`;
      const row: ScimTokenRow = {
        id: ids.uuid(),
        name,
        token_hash: hashClientSecret(secret),
        created_at: clock.now(),
        created_by: actor.email,
        owner_id: actor.id,
        last_used_at: null,
        revoked_at: null,
      };
      const exists = () => new AppError('SCIM_TOKEN_EXISTS', `A SCIM token named ${name} already exists.`);
      try {
        await db.transaction().execute(async (trx) => {
          if (await findScimTokenByName(trx, name)) throw exists();
          await insertScimToken(trx, row);
          await audit(trx, actor, 'scim_token.create', target(row));
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw exists();
        throw err;
      }
      return { token: withoutHash(row), secret };
    },

    async list(actor: Actor): Promise<ScimToken[]> {
      requireAdmin(actor);
      return (await listScimTokens(db)).map(withoutHash);
    },

    /** The token is refused from the next request on, on every process; revoking it again changes nothing. */
    async revoke(actor: Actor, id: string): Promise<ScimToken> {
      requireAdmin(actor);
      return db.transaction().execute(async (trx) => {
        const row = await findScimTokenById(trx, id);
        if (!row) throw new AppError('SCIM_TOKEN_NOT_FOUND', `No SCIM token has the id ${id}.`);
        if (await revokeScimToken(trx, id, clock.now())) await audit(trx, actor, 'scim_token.revoke', target(row));
        return withoutHash((await findScimTokenById(trx, id)) ?? row);
      });
    },

    /** The actor behind a SCIM bearer token, its use recorded; UNAUTHENTICATED for an unknown or revoked one. */
    async authenticate(secret: string): Promise<Actor> {
      const row = secret.startsWith(SCIM_TOKEN_PREFIX) ? await findScimTokenByHash(db, hashClientSecret(secret)) : undefined;
      if (!row || row.revoked_at !== null) throw new AppError('UNAUTHENTICATED', 'Send a valid SCIM token: Authorization: Bearer <token>.');
      const now = clock.now();
      if (row.last_used_at === null || row.last_used_at < now - LAST_USED_PRECISION_MS) await touchScimToken(db, row.id, now, now - LAST_USED_PRECISION_MS);
      return { kind: 'scim', id: row.id, name: row.name, ownerId: row.owner_id };
    },
  };
}

export type ScimTokensService = ReturnType<typeof createScimTokensService>;
