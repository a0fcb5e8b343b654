import type { Command } from 'commander';
import { action, examples } from '../context.js';
import type { Context, Runtime } from '../context.js';
import { formatDate, formatTable } from '../table.js';

/** `paddock users locks` and `paddock users unlock`: the failed-login throttle, for admins. */
export function registerLoginLocks(users: Command, rt: Runtime): void {
  const locks = users
    .command('locks')
    .description('list failed-login counters and locks of accounts and client addresses (admins)')
    .argument('[email]', 'only this account')
    .action(action<Record<string, never>, string[]>(rt, listLocks));
  examples(locks, 'paddock users locks', 'paddock users locks ann@example.com', 'paddock users locks --json');
  locks.addHelpText(
    'after',
    '\nAn account is locked after 5 failed logins within 15 minutes, an address after 20; each\n' +
      'lock of the same key lasts twice the one before (1 minute up to 1 hour). A locked account\n' +
      'is refused even the right password until the lock ends or `paddock users unlock` clears it.\n',
  );

  const unlock = users
    .command('unlock')
    .description('clear the failed logins and lock of an account, or of a client address (admins)')
    .argument('<email|address>', "the user's email, or an IP address")
    .action(action<Record<string, never>, [string]>(rt, unlockAction));
  examples(unlock, 'paddock users unlock ann@example.com', 'paddock users unlock 203.0.113.7');
}

async function listLocks(ctx: Context, [email]: string[]): Promise<void> {
  const found = await ctx.client().listLoginLocks(email);
  ctx.print(found, () =>
    found.length === 0
      ? 'No failed logins or locks.'
      : formatTable(
          ['KEY', 'KIND', 'FAILURES', 'LOCKED UNTIL'],
          found.map((l) => [l.key, l.kind, String(l.failures), formatDate(l.lockedUntil ?? undefined)]),
        ),
  );
}

async function unlockAction(ctx: Context, [which]: [string]): Promise<void> {
  const target = which.includes('@') ? { email: which } : { address: which };
  await ctx.client().clearLoginLock(target);
  ctx.print({ ...target, cleared: true }, `Cleared the failed logins and lock of ${which}.`);
}
