import type { Account, AccountClaims } from 'oidc-provider';
import type { UserRow } from '../db/schema.js';
import type { UsersService } from '../services/users.js';

export type IdentityUsers = Pick<UsersService, 'authenticate' | 'getById' | 'recordActivity'>;

/** Which claims each scope releases (Keycloak's client scopes of the same names). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['preferred_username', 'given_name', 'family_name', 'name'],
  email: ['email', 'email_verified'],
  roles: ['realm_access'],
} as const;

export const SUPPORTED_SCOPES = ['openid', 'profile', 'email', 'roles', 'offline_access'] as const;
/** Granted on every login whether asked for or not, as Keycloak's default client scopes are. */
export const DEFAULT_SCOPES = ['profile', 'email', 'roles'] as const;

export function userClaims(user: UserRow): AccountClaims {
  const name = [user.first_name, user.last_name].filter((part) => part !== '').join(' ');
  return {
    sub: user.id,
    email: user.email,
    email_verified: user.email_verified === 1,
    preferred_username: user.username,
    given_name: user.first_name,
    family_name: user.last_name,
    ...(name === '' ? {} : { name }),
    realm_access: { roles: user.role === 'admin' ? ['admin'] : [] },
  };
}

/** The private claim of every user's access token: the user's token generation at its issue. */
export const GENERATION_CLAIM = 'paddock_generation';

/** An account as oidc-provider sees it, with the token generation its access tokens carry. */
export type PaddockAccount = Account & { tokenGeneration: number };

export function toAccount(user: UserRow): PaddockAccount {
  const claims = userClaims(user);
  return { accountId: user.id, claims: () => claims, tokenGeneration: user.token_generation };
}

/** The account behind a token: only an existing, active user has one. */
export async function findActiveAccount(users: IdentityUsers, id: string): Promise<Account | undefined> {
  const user = await users.getById(id);
  return user?.status === 'active' ? toAccount(user) : undefined;
}
