import { ERROR_STATUS } from '@paddock/sdk';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { Clock } from '../deps.js';
import { AppError } from '../errors.js';
import { readCookie, setCookie } from '../http/cookies.js';
import type { ErrorCode } from '../errors.js';
import type { SsoService } from '../services/sso.js';
import { REALM_PATH } from './clients.js';
import { acceptForms, csrfValid, INTERACTION_PATH, loadLoginInteraction, mac, macValid } from './interaction-forms.js';
import { escapeHtml, page, sendHtml } from './pages.js';
import type { Upstream, UpstreamChecks } from './upstream.js';
import { providerEpochSeconds } from './provider-time.js';
import { UpstreamError } from './upstream.js';

export interface OfferedProvider {
  alias: string;
  displayName: string;
}

/** Keycloak's broker endpoint: what an admin registers at the outside provider as redirect URI. */
export function brokerRedirectUri(publicUrl: string, alias: string): string {
  return `${publicUrl}${REALM_PATH}/broker/${alias}/endpoint`;
}

/** The "Sign in with <name>" buttons under the password form (nothing when no provider exists). */
export function ssoChoices(uid: string, csrf: string, providers: readonly OfferedProvider[]): string {
  if (providers.length === 0) return '';
  const buttons = providers
    .map((p) => `<p><button type="submit" name="provider" value="${escapeHtml(p.alias)}">Sign in with ${escapeHtml(p.displayName)}</button></p>`)
    .join('\n');
  return `
<form id="sso" method="post" action="${escapeHtml(`${INTERACTION_PATH}/${uid}/sso`)}" aria-label="Single sign-on">
<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<p>Or sign in with your organisation's account:</p>
${buttons}
</form>`;
}

/** The cookie that carries a sign-in from the provider choice to the provider's answer. */
const COOKIE = 'paddock_sso';
const COOKIE_PATH = `${REALM_PATH}/broker`;
const COOKIE_PURPOSE = 'paddock-sso';
/** Long enough to sign in at the provider; the interaction itself expires sooner or later anyway. */
const COOKIE_TTL_SECONDS = 15 * 60;

interface BrokerState extends UpstreamChecks {
  uid: string;
  alias: string;
  /** Epoch seconds. */
  exp: number;
}

export interface SsoBrokerOptions {
  provider: Provider;
  sso: Pick<SsoService, 'find' | 'signIn'>;
  upstream: Upstream;
  publicUrl: string;
  csrfKeys: readonly string[];
  clock: Clock;
}

const EXPIRED = page(
  'Sign-in expired',
  '<p>This sign-in has expired, was already used, or was started in another browser. Go back to the application and sign in again.</p>',
);
const REFUSED = page('Form expired', '<p>This form could not be accepted. Reload the page and sign in again.</p>');

function refusal(providerName: string, err: AppError): string {
  const name = escapeHtml(providerName);
  const nothing = '<p>Nothing was created or changed in Paddock.</p>';
  switch (err.code) {
    case 'SSO_EMAIL_MISSING':
      return page(
        'No email from your provider',
        `<p>${name} did not send an email address for your account, and Paddock links accounts by email.</p>
<p>To fix it, in ${name}: give your account an email address, and let the Paddock client receive it (the <code>email</code> scope, or an <code>email</code> claim in its ID token or userinfo). Then sign in again.</p>${nothing}`,
      );
    case 'SSO_EMAIL_UNVERIFIED': {
      const email = typeof err.details?.['email'] === 'string' ? ` (${escapeHtml(err.details['email'])})` : '';
      return page(
        'Email not verified',
        `<p>${name} says the email of your account${email} is not verified (<code>email_verified</code> is false or missing). Paddock only links verified emails, so that nobody can take over an account by claiming its address.</p>
<p>To fix it: verify the email in ${name}, or have its administrator mark it verified or release the <code>email_verified</code> claim. Then sign in again.</p>${nothing}`,
      );
    }
    case 'SEAT_LIMIT_REACHED':
      // A user the idle-seat policy deactivated, back with floating seats on: the message says whom to ask.
      if (typeof err.details?.['contact'] === 'string') return page('No free seat', `<p>${escapeHtml(err.message)}</p>`);
      return page(
        'No free seat',
        `<p>${escapeHtml(err.message)}</p><p>Your account could not be created because every seat of this Paddock's licence is taken. Ask an administrator to deactivate a user who no longer needs access, or to add a licence with more seats, then sign in again.</p>${nothing}`,
      );
    case 'ACCOUNT_INACTIVE':
      return page('Account deactivated', `<p>${escapeHtml(err.message)}</p><p>Ask an administrator if you need access again.</p>`);
    default:
      return page('Sign-in refused', `<p>${escapeHtml(err.message)}</p>`);
  }
}

/**
 * A refusal page, with its catalogue code in `x-paddock-error` (for scripts and tests) and the
 * code's status.
 */
function refuse(reply: FastifyReply, code: ErrorCode, html: string): FastifyReply {
  return sendHtml(reply.header('x-paddock-error', code), ERROR_STATUS[code], html);
}

/** The provider could not be reached (UNAVAILABLE), refused (ACCESS_DENIED) or answered wrongly (INVALID_REQUEST). */
function upstreamFailed(reply: FastifyReply, providerName: string, reason: string): FastifyReply {
  const code: ErrorCode = reason === 'unreachable' ? 'UNAVAILABLE' : reason === 'access_denied' ? 'ACCESS_DENIED' : 'INVALID_REQUEST';
  const html = page(
    'Sign-in did not complete',
    `<p>${escapeHtml(providerName)} did not complete the sign-in (<code>${escapeHtml(reason)}</code>). Go back to the application and try again; if it keeps happening, an administrator can check the provider's settings in Paddock.</p>`,
  );
  return refuse(reply, code, html);
}

/**
 * The SSO broker: the login page's provider buttons post here, the browser goes to the outside
 * provider with PKCE, state and nonce (kept in a cookie MAC'd with the provider's cookie keys, so
 * any process can take the answer), and comes back to Keycloak's broker endpoint, where the
 * answer is checked, the user found, linked or created, and the login interaction finished.
 */
export function ssoBroker(options: SsoBrokerOptions): FastifyPluginAsync {
  const { provider, sso, upstream, publicUrl, csrfKeys, clock } = options;
  const secure = publicUrl.startsWith('https:');
  const keep = (reply: FastifyReply, value: string, maxAge: number) =>
    setCookie(reply, { name: COOKIE, value, path: COOKIE_PATH, maxAge, sameSite: 'Lax', secure });

  function seal(state: BrokerState): string {
    const body = Buffer.from(JSON.stringify(state)).toString('base64url');
    return `${body}.${mac(csrfKeys, COOKIE_PURPOSE, body)}`;
  }

  function unseal(value: string | undefined, alias: string): BrokerState | undefined {
    const [body, tag] = value?.split('.') ?? [];
    if (body === undefined || !macValid(csrfKeys, COOKIE_PURPOSE, body, tag)) return undefined;
    const state = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as BrokerState;
    return state.alias === alias && state.exp > clock.now() / 1000 ? state : undefined;
  }

  async function start(request: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) {
    const interaction = await loadLoginInteraction(provider, request, reply);
    if (!interaction) return refuse(reply, 'INVALID_REQUEST', EXPIRED);
    const form = request.body as Record<string, string> | null | undefined;
    if (!form || !csrfValid(csrfKeys, interaction.uid, form['csrf'])) return refuse(reply, 'FORBIDDEN', REFUSED);
    const chosen = await sso.find(form['provider'] ?? '');
    if (!chosen) return refuse(reply, 'SSO_PROVIDER_NOT_FOUND', page('Unknown provider', '<p>That sign-in provider does not exist (any more). Go back and choose another.</p>'));
    let begun: Awaited<ReturnType<Upstream['start']>>;
    try {
      begun = await upstream.start(chosen, brokerRedirectUri(publicUrl, chosen.alias));
    } catch (err) {
      if (err instanceof UpstreamError) return upstreamFailed(reply, chosen.displayName, err.reason);
      throw err;
    }
    const exp = Math.floor(clock.now() / 1000) + COOKIE_TTL_SECONDS;
    keep(reply, seal({ ...begun.checks, uid: interaction.uid, alias: chosen.alias, exp }), COOKIE_TTL_SECONDS);
    return reply.header('cache-control', 'no-store').redirect(begun.url, 303);
  }

  async function callback(request: FastifyRequest<{ Params: { alias: string } }>, reply: FastifyReply) {
    const state = unseal(readCookie(request, COOKIE), request.params.alias);
    keep(reply, '', 0);
    const interaction = state && (await provider.Interaction.find(state.uid));
    const chosen = state && (await sso.find(state.alias));
    if (!state || !interaction || interaction.prompt.name !== 'login' || interaction.result || !chosen) return refuse(reply, 'INVALID_REQUEST', EXPIRED);

    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    let user;
    try {
      const claims = await upstream.finish(chosen, new URL(`${brokerRedirectUri(publicUrl, chosen.alias)}${query}`), state);
      user = await sso.signIn(chosen.alias, claims);
    } catch (err) {
      if (err instanceof UpstreamError) return upstreamFailed(reply, chosen.displayName, err.reason);
      if (err instanceof AppError) return refuse(reply, err.code, refusal(chosen.displayName, err));
      throw err;
    }
    interaction.result = { login: { accountId: user.id, amr: ['fed'] } };
    // oidc-provider stamps the interaction's expiry with the system time: the time left is counted in it too.
    await interaction.save(interaction.exp - providerEpochSeconds());
    return reply.header('cache-control', 'no-store').redirect(interaction.returnTo, 303);
  }

  return async (app) => {
    acceptForms(app);
    app.post<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid/sso`, start);
    app.get<{ Params: { alias: string } }>(`${REALM_PATH}/broker/:alias/endpoint`, callback);
  };
}
