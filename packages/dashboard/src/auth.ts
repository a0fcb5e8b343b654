import * as oauth from 'oauth4webapi';
import type { Tokens } from '@paddock/sdk';

/** Who signed in, from the ID token: enough to draw the page before the first API call. */
export interface Person {
  id: string;
  email: string;
  name: string;
  admin: boolean;
}

export interface Session {
  person: Person;
  tokens: Tokens;
}

const CLIENT: oauth.Client = { client_id: 'dashboard' };
const SCOPE = 'openid profile email roles';
const SESSION_KEY = 'paddock.session';
const PENDING_KEY = 'paddock.login';
const SIGNED_OUT_KEY = 'paddock.signed-out';

const issuer = () => new URL('/auth/realms/master', window.location.origin);
const redirectUri = () => `${window.location.origin}/`;
/** Paddock's own issuer on plain http is a local or test install; oauth4webapi refuses http otherwise. */
const insecure = () => ({ [oauth.allowInsecureRequests]: window.location.protocol === 'http:' });

async function discover(): Promise<oauth.AuthorizationServer> {
  const response = await oauth.discoveryRequest(issuer(), { algorithm: 'oidc', ...insecure() });
  return oauth.processDiscoveryResponse(issuer(), response);
}

/** The stored session (sessionStorage: one tab, gone when it closes), or null. */
export function storedSession(): Session | null {
  const raw = sessionStorage.getItem(SESSION_KEY);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as Session;
  } catch {
    return null;
  }
}

export function storeTokens(person: Person, tokens: Tokens): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify({ person, tokens } satisfies Session));
}

/** Drops tokens that no longer work (the server refused them), so that the next page load signs in afresh. */
export function dropSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

export function forgetSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
  sessionStorage.setItem(SIGNED_OUT_KEY, '1');
}

/** Sends the browser to Paddock's login page (authorization code + PKCE); comes back to `returnTo`. */
export async function startLogin(returnTo: string): Promise<void> {
  const as = await discover();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo }));
  const url = new URL(as.authorization_endpoint ?? `${issuer().href}/protocol/openid-connect/auth`);
  url.search = new URLSearchParams({
    client_id: CLIENT.client_id,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: SCOPE,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    // After an explicit sign-out, ask for the password again rather than reusing the login session.
    ...(sessionStorage.getItem(SIGNED_OUT_KEY) === '1' && { prompt: 'login' }),
  }).toString();
  window.location.assign(url.href);
}

/** Completes a login when the page is the redirect back (`?code=…&state=…`); null otherwise. */
export async function finishLogin(): Promise<{ session: Session; returnTo: string } | null> {
  const here = new URL(window.location.href);
  if (!here.searchParams.has('state')) return null;
  const pending = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (pending === null) throw new Error('This sign-in link was already used or started in another tab; sign in again.');
  const { verifier, state, returnTo } = JSON.parse(pending) as { verifier: string; state: string; returnTo: string };
  const as = await discover();
  const params = oauth.validateAuthResponse(as, CLIENT, here, state);
  const response = await oauth.authorizationCodeGrantRequest(as, CLIENT, oauth.None(), params, redirectUri(), verifier, insecure());
  const result = await oauth.processAuthorizationCodeResponse(as, CLIENT, response);
  const claims = oauth.getValidatedIdTokenClaims(result);
  if (!claims) throw new Error('The sign-in answered no ID token.');
  const roles = (claims['realm_access'] as { roles?: unknown } | undefined)?.roles;
  const person: Person = {
    id: claims.sub,
    email: typeof claims['email'] === 'string' ? claims['email'] : '',
    name: typeof claims['name'] === 'string' ? claims['name'] : '',
    admin: Array.isArray(roles) && roles.includes('admin'),
  };
  const tokens: Tokens = {
    accessToken: result.access_token,
    refreshToken: result.refresh_token ?? null,
    expiresAt: result.expires_in === undefined ? null : Date.now() + result.expires_in * 1000,
    refreshExpiresAt: null,
  };
  sessionStorage.removeItem(SIGNED_OUT_KEY);
  storeTokens(person, tokens);
  return { session: { person, tokens }, returnTo };
}
