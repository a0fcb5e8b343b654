import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveApiClientSecret } from '../../src/identity/index.js';

describe('resolveApiClientSecret', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'paddock-secret-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the configured secret and writes nothing', async () => {
    expect(await resolveApiClientSecret('configured-secret-value', dir)).toBe('configured-secret-value');
    await expect(stat(path.join(dir, 'api-client-secret'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('generates 32 random bytes (base64url) into <dataDir>/api-client-secret with mode 0600, then keeps it', async () => {
    const dataDir = path.join(dir, 'nested', 'data');
    const secret = await resolveApiClientSecret(null, dataDir);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    const file = path.join(dataDir, 'api-client-secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file, 'utf8')).trim()).toBe(secret);
    expect(await resolveApiClientSecret(null, dataDir)).toBe(secret);
    expect(await resolveApiClientSecret(null, dir)).not.toBe(secret);
  });

  it('reads an existing file, trimmed', async () => {
    await writeFile(path.join(dir, 'api-client-secret'), '  from-an-earlier-start \n');
    expect(await resolveApiClientSecret(null, dir)).toBe('from-an-earlier-start');
  });

  it('gives concurrent starts one secret', async () => {
    const secrets = await Promise.all(Array.from({ length: 8 }, async () => resolveApiClientSecret(null, dir)));
    expect(new Set(secrets).size).toBe(1);
    expect((await readFile(path.join(dir, 'api-client-secret'), 'utf8')).trim()).toBe(secrets[0]);
  });
});
