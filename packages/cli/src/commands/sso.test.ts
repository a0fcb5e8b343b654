import { describe, expect, it } from 'vitest';
import { Harness } from '../testing.js';

const ADD = ['sso', 'add', 'okta', '--name', 'Okta', '--issuer', 'https://example.okta.com', '--client-id', '0oa1'];

describe('paddock sso', () => {
  it('add sends the provider (secret from the environment) and prints the redirect URI to register', async () => {
    const h = new Harness();
    await h.login();
    const result = await h.run(ADD, { env: { PADDOCK_SSO_CLIENT_SECRET: 'from-env' } });
    expect(result.code).toBe(0);
    expect(h.fake.requests.at(-1)?.body).toEqual({ alias: 'okta', display_name: 'Okta', issuer: 'https://example.okta.com', client_id: '0oa1', client_secret: 'from-env' });
    expect(result.stdout).toContain('http://paddock.test/auth/realms/master/broker/okta/endpoint');
  });

  it('add without a secret is a usage error (exit 2) and sends nothing', async () => {
    const h = new Harness();
    await h.login();
    const before = h.fake.requests.length;
    expect((await h.run(ADD)).code).toBe(2);
    expect(h.fake.requests.length).toBe(before);
  });

  it('list prints a table (never the secret); --json the providers; remove removes', async () => {
    const h = new Harness();
    await h.login();
    await h.run([...ADD, '--client-secret', 'hush']);
    const table = await h.run(['sso', 'list']);
    expect(table.stdout).toMatch(/^ALIAS\s+NAME\s+ISSUER/);
    expect(table.stdout).toContain('okta');
    expect(table.stdout).not.toContain('hush');
    const json = JSON.parse((await h.run(['--json', 'sso', 'list'])).stdout) as Array<{ alias: string; source: string }>;
    expect(json.map((p) => [p.alias, p.source])).toEqual([['okta', 'api']]);
    expect((await h.run(['sso', 'remove', 'okta'])).code).toBe(0);
    expect((await h.run(['sso', 'list'])).stdout).toContain('No SSO providers.');
  });

  it('a refusal is one line with its code: unknown alias, unreachable issuer', async () => {
    const h = new Harness();
    await h.login();
    const missing = await h.run(['sso', 'remove', 'nope']);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/^error: SSO_PROVIDER_NOT_FOUND: [^\n]*\n$/)]);
    const unreachable = await h.run(['sso', 'add', 'x', '--name', 'X', '--issuer', 'https://unreachable.example', '--client-id', 'c', '--client-secret', 's']);
    expect(unreachable.stderr).toMatch(/^error: SSO_DISCOVERY_FAILED: /);
  });
});
