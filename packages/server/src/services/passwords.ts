import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.js';
import type { Clock, PasswordHasher } from '../deps.js';
import { normalizeEmail } from '../domain/rules.js';
import { AppError, assertThat } from '../errors.js';
import { useInvitationsOf } from '../queries/invitations.js';
import { updateUser } from '../queries/users.js';
import type { Actor } from './actor.js';
import type { Audit } from './audit.js';
import { endAccess } from './end-access.js';
import type { LoginThrottleService } from './login-throttle.js';
import type { UsersService } from './users.js';

export interface PasswordsDeps {
  db: Kysely<Database>;
  clock: Clock;
  hasher: PasswordHasher;
  audit: Audit;
  throttle: Pick<LoginThrottleService, 'attempt'>;
  users: Pick<UsersService, 'verifyPassword'>;
}

export interface PasswordChange {
  email: string;
  /** The current password: it authenticates the call, with or without a token. */
  password: string;
  /** Already checked against the password rule (domain/rules.ts). */
  newPassword: string;
}

/** Users changing their own password, which is also how a generated initial password gets replaced. */
export function createPasswordsService(deps: PasswordsDeps) {
  const { db, clock, hasher, audit, throttle, users } = deps;

  return {
    /**
     * Changes the password of `email`, authenticated by its current one through the login
     * throttle (so it cannot be used to guess passwords faster than the token endpoint). `actor`
     * is the caller's token when they sent one: a user may only change their own password.
     * Clears must_change_password and uses up any open invitation link.
     */
    async change(actor: Actor | null, address: string, input: PasswordChange): Promise<void> {
      const email = normalizeEmail(input.email);
      if (actor?.kind === 'user') assertThat(actor.email === email, 'FORBIDDEN', 'You can only change your own password.');
      if (input.newPassword === input.password) {
        throw new AppError('VALIDATION_FAILED', 'new_password: must differ from the current password', { field: 'new_password' });
      }
      const user: UserRow | null = await throttle.attempt(email, address, async () => users.verifyPassword(email, input.password));
      if (!user) throw new AppError('UNAUTHENTICATED', 'Invalid email or password (or too many failed attempts: wait and try again).');
      const passwordHash = await hasher.hash(input.newPassword);
      await db.transaction().execute(async (trx) => {
        await updateUser(trx, user.id, { password_hash: passwordHash, must_change_password: 0 });
        // Whoever held the old password holds nothing now, the caller's own logins included.
        await endAccess(trx, user.id);
        await useInvitationsOf(trx, user.id, clock.now());
        const self: Actor = actor ?? { kind: 'user', id: user.id, email: user.email, role: user.role };
        await audit(trx, self, 'user.change_password', { type: 'user', id: user.id, label: user.email }, { was_required: user.must_change_password === 1 });
      });
    },
  };
}

export type PasswordsService = ReturnType<typeof createPasswordsService>;
