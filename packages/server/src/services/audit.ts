import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Clock } from '../deps.js';
import { insertAuditEvent, queryAuditEvents } from '../queries/audit.js';
import type { AuditFilter } from '../queries/audit.js';
import type { AuditEventRow } from '../db/schema.js';
import { actorRef, requireAdmin } from './actor.js';
import { cursorCodec, idPosition } from './cursor.js';
import type { Actor } from './actor.js';

export interface AuditTarget {
  type: 'user' | 'workspace' | 'license' | 'system' | 'service_account' | 'sso_provider' | 'scim_token';
  id: string | null;
  label: string | null;
}

export type Audit = (db: Kysely<Database>, actor: Actor, action: string, target: AuditTarget, details?: Record<string, unknown>) => Promise<void>;

/** Writes an audit event; call it with the transaction of the change it records. */
export function auditWriter(clock: Clock): Audit {
  return async (db, actor, action, target, details = {}) => {
    const ref = actorRef(actor);
    await insertAuditEvent(db, {
      at: clock.now(),
      actor_id: ref.id,
      actor_label: ref.label,
      action,
      target_type: target.type,
      target_id: target.id,
      target_label: target.label,
      details: JSON.stringify(details),
    });
  };
}

export interface AuditPage {
  events: AuditEventRow[];
  /** Where the next (older) page starts; null on the last. */
  nextCursor: string | null;
}

export type AuditPageFilter = Omit<AuditFilter, 'beforeId'> & { cursor?: string };

const auditCursor = cursorCodec('audit', idPosition);

export function createAuditService(deps: { db: Kysely<Database> }) {
  return {
    async query(actor: Actor, filter: AuditPageFilter): Promise<AuditPage> {
      requireAdmin(actor);
      const { cursor, ...rest } = filter;
      const rows = await queryAuditEvents(deps.db, { ...rest, ...(cursor !== undefined && { beforeId: auditCursor.decode(cursor) }), limit: rest.limit + 1 });
      const events = rows.slice(0, rest.limit);
      const last = events.at(-1);
      return { events, nextCursor: rows.length > rest.limit && last ? auditCursor.encode(last.id) : null };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
