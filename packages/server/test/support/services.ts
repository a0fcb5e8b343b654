import type { Db } from '../../src/db/database.js';
import { argon2Hasher, randomIds } from '../../src/deps.js';
import type { Clock } from '../../src/deps.js';
import { COMMUNITY } from '../../src/license/license.js';
import type { License } from '../../src/license/license.js';
import type { Mailer } from '../../src/mail.js';
import { createServices } from '../../src/services/index.js';
import type { Actor, Services } from '../../src/services/index.js';

/** Real argon2id, at a cost that keeps the suite quick. */
export const testHasher = argon2Hasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });

export class TestClock implements Clock {
  constructor(public time = Date.UTC(2026, 10, 23, 12)) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export function servicesFor(db: Db, options: { license?: License; clock?: Clock; mailer?: Mailer } = {}): Services {
  return createServices({
    db: db.kysely,
    reader: db,
    clock: options.clock ?? new TestClock(),
    ids: randomIds,
    hasher: testHasher,
    license: options.license ?? COMMUNITY,
    ...(options.mailer !== undefined && { mailer: options.mailer }),
  });
}

export const system: Actor = { kind: 'system' };

export function asUser(u: { id: string; email: string; role: 'admin' | 'user' }): Actor {
  return { kind: 'user', id: u.id, email: u.email, role: u.role };
}
