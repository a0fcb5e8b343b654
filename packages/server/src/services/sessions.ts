import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.js';
import type { Clock } from '../deps.js';
import { normalizeEmail } from '../domain/rules.js';
import { AppError, assertFound, assertThat } from '../errors.js';
import { deleteAccountArtifacts } from '../queries/oidc.js';
import { deleteGrant, deleteSessions, findGrant, listAccountGrants, listAccountSessions, listGrantRefreshTokens } from '../queries/sessions.js';
import type { StoredModel } from '../queries/sessions.js';
import { findUserByEmail, findUserById } from '../queries/users.js';
import { isAdmin } from './actor.js';
import type { Actor } from './actor.js';
import type { Audit } from './audit.js';

/** One login: an oidc-provider Grant and the chain of refresh tokens issued under it. Times in epoch ms. */
export interface SessionInfo {
  id: string;
  clientId: string;
  createdAt: number;
  /** When the login ends unless used again: its newest refresh token's expiry, never past the grant's. */
  expiresAt: number | null;
  /** When its newest refresh token was issued (the login, or the latest refresh); null without one. */
  lastUsedAt: number | null;
}

interface GrantPayload {
  clientId?: string;
  iat?: number;
}
interface SessionPayload {
  authorizations?: Record<string, { grantId?: string }>;
}

function parse<T>(row: StoredModel): T {
  return JSON.parse(row.payload) as T;
}

const userTarget = (u: UserRow) => ({ type: 'user' as const, id: u.id, label: u.email });

/**
 * A user's logins, which they or an admin may list and end. Ending one deletes its Grant and all
 * issued under it, so its refresh token stops working at once; its access token (a 300-second JWT
 * checked only against the user's status) lives out its few minutes.
 */
export function createSessionsService(deps: { db: Kysely<Database>; clock: Clock; audit: Audit }) {
  const { db, clock, audit } = deps;

  /** The user named (the caller when `email` is absent), if the caller may manage their sessions. */
  async function subject(trx: Kysely<Database>, actor: Actor, email: string | undefined): Promise<UserRow> {
    if (email === undefined) {
      assertThat(actor.kind === 'user', 'FORBIDDEN', 'Only a user has sessions of their own; name the user.');
      return assertFound(await findUserById(trx, actor.id), 'USER_NOT_FOUND', 'Your account no longer exists.');
    }
    const normalized = normalizeEmail(email);
    const self = actor.kind === 'user' && actor.email === normalized;
    assertThat(self || isAdmin(actor), 'FORBIDDEN', "Only an admin may see or end another user's sessions.");
    return assertFound(await findUserByEmail(trx, normalized), 'USER_NOT_FOUND', `No user has the email ${normalized}.`);
  }

  return {
    async list(actor: Actor, email?: string): Promise<SessionInfo[]> {
      const user = await subject(db, actor, email);
      const now = clock.now();
      const grants = await listAccountGrants(db, user.id, now);
      const tokens = await listGrantRefreshTokens(db, grants.map((g) => g.id), now);
      const sessions = grants.map((grant): SessionInfo => {
        const payload = parse<GrantPayload>(grant);
        const chain = tokens.filter((t) => t.grant_id === grant.id);
        const issued = chain.map((t) => (parse<GrantPayload>(t).iat ?? 0) * 1000);
        const chainEnds = chain.flatMap((t) => (t.expires_at === null ? [] : [t.expires_at]));
        const ends = [chainEnds.length === 0 ? null : Math.max(...chainEnds), grant.expires_at].filter((e) => e !== null);
        return {
          id: grant.id,
          clientId: payload.clientId ?? '',
          createdAt: (payload.iat ?? 0) * 1000,
          expiresAt: ends.length === 0 ? null : Math.min(...ends),
          lastUsedAt: issued.length === 0 ? null : Math.max(...issued),
        };
      });
      return sessions.sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
    },

    /** Ends one login. Someone else's session is refused as unknown: its id reveals nothing. */
    async revoke(actor: Actor, id: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const grant = await findGrant(trx, id, clock.now());
        const owner = grant?.account_id ? await findUserById(trx, grant.account_id) : undefined;
        const mine = actor.kind === 'user' && owner?.id === actor.id;
        if (!grant || !owner || !(mine || isAdmin(actor))) throw new AppError('SESSION_NOT_FOUND', `No session has the id ${id}.`);
        await deleteGrant(trx, id);
        // A browser session that authorised this grant would silently make a new one: end it too.
        const browsers = (await listAccountSessions(trx, owner.id)).filter((s) =>
          Object.values(parse<SessionPayload>(s).authorizations ?? {}).some((a) => a.grantId === id),
        );
        await deleteSessions(trx, browsers.map((s) => s.id));
        await audit(trx, actor, 'session.revoke', userTarget(owner), { session_id: id, client_id: parse<GrantPayload>(grant).clientId ?? null });
      });
    },

    /** Ends every login of the user (the caller when `email` is absent); answers how many. */
    async revokeAll(actor: Actor, email?: string): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const user = await subject(trx, actor, email);
        const revoked = (await listAccountGrants(trx, user.id, clock.now())).length;
        await deleteAccountArtifacts(trx, user.id);
        await audit(trx, actor, 'session.revoke_all', userTarget(user), { revoked });
        return revoked;
      });
    },
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
