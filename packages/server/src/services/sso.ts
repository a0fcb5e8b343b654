import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/errors.js';
import type { Database, SsoProviderRow, UserRow } from '../db/schema.js';
import type { Clock } from '../deps.js';
import { emailSchema, normalizeEmail } from '../domain/rules.js';
import { AppError } from '../errors.js';
import { deleteSsoProvider, findIdentity, findSsoProvider, insertIdentity, insertSsoProvider, listSsoProviders } from '../queries/sso.js';
import { findUserByEmail, findUserById, updateUser } from '../queries/users.js';
import { actorRef, requireAdmin } from './actor.js';
import type { Actor } from './actor.js';
import type { Audit } from './audit.js';
import type { UsersService } from './users.js';

/** An external OpenID provider users may sign in with. */
export interface SsoProviderSettings {
  alias: string;
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface SsoProvider extends SsoProviderSettings {
  /** `config`: from PADDOCK_SSO_PROVIDERS, changed only there; `api`: added by an admin. */
  source: 'config' | 'api';
  createdAt: number | null;
  createdBy: string;
}

/** What a provider said about the person who signed in (ID token, then userinfo). */
export interface ExternalClaims {
  subject: string;
  email?: string | undefined;
  emailVerified?: boolean | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

/** Checks that an issuer answers OpenID discovery for this client; throws SSO_DISCOVERY_FAILED. */
export type IssuerCheck = (provider: SsoProviderSettings) => Promise<void>;

export interface SsoDeps {
  db: Kysely<Database>;
  clock: Clock;
  audit: Audit;
  users: Pick<UsersService, 'provisionExternal' | 'reactivateOnSignIn'>;
  /** Providers from configuration: listed first, never stored, never deleted through the API. */
  configured: readonly SsoProviderSettings[];
  checkIssuer: IssuerCheck;
}

const target = (alias: string) => ({ type: 'sso_provider' as const, id: alias, label: alias });
const userTarget = (u: UserRow) => ({ type: 'user' as const, id: u.id, label: u.email });

/**
 * Upstream SSO: which outside providers exist, and who a provider's account is in Paddock. A
 * provider account is linked to a user by its subject; the first time, by a verified email (the
 * user is created when none has it, through the same seat check as every other activation).
 */
export function createSsoService(deps: SsoDeps) {
  const { db, clock, audit, users, checkIssuer } = deps;
  const configured: SsoProvider[] = deps.configured.map((p) => ({ ...p, source: 'config', createdAt: null, createdBy: 'configuration' }));

  async function find(alias: string): Promise<SsoProvider | undefined> {
    const fromConfig = configured.find((p) => p.alias === alias);
    if (fromConfig) return fromConfig;
    const row = await findSsoProvider(db, alias);
    return row && fromRow(row);
  }

  async function all(): Promise<SsoProvider[]> {
    const stored = (await listSsoProviders(db)).filter((row) => !configured.some((p) => p.alias === row.alias));
    return [...configured, ...stored.map(fromRow)];
  }

  /** One attempt at signing in; the caller retries once when a concurrent first login won a race. */
  async function signInOnce(alias: string, claims: ExternalClaims): Promise<UserRow> {
    return db.transaction().execute(async (trx) => {
      const now = clock.now();
      const linked = await findIdentity(trx, alias, claims.subject);
      const found = linked && (await findUserById(trx, linked.user_id));
      // Floating seats: a user the idle-seat policy deactivated may come back (ACCOUNT_INACTIVE otherwise).
      const linkedUser = found && found.status !== 'active' ? await users.reactivateOnSignIn(trx, found) : found;
      if (linkedUser) {
        await updateUser(trx, linkedUser.id, { last_login_at: now, last_active_at: now });
        return { ...linkedUser, last_login_at: now, last_active_at: now };
      }

      const parsed = emailSchema.safeParse(claims.email ?? '');
      if (!parsed.success) throw new AppError('SSO_EMAIL_MISSING', 'The provider sent no usable email address for this account.');
      if (claims.emailVerified !== true) {
        throw new AppError('SSO_EMAIL_UNVERIFIED', `The provider does not say that ${parsed.data} is verified.`, { email: parsed.data });
      }
      const email = normalizeEmail(parsed.data);
      let user = await findUserByEmail(trx, email);
      if (user && user.status !== 'active') user = await users.reactivateOnSignIn(trx, user);
      user ??= await users.provisionExternal(trx, { email, firstName: claims.firstName?.slice(0, 100), lastName: claims.lastName?.slice(0, 100) }, alias);
      await insertIdentity(trx, { provider_alias: alias, subject: claims.subject, user_id: user.id, created_at: now });
      await updateUser(trx, user.id, { last_login_at: now, last_active_at: now, email_verified: 1 });
      await audit(trx, { kind: 'system' }, 'user.link_identity', userTarget(user), { provider: alias, subject: claims.subject });
      return { ...user, last_login_at: now, last_active_at: now, email_verified: 1 };
    });
  }

  return {
    find,

    /** Every provider, for admins (the caller never shows secrets). */
    async list(actor: Actor): Promise<SsoProvider[]> {
      requireAdmin(actor);
      return all();
    },

    /** Alias and name of every provider: what the login page offers. */
    async offered(): Promise<Array<Pick<SsoProvider, 'alias' | 'displayName'>>> {
      return (await all()).map(({ alias, displayName }) => ({ alias, displayName }));
    },

    /** Adds a provider once its issuer answers discovery, so that a typo fails here rather than at sign-in. */
    async create(actor: Actor, settings: SsoProviderSettings): Promise<SsoProvider> {
      requireAdmin(actor);
      const exists = () => new AppError('SSO_PROVIDER_EXISTS', `An SSO provider with the alias ${settings.alias} already exists.`);
      if (await find(settings.alias)) throw exists();
      await checkIssuer(settings);
      const createdAt = clock.now();
      const provider: SsoProvider = { ...settings, source: 'api', createdAt, createdBy: actorRef(actor).label };
      try {
        await db.transaction().execute(async (trx) => {
          await insertSsoProvider(trx, {
            alias: settings.alias,
            display_name: settings.displayName,
            issuer: settings.issuer,
            client_id: settings.clientId,
            client_secret: settings.clientSecret,
            created_at: createdAt,
            created_by: provider.createdBy,
          });
          await audit(trx, actor, 'sso_provider.create', target(settings.alias), { issuer: settings.issuer, client_id: settings.clientId });
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw exists();
        throw err;
      }
      return provider;
    },

    /** Removes a provider and its links; its users stay, and sign in by password or another provider. */
    async delete(actor: Actor, alias: string): Promise<void> {
      requireAdmin(actor);
      if (configured.some((p) => p.alias === alias)) {
        throw new AppError('SSO_PROVIDER_CONFIGURED', `The SSO provider ${alias} comes from PADDOCK_SSO_PROVIDERS; remove it there.`);
      }
      await db.transaction().execute(async (trx) => {
        if (!(await deleteSsoProvider(trx, alias))) throw new AppError('SSO_PROVIDER_NOT_FOUND', `No SSO provider has the alias ${alias}.`);
        await audit(trx, actor, 'sso_provider.delete', target(alias));
      });
    },

    /**
     * The active user a provider's account signs in as: linked before, or linked now by a verified
     * email (creating the user when no one has it). Refusals: SSO_EMAIL_MISSING,
     * SSO_EMAIL_UNVERIFIED, ACCOUNT_INACTIVE, SEAT_LIMIT_REACHED; nothing is written then.
     */
    async signIn(alias: string, claims: ExternalClaims): Promise<UserRow> {
      try {
        return await signInOnce(alias, claims);
      } catch (err) {
        // Two first logins of one person at once: the loser finds the winner's link on a second try.
        if (isUniqueViolation(err) || (err instanceof AppError && err.code === 'EMAIL_TAKEN')) return signInOnce(alias, claims);
        throw err;
      }
    },
  };
}

/** A provider an admin added through the API. */
function fromRow(row: SsoProviderRow): SsoProvider {
  return {
    source: 'api',
    alias: row.alias,
    displayName: row.display_name,
    issuer: row.issuer,
    clientId: row.client_id,
    clientSecret: row.client_secret,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

export type SsoService = ReturnType<typeof createSsoService>;
