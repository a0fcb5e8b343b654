/**
 * An audit event's details as one readable line, as the dashboard's audit table shows them:
 * `key: value` pairs, comma-separated, keys in words. A change (`{from, to}`) shows only what
 * changed, as `key: before -> after`. `-` when there are none.
 *
 * @example
 * describeDetails({ from: { status: 'active', role: 'user' }, to: { status: 'inactive', role: 'user' } });
 * // status: active -> inactive
 * describeDetails({ role: 'user', default_workspace_id: 7, must_change_password: true });
 * // role: user, default workspace id: 7, must change password: yes
 */
export function describeDetails(details: Readonly<Record<string, unknown>>): string {
  const { from, to } = details;
  const change = isRecord(from) && isRecord(to);
  const parts: string[] = [];
  if (change) {
    for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
      if (from[key] !== to[key]) parts.push(`${words(key)}: ${value(from[key])} -> ${value(to[key])}`);
    }
  }
  for (const [key, v] of Object.entries(details)) {
    if (!change || (key !== 'from' && key !== 'to')) parts.push(`${words(key)}: ${value(v)}`);
  }
  return parts.length === 0 ? '-' : parts.join(', ');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function words(key: string): string {
  return key.replace(/_/g, ' ');
}

function value(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return oneLine(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map(value).join(' ');
  if (isRecord(v)) return `(${Object.entries(v).map(([k, inner]) => `${words(k)} ${value(inner)}`).join(', ')})`;
  return oneLine(JSON.stringify(v) ?? '');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
