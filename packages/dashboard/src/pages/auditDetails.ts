import type { AuditEvent } from '@paddock/sdk';
import { formatCount, formatTime } from '../format.js';

/** An audit event's details as a sentence an administrator reads at a glance, not as the stored JSON. */
export function describeDetails(e: AuditEvent): string {
  const d = e.details;
  const where = e.target.label ?? e.target.id ?? 'the workspace';
  const email = text(d['email']);
  switch (e.action) {
    case 'workspace.add_member':
      return `Added ${email} to ${where} as ${articled(d['role'])}.`;
    case 'workspace.set_member_role':
      // Events recorded before the previous role was kept say only the new one.
      return d['previous_role'] === undefined ? `Made ${email} ${articled(d['role'])} of ${where}.` : `Changed ${email}'s role in ${where}: ${text(d['previous_role'])} → ${text(d['role'])}.`;
    case 'workspace.remove_member':
      return `Removed ${email} from ${where}.`;
    case 'user.create':
      return `Created as ${articled(d['role'])}${d['must_change_password'] === true ? ', who must set their own password' : ''}${typeof d['sso_provider'] === 'string' ? `, through ${d['sso_provider']}` : ''}.`;
    case 'session.revoke':
      return `Ended their ${text(d['client_id'] ?? 'unknown')} session.`;
    case 'session.revoke_all':
      return `Ended ${count(d['revoked'], 'session')}.`;
    case 'license.install':
      return `${capital(text(d['edition']))} licence for ${count(d['seats'], 'seat')}, ${d['expires_at'] ? `until ${formatTime(new Date(text(d['expires_at'])))}` : 'with no end date'}.`;
  }
  if (isRecord(d['from']) && isRecord(d['to'])) return changes(d['from'], d['to']);
  return Object.entries(d)
    .map(([k, v]) => `${capital(k.replaceAll('_', ' '))}: ${text(v)}`)
    .join('; ');
}

/** "Status: active → inactive; Role: user → admin": only what changed. */
function changes(from: Record<string, unknown>, to: Record<string, unknown>): string {
  const changed = Object.keys(to).filter((k) => text(from[k]) !== text(to[k]));
  return changed.map((k) => `${capital(k.replaceAll('_', ' '))}: ${text(from[k] ?? '—')} → ${text(to[k] ?? '—')}`).join('; ') || 'No change.';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const count = (n: unknown, noun: string) => (typeof n === 'number' ? `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}` : `? ${noun}s`);
const ARTICLED: Record<string, string> = { owner: 'an owner', collaborator: 'a collaborator', admin: 'an admin', user: 'a user' };
const articled = (r: unknown) => ARTICLED[text(r)] ?? text(r);
