import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../db/schema.js';
import type { Clock, PasswordHasher } from '../deps.js';
import { AppError } from '../errors.js';
import type { Mailer } from '../mail.js';
import { consumeInvitation, findInvitation, insertInvitation, useInvitationsOf } from '../queries/invitations.js';
import { findUserById, updateUser } from '../queries/users.js';
import type { Actor } from './actor.js';
import type { Audit } from './audit.js';
import { endAccess } from './end-access.js';

export const INVITATION_TTL_MS = 48 * 60 * 60 * 1000;
/** Where the set-password page lives, under the public URL. */
export const INVITATION_PATH = '/auth/realms/master/invite';

export interface InvitationLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
}

export interface InvitationsDeps {
  db: Kysely<Database>;
  clock: Clock;
  hasher: PasswordHasher;
  mailer: Mailer;
  /** Base URL of the links, without a trailing slash. */
  publicUrl: string;
  audit: Audit;
  log: InvitationLog;
  /** 32 random bytes, base64url; injected so tests may choose. */
  newToken?: () => string;
}

/** Like client secrets, tokens are 256 random bits: SHA-256 is enough to make a stolen row useless. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const randomToken = () => randomBytes(32).toString('base64url');
/** Anything else cannot be one of ours: answered as unknown without touching the database. */
const TOKEN_SHAPE = /^[\w-]{43}$/;

/**
 * Invitation links: a single-use token, valid 48 hours, mailed to a user invited without a
 * password, with which they set one. Stored only as its SHA-256.
 */
export function createInvitationsService(deps: InvitationsDeps) {
  const { db, clock, hasher, mailer, audit, log } = deps;
  const newToken = deps.newToken ?? randomToken;
  const linkFor = (token: string) => `${deps.publicUrl}${INVITATION_PATH}/${token}`;

  /** The invitation of `token` as it stands now, or the coded reason it cannot be used. */
  async function mustBeOpen(trx: Kysely<Database>, token: string): Promise<{ user: UserRow; tokenHash: string }> {
    const tokenHash = hashInvitationToken(token);
    const row = TOKEN_SHAPE.test(token) ? await findInvitation(trx, tokenHash) : undefined;
    if (!row) throw new AppError('INVITATION_NOT_FOUND', 'This invitation link is not valid. Check that it was copied whole, or ask an administrator for a new one.');
    if (row.used_at !== null) throw new AppError('INVITATION_USED', 'This invitation link has already been used. Log in with the password you set, or ask an administrator for a new invitation.');
    if (row.expires_at <= clock.now()) throw new AppError('INVITATION_EXPIRED', 'This invitation link has expired (links are valid for 48 hours). Ask an administrator for a new invitation.');
    const user = await findUserById(trx, row.user_id);
    if (user?.status !== 'active') throw new AppError('FORBIDDEN', 'This account is deactivated. Ask an administrator to activate it.');
    return { user, tokenHash };
  }

  return {
    /** Creates the token inside the caller's transaction (the one creating the user); answers the link. */
    async issue(trx: Kysely<Database>, user: UserRow): Promise<string> {
      const token = newToken();
      const now = clock.now();
      await insertInvitation(trx, { token_hash: hashInvitationToken(token), user_id: user.id, created_at: now, expires_at: now + INVITATION_TTL_MS, used_at: null });
      return linkFor(token);
    },

    /**
     * Mails the link. A mailer failure is logged, not thrown: the user exists by now, and the
     * invite's reply still carries the initial password. Answers whether the mail went out.
     */
    async mail(user: Pick<UserRow, 'email'>, link: string): Promise<boolean> {
      const expires = new Date(clock.now() + INVITATION_TTL_MS).toISOString();
      try {
        await mailer.send({
          to: user.email,
          subject: 'Your Paddock account: set your password',
          text: [
            'Hello,',
            '',
            `An administrator created a Paddock account for ${user.email}.`,
            'Set your password with this link (it works once, until ' + expires + '):',
            '',
            link,
            '',
            'If you did not expect this, ignore this message.',
            '',
          ].join('\n'),
        });
        log.info({ to: user.email }, `invitation mailed to ${user.email}`);
        return true;
      } catch (err) {
        log.warn({ to: user.email, reason: err instanceof Error ? err.message : String(err) }, 'could not mail the invitation');
        return false;
      }
    },

    /** The email the invitation is for; throws INVITATION_NOT_FOUND, INVITATION_USED, INVITATION_EXPIRED or FORBIDDEN. */
    async inspect(token: string): Promise<{ email: string }> {
      const { user } = await mustBeOpen(db, token);
      return { email: user.email };
    },

    /** Sets the password (already checked against the password rule), uses the link up, clears must_change_password. */
    async redeem(token: string, password: string): Promise<{ email: string }> {
      const passwordHash = await hasher.hash(password);
      return db.transaction().execute(async (trx) => {
        const { user, tokenHash } = await mustBeOpen(trx, token);
        const now = clock.now();
        // Lost a race with another redemption of the same link: answer as the loser would see it.
        if (!(await consumeInvitation(trx, tokenHash, now))) throw new AppError('INVITATION_USED', 'This invitation link has already been used.');
        await updateUser(trx, user.id, { password_hash: passwordHash, must_change_password: 0 });
        await endAccess(trx, user.id);
        await useInvitationsOf(trx, user.id, now);
        const self: Actor = { kind: 'user', id: user.id, email: user.email, role: user.role };
        await audit(trx, self, 'user.set_password_by_invitation', { type: 'user', id: user.id, label: user.email });
        return { email: user.email };
      });
    },
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
