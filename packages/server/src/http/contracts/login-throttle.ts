import { z } from 'zod';
import { emailSchema } from '../../domain/rules.js';
import { contract } from '../contract.js';

const address = z.union([z.ipv4(), z.ipv6(), z.cidrv6()]).describe('An IPv4 or IPv6 address (IPv6 counts per /64)');

export const loginLock = z.object({
  key: z.string().describe('`account:<email>` or `address:<ip>`'),
  kind: z.enum(['account', 'address']),
  failures: z.number().int().describe('Failed logins in the current 15-minute window'),
  locked_until: z.string().nullable().describe('ISO time the lock ends; null when not locked'),
});

export const usersLoginLocks = contract({
  path: 'users/login_locks',
  tag: 'users',
  summary: 'Failed-login counters and locks now in force, of every account and address or of one account',
  body: z.object({ email: emailSchema.optional() }),
  reply: z.object({ locks: z.array(loginLock) }),
  errors: ['FORBIDDEN'],
});

export const usersClearLoginLock = contract({
  path: 'users/clear_login_lock',
  tag: 'users',
  summary: 'Forget the failed logins and lock of an account (email) or a client address',
  body: z
    .object({ email: emailSchema.optional(), address: address.optional() })
    .refine((b) => (b.email === undefined) !== (b.address === undefined), { message: 'send either email or address', path: ['email'] }),
  reply: z.object({}),
  errors: ['FORBIDDEN'],
});
