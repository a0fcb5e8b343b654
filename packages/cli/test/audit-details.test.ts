import { describe, expect, it } from 'vitest';
import { describeDetails } from '../src/audit-details.js';

describe('describeDetails', () => {
  it('shows a change as what changed, before -> after', () => {
    expect(describeDetails({ from: { status: 'active', role: 'user' }, to: { status: 'inactive', role: 'user' } })).toBe('status: active -> inactive');
    expect(describeDetails({ from: { status: 'active', role: 'user' }, to: { status: 'active', role: 'admin' } })).toBe('role: user -> admin');
  });

  it('shows other details as key: value pairs, keys in words, booleans as yes/no and null as none', () => {
    expect(describeDetails({ role: 'user', default_workspace_id: 7, must_change_password: true })).toBe(
      'role: user, default workspace id: 7, must change password: yes',
    );
    expect(describeDetails({ edition: 'enterprise', seats: null, expires_at: null })).toBe('edition: enterprise, seats: none, expires at: none');
    expect(describeDetails({ session_id: 's1', client_id: 'sdk-client' })).toBe('session id: s1, client id: sdk-client');
  });

  it('never prints raw JSON: nested values read as words too', () => {
    const text = describeDetails({ scopes: ['openid', 'email'], limits: { per_hour: 5 } });
    expect(text).toBe('scopes: openid email, limits: (per hour 5)');
    expect(text).not.toMatch(/[{}"]/);
  });

  it('is "-" without details, and keeps a lone from or to', () => {
    expect(describeDetails({})).toBe('-');
    expect(describeDetails({ from: 'a' })).toBe('from: a');
  });
});
