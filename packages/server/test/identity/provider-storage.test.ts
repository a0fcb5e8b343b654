import { executionAsyncId } from 'node:async_hooks';
import storage from 'oidc-provider/lib/helpers/als.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/database.js';
import { answerWithProviderStorage } from '../../src/identity/provider-storage.js';
import { createUsers, PASSWORD, passwordGrant, sdkClient, startIdentity } from './harness.js';
import type { Running } from './harness.js';

/** The async id a promise continuation runs in: 0 unless promise hooks are on. */
async function continuationId(): Promise<number> {
  await Promise.resolve();
  return executionAsyncId();
}

describe("oidc-provider's request storage", () => {
  let server: Running;

  beforeAll(async () => {
    const db = openDatabase({ url: ':memory:' });
    await migrateToLatest(db);
    const users = createUsers(db);
    await users.invite({ kind: 'system' }, { email: 'ann@example.com', password: PASSWORD, role: 'user', firstName: 'Ann', lastName: 'Lee' });
    server = await startIdentity({ db, users });
  });
  afterAll(async () => {
    await server.close();
  });

  it('leaves promise hooks off once a token request is answered', async () => {
    expect(await continuationId()).toBe(0);
    const tokens = await passwordGrant(await sdkClient(server.issuer), 'ann@example.com');
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(await continuationId()).toBe(0);
  });

  it('keeps the storage of an answer under way when another one ends', async () => {
    let endFirst = () => undefined as void;
    const firstEnds = new Promise<void>((resolve) => (endFirst = resolve));
    const first = answerWithProviderStorage(async () => storage.run('first', async () => firstEnds));
    let seenAfterFirst: unknown;
    const second = answerWithProviderStorage(async () =>
      storage.run('second', async () => {
        endFirst();
        await first;
        expect(await continuationId()).not.toBe(0); // still on: the second answer is under way
        seenAfterFirst = storage.getStore();
      }),
    );
    await second;
    expect(seenAfterFirst).toBe('second');
    expect(await continuationId()).toBe(0);
  });
});
