import type { FastifyInstance } from 'fastify';
import type { LoginThrottleService } from '../../services/login-throttle.js';
import { mount } from '../contract.js';
import { usersClearLoginLock, usersLoginLocks } from '../contracts/login-throttle.js';

export function loginThrottleRoutes(app: FastifyInstance, throttle: LoginThrottleService): void {
  mount(app, usersLoginLocks, async (body, actor) => {
    const locks = await throttle.list(actor, body.email);
    return {
      locks: locks.map((l) => ({
        key: l.key,
        kind: l.kind,
        failures: l.failures,
        locked_until: l.lockedUntil === null ? null : new Date(l.lockedUntil).toISOString(),
      })),
    };
  });

  mount(app, usersClearLoginLock, async (body, actor) => {
    await throttle.clear(actor, body.email === undefined ? { address: body.address ?? '' } : { email: body.email });
    return {};
  });
}
