/** `paddock scim tokens create|list|revoke` against the real server (both databases). */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BASE_URL } from '../support/app.js';
import { CliHarness, lines } from '../support/cli-harness.js';
import { describeEachDatabase } from '../support/databases.js';

describeEachDatabase('CLI: paddock scim tokens', (database) => {
  let h: CliHarness;
  beforeEach(async () => {
    h = await CliHarness.start(database);
  });
  afterEach(() => h.close());

  const lastCreated = () => h.transport.requests.filter((r) => r.path === '/v1/api/scim/tokens/create').at(-1)?.reply as { token: { id: string }; secret: string };

  it('create prints the token exactly once with the SCIM base URL; --json prints id, name, secret and base_url', async () => {
    await h.login();
    const result = await h.run(['scim', 'tokens', 'create', 'okta']);
    expect(result.code).toBe(0);
    const { secret } = lastCreated();
    expect(result.stdout.split(secret)).toHaveLength(2);
    expect(result.stdout).toContain(`${BASE_URL}/scim/v2`);
    const json = await h.run(['--json', 'scim', 'tokens', 'create', 'entra']);
    expect(JSON.parse(json.stdout)).toEqual({ id: lastCreated().token.id, name: 'entra', secret: lastCreated().secret, base_url: `${BASE_URL}/scim/v2` });
  });

  it('list shows names without secrets; revoke by name marks it revoked; an unknown one exits 1 with SCIM_TOKEN_NOT_FOUND', async () => {
    await h.login();
    await h.run(['scim', 'tokens', 'create', 'okta']);
    const { secret } = lastCreated();
    const list = await h.run(['scim', 'tokens', 'list']);
    expect(list.stdout).toMatch(/^NAME +ID +CREATED +CREATED BY +LAST USED +REVOKED/);
    expect(list.stdout).toContain('okta');
    expect(list.stdout).not.toContain(secret);
    expect((await h.run(['scim', 'tokens', 'revoke', 'okta'])).code).toBe(0);
    const json = JSON.parse((await h.run(['--json', 'scim', 'tokens', 'list'])).stdout) as Array<{ name: string; revokedAt: string | null }>;
    expect(json.map((t) => [t.name, typeof t.revokedAt])).toEqual([['okta', 'string']]);
    const missing = await h.run(['scim', 'tokens', 'revoke', 'nope']);
    expect(missing.code).toBe(1);
    expect(lines(missing.stderr)).toHaveLength(1);
    expect(missing.stderr).toMatch(/^error: SCIM_TOKEN_NOT_FOUND: /);
  });

  it('a taken name exits 1 with SCIM_TOKEN_EXISTS; a bad name exits 2', async () => {
    await h.login();
    await h.run(['scim', 'tokens', 'create', 'okta']);
    const taken = await h.run(['scim', 'tokens', 'create', 'okta']);
    expect([taken.code, taken.stderr]).toEqual([1, expect.stringMatching(/^error: SCIM_TOKEN_EXISTS: /)]);
    expect((await h.run(['scim', 'tokens', 'create', 'Okta Prod'])).code).toBe(2);
  });
});
