import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const noFile = (): string => {
  throw Object.assign(new Error('nope'), { code: 'ENOENT' });
};

const SSO = { alias: 'okta', name: 'Okta', issuer: 'https://example.okta.com', client_id: '0oa1', client_secret: 's3cret' };

describe('configuration', () => {
  it('defaults: port 8080 on 127.0.0.1, SQLite under ./data, Community', () => {
    const c = loadConfig({}, noFile);
    expect(c.port).toBe(8080);
    expect(c.host).toBe('127.0.0.1');
    expect(c.databaseUrl).toMatch(/data\/paddock\.sqlite$/);
    expect(c.publicUrl).toBe('http://127.0.0.1:8080');
    expect(c.license).toBeNull();
    expect(c.admin).toBeNull();
  });

  it.each([
    [{ PADDOCK_PORT: 'eighty' }, 'PADDOCK_PORT'],
    [{ PADDOCK_PORT: '70000' }, 'PADDOCK_PORT'],
    [{ PADDOCK_DATABASE_URL: 'mysql://x' }, 'PADDOCK_DATABASE_URL'],
    [{ PADDOCK_ADMIN_EMAIL: 'a@x.io' }, 'PADDOCK_ADMIN_PASSWORD'],
    [{ PADDOCK_ADMIN_EMAIL: 'not-an-email', PADDOCK_ADMIN_PASSWORD: 'long-enough' }, 'PADDOCK_ADMIN_EMAIL'],
    [{ PADDOCK_LICENSE: '/no/such/licence' }, 'PADDOCK_LICENSE'],
    [{ PADDOCK_API_CLIENT_SECRET: 'short' }, 'PADDOCK_API_CLIENT_SECRET'],
    [{ PADDOCK_SSO_PROVIDERS: '[{"alias": "x"' }, 'PADDOCK_SSO_PROVIDERS'],
    [{ PADDOCK_SSO_PROVIDERS: '/no/such/file.json' }, 'PADDOCK_SSO_PROVIDERS'],
    [{ PADDOCK_SSO_PROVIDERS: `[${JSON.stringify({ ...SSO, issuer: 'http://idp.example.com' })}]` }, 'PADDOCK_SSO_PROVIDERS'],
    [{ PADDOCK_SSO_PROVIDERS: `[${JSON.stringify({ ...SSO, alias: 'Not_DNS' })}]` }, 'PADDOCK_SSO_PROVIDERS'],
    [{ PADDOCK_SSO_PROVIDERS: `[${JSON.stringify({ ...SSO, issuer: 'x' })}]` }, 'PADDOCK_SSO_PROVIDERS'],
    [{ PADDOCK_SSO_PROVIDERS: `[${JSON.stringify({ ...SSO, issuer: 'not a url at all' })}]` }, 'PADDOCK_SSO_PROVIDERS'],
    [{ PADDOCK_SSO_PROVIDERS: `[${JSON.stringify(SSO)}, ${JSON.stringify(SSO)}]` }, 'PADDOCK_SSO_PROVIDERS'],
  ])('bad configuration %j fails with one line naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env, noFile);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.startsWith(`${variable}:`)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });

  it('reads the licence from a file path, or takes the document itself', () => {
    expect(loadConfig({ PADDOCK_LICENSE: '/etc/paddock.lic' }, () => ' a.b.c \n').license).toBe('a.b.c');
    expect(loadConfig({ PADDOCK_LICENSE: 'aaa.bbb.ccc' }, noFile).license).toBe('aaa.bbb.ccc');
  });

  it('reads SSO providers as inline JSON or from a file', () => {
    const expected = [{ alias: 'okta', displayName: 'Okta', issuer: 'https://example.okta.com', clientId: '0oa1', clientSecret: 's3cret' }];
    expect(loadConfig({ PADDOCK_SSO_PROVIDERS: JSON.stringify([SSO]) }, noFile).ssoProviders).toEqual(expected);
    expect(loadConfig({ PADDOCK_SSO_PROVIDERS: '/etc/paddock/sso.json' }, () => JSON.stringify([SSO])).ssoProviders).toEqual(expected);
    expect(loadConfig({}, noFile).ssoProviders).toEqual([]);
  });
});
