import { describe, expect, it } from 'vitest';
import { Harness } from '../testing.js';

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

describe('paddock service-accounts', () => {
  it('create sends name, role and description, and prints the secret exactly once', async () => {
    const h = new Harness();
    await h.login();
    const result = await h.run(['service-accounts', 'create', 'nightly-etl', '--role', 'admin', '--description', 'ETL jobs']);
    expect(result.code).toBe(0);
    expect(h.fake.requests.at(-1)?.body).toEqual({ name: 'nightly-etl', role: 'admin', description: 'ETL jobs' });
    expect(result.stdout).toContain('sa-nightly-etl');
    expect(result.stdout.split('secret-1')).toHaveLength(2);
  });

  it('create defaults to the user role; --json prints client_id and client_secret', async () => {
    const h = new Harness();
    await h.login();
    const result = await h.run(['--json', 'service-accounts', 'create', 'etl']);
    expect(JSON.parse(result.stdout)).toEqual({ client_id: 'sa-etl', client_secret: 'secret-1' });
    expect(h.fake.requests.at(-1)?.body).toEqual({ name: 'etl', role: 'user' });
  });

  it('create of a taken name exits 1 with one SERVICE_ACCOUNT_EXISTS line', async () => {
    const h = new Harness();
    await h.login();
    await h.run(['service-accounts', 'create', 'etl']);
    const result = await h.run(['service-accounts', 'create', 'etl']);
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: SERVICE_ACCOUNT_EXISTS: /);
  });

  it('an unknown --role is a usage error (exit 2)', async () => {
    const h = new Harness();
    await h.login();
    expect((await h.run(['service-accounts', 'create', 'etl', '--role', 'owner'])).code).toBe(2);
  });

  it('list prints a table without secrets, and --json the accounts', async () => {
    const h = new Harness();
    await h.login();
    await h.run(['service-accounts', 'create', 'zeta']);
    await h.run(['service-accounts', 'create', 'alpha', '--role', 'admin', '--description', 'provisioning']);
    const table = await h.run(['service-accounts', 'list']);
    expect(table.code).toBe(0);
    const rows = lines(table.stdout);
    expect(rows[0]).toMatch(/^CLIENT ID\s+ROLE\s+DESCRIPTION\s+CREATED\s+CREATED BY\s+SECRET ROTATED$/);
    expect(rows[1]).toMatch(/^sa-alpha\s+admin\s+provisioning\s+2025-01-01 12:00 UTC\s+admin@ex\.co\s+never$/);
    expect(rows[2]).toMatch(/^sa-zeta\s+user\s+-\s/);
    expect(table.stdout).not.toContain('secret-');
    const json = JSON.parse((await h.run(['--json', 'service-accounts', 'list'])).stdout) as Array<{ clientId: string }>;
    expect(json.map((a) => a.clientId)).toEqual(['sa-alpha', 'sa-zeta']);
  });

  it('rotate prints the new secret once; delete confirms; unknown ids exit 1 with SERVICE_ACCOUNT_NOT_FOUND', async () => {
    const h = new Harness();
    await h.login();
    await h.run(['service-accounts', 'create', 'etl']);
    const rotated = await h.run(['service-accounts', 'rotate', 'sa-etl']);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout.split('secret-1-rotated')).toHaveLength(2);
    expect(h.fake.requests.at(-1)?.body).toEqual({ client_id: 'sa-etl' });
    const deleted = await h.run(['service-accounts', 'delete', 'sa-etl']);
    expect([deleted.code, deleted.stdout]).toEqual([0, 'Deleted sa-etl.\n']);
    for (const verb of ['rotate', 'delete']) {
      const missing = await h.run(['service-accounts', verb, 'sa-etl']);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/^error: SERVICE_ACCOUNT_NOT_FOUND: /);
    }
  });

  it('help lists the subcommands with examples', async () => {
    const h = new Harness();
    const help = await h.run(['service-accounts', 'create', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ paddock service-accounts create nightly-etl');
    const group = await h.run(['service-accounts', '--help']);
    for (const sub of ['create', 'list', 'rotate', 'delete']) expect(group.stdout).toContain(sub);
  });
});
