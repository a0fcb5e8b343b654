import type { Kysely } from 'kysely';
import type { AuditEventRow, Database } from '../db/schema.js';

type Db = Kysely<Database>;

export type NewAuditEvent = Omit<AuditEventRow, 'id'>;

export async function insertAuditEvent(db: Db, event: NewAuditEvent): Promise<void> {
  await db.insertInto('audit_events').values(event).execute();
}

export interface AuditFilter {
  /** Matches the actor's id or label. */
  actor?: string;
  /** Matches the target's id or label. */
  target?: string;
  action?: string;
  since?: number;
  until?: number;
  /** Events older than this id (keyset paging, newest first). */
  beforeId?: number;
  limit: number;
}

export async function queryAuditEvents(db: Db, f: AuditFilter): Promise<AuditEventRow[]> {
  let q = db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(f.limit);
  const { actor, target } = f;
  if (actor !== undefined) q = q.where((eb) => eb.or([eb('actor_id', '=', actor), eb('actor_label', '=', actor)]));
  if (target !== undefined) q = q.where((eb) => eb.or([eb('target_id', '=', target), eb('target_label', '=', target)]));
  if (f.action !== undefined) q = q.where('action', '=', f.action);
  if (f.since !== undefined) q = q.where('at', '>=', f.since);
  if (f.until !== undefined) q = q.where('at', '<', f.until);
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
  return q.execute();
}
