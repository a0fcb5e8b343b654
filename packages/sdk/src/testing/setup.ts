import type { Auth } from '../auth.js';
import { Client } from '../client.js';
import type { ClientOptions } from '../client.js';
import { FAKE_URL, FakePaddock } from './fake-server.js';

export const ADMIN = { email: 'admin@ex.co', password: 'admin-pw' } as const;

/** A fake server with one admin, and a client logged in as that admin (lazily, on first call). */
export function setup(options: Partial<ClientOptions> & { auth?: Auth } = {}): { fake: FakePaddock; client: Client } {
  const fake = new FakePaddock();
  fake.addUser({ email: ADMIN.email, password: ADMIN.password, role: 'admin' });
  const client = new Client({
    url: FAKE_URL,
    fetch: fake.fetch,
    now: fake.now,
    auth: { type: 'password', username: ADMIN.email, password: ADMIN.password },
    ...options,
  });
  return { fake, client };
}
