import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Tokens } from '@paddock/sdk';
import { CredentialStore, credentialsPath } from '../src/credentials.js';

const TOKENS: Tokens = { accessToken: 'a', refreshToken: 'r', expiresAt: 1, refreshExpiresAt: 2 };
const URL_A = 'http://a.test';

function store(): CredentialStore {
  return new CredentialStore(join(mkdtempSync(join(tmpdir(), 'paddock-cred-')), 'nested', 'credentials.json'));
}

describe('credentialsPath', () => {
  it('prefers the explicit dir, then PADDOCK_CONFIG_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(credentialsPath({ PADDOCK_CONFIG_DIR: '/p' }, '/x')).toBe('/x/credentials.json');
    expect(credentialsPath({ PADDOCK_CONFIG_DIR: '/p', XDG_CONFIG_HOME: '/xdg' })).toBe('/p/credentials.json');
    expect(credentialsPath({ XDG_CONFIG_HOME: '/xdg', HOME: '/h' })).toBe('/xdg/paddock/credentials.json');
    expect(credentialsPath({ HOME: '/h' })).toBe('/h/.config/paddock/credentials.json');
  });
});

describe('CredentialStore', () => {
  it('writes the file 0600 in a directory created 0700', () => {
    const s = store();
    s.put(URL_A, 'Ann@Ex.co', TOKENS);
    expect(statSync(s.path).mode & 0o777).toBe(0o600);
    expect(statSync(join(s.path, '..')).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(s.path, 'utf8'))).toEqual({
      version: 1,
      servers: { [URL_A]: { lastUser: 'ann@ex.co', users: { 'ann@ex.co': TOKENS } } },
    });
  });

  it('remembers the last user per URL, and a write-back does not change it', () => {
    const s = store();
    s.put(URL_A, 'ann@ex.co', TOKENS);
    s.put(URL_A, 'bob@ex.co', TOKENS);
    expect(s.currentUser(URL_A)).toBe('bob@ex.co');
    s.put(URL_A, 'ann@ex.co', { ...TOKENS, accessToken: 'b' }, false);
    expect(s.currentUser(URL_A)).toBe('bob@ex.co');
    expect(s.get(URL_A, 'ANN@ex.co')?.accessToken).toBe('b');
    expect(s.currentUser('http://other.test')).toBeNull();
  });

  it('on removal of the last user falls back to another one', () => {
    const s = store();
    s.put(URL_A, 'ann@ex.co', TOKENS);
    s.put(URL_A, 'bob@ex.co', TOKENS);
    expect(s.remove(URL_A, 'bob@ex.co')).toBe(true);
    expect(s.currentUser(URL_A)).toBe('ann@ex.co');
    expect(s.remove(URL_A, 'bob@ex.co')).toBe(false);
  });

  it('treats a damaged file as empty and replaces it at the next write', () => {
    const s = store();
    s.put(URL_A, 'ann@ex.co', TOKENS);
    writeFileSync(s.path, '{not json');
    expect(s.get(URL_A, 'ann@ex.co')).toBeNull();
    s.put(URL_A, 'ann@ex.co', TOKENS);
    expect(s.get(URL_A, 'ann@ex.co')).toEqual(TOKENS);
  });
});
