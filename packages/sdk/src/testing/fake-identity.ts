/** The service-account, session and SSO-provider calls of the fake Paddock, following docs/api.md. */
import { FakeError } from './fake-state.js';
import type { FakeState, FakeUser } from './fake-state.js';

type Body = Record<string, unknown>;
type Handler = (state: FakeState, caller: FakeUser, body: Body) => unknown;

function str(body: Body, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') throw new FakeError('VALIDATION_FAILED', `${key} is required.`);
  return value;
}

function requireAdmin(caller: FakeUser): void {
  if (caller.role !== 'admin') throw new FakeError('FORBIDDEN', 'Only administrators may do this.');
}

function mustAccount(state: FakeState, clientId: string) {
  const account = state.serviceAccounts.find((a) => a.client_id === clientId);
  if (!account) throw new FakeError('SERVICE_ACCOUNT_NOT_FOUND', `No service account ${clientId}.`);
  return account;
}

/** The user whose sessions a call is about: the caller, or (admins only) anyone named. */
function sessionOwner(state: FakeState, caller: FakeUser, body: Body): string {
  const email = typeof body['email'] === 'string' ? body['email'].trim().toLowerCase() : caller.email;
  if (email !== caller.email) requireAdmin(caller);
  return state.mustByEmail(email).email;
}

export const fakeIdentityApi: Record<string, Handler> = {
  'service_accounts/create': (state, caller, body) => {
    requireAdmin(caller);
    const name = str(body, 'name');
    const clientId = `sa-${name}`;
    if (state.serviceAccounts.some((a) => a.client_id === clientId)) throw new FakeError('SERVICE_ACCOUNT_EXISTS', `${name} exists.`);
    const secret = `secret-${state.serviceAccounts.length + 1}`;
    state.serviceAccounts.push({
      client_id: clientId,
      name,
      role: body['role'] === 'admin' ? 'admin' : 'user',
      description: typeof body['description'] === 'string' ? body['description'] : '',
      created_at: new Date(state.now()).toISOString(),
      created_by: caller.email,
      secret_rotated_at: null,
      secret,
    });
    return { client_id: clientId, client_secret: secret };
  },
  'service_accounts/list': (state, caller) => {
    requireAdmin(caller);
    const accounts = [...state.serviceAccounts].sort((a, b) => a.name.localeCompare(b.name));
    return { service_accounts: accounts.map(({ secret: _secret, ...account }) => account) };
  },
  'service_accounts/rotate': (state, caller, body) => {
    requireAdmin(caller);
    const account = mustAccount(state, str(body, 'client_id'));
    account.secret = `${account.secret}-rotated`;
    account.secret_rotated_at = new Date(state.now()).toISOString();
    return { client_secret: account.secret };
  },
  'service_accounts/delete': (state, caller, body) => {
    requireAdmin(caller);
    const account = mustAccount(state, str(body, 'client_id'));
    state.serviceAccounts = state.serviceAccounts.filter((a) => a !== account);
    return {};
  },
  'sessions/list': (state, caller, body) => {
    const email = sessionOwner(state, caller, body);
    return { sessions: state.sessions.filter((s) => s.email === email).map(({ email: _email, ...session }) => session) };
  },
  'sessions/revoke': (state, caller, body) => {
    const session = state.sessions.find((s) => s.id === body['id']);
    if (!session || (session.email !== caller.email && caller.role !== 'admin')) throw new FakeError('SESSION_NOT_FOUND', 'No such session.');
    state.sessions = state.sessions.filter((s) => s !== session);
    return {};
  },
  'sessions/revoke_all': (state, caller, body) => {
    const email = sessionOwner(state, caller, body);
    const before = state.sessions.length;
    state.sessions = state.sessions.filter((s) => s.email !== email);
    return { revoked: before - state.sessions.length };
  },
  'sso_providers/list': (state, caller) => {
    requireAdmin(caller);
    return { providers: state.ssoProviders.map(({ client_secret: _secret, ...provider }) => provider) };
  },
  'sso_providers/create': (state, caller, body) => {
    requireAdmin(caller);
    const alias = str(body, 'alias');
    if (state.ssoProviders.some((p) => p.alias === alias)) throw new FakeError('SSO_PROVIDER_EXISTS', `${alias} exists.`);
    const issuer = str(body, 'issuer');
    if (issuer.includes('unreachable')) throw new FakeError('SSO_DISCOVERY_FAILED', `${issuer} did not answer discovery.`);
    const shown = {
      alias,
      display_name: str(body, 'display_name'),
      issuer,
      client_id: str(body, 'client_id'),
      source: 'api' as const,
      redirect_uri: `http://paddock.test/auth/realms/master/broker/${alias}/endpoint`,
      created_at: new Date(state.now()).toISOString(),
      created_by: caller.email,
    };
    state.ssoProviders.push({ ...shown, client_secret: str(body, 'client_secret') });
    return { provider: shown };
  },
  'sso_providers/delete': (state, caller, body) => {
    requireAdmin(caller);
    const alias = str(body, 'alias');
    if (!state.ssoProviders.some((p) => p.alias === alias)) throw new FakeError('SSO_PROVIDER_NOT_FOUND', `No provider ${alias}.`);
    state.ssoProviders = state.ssoProviders.filter((p) => p.alias !== alias);
    return {};
  },
};
