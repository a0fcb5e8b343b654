import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from 'oidc-provider';
import type Provider from 'oidc-provider';
import type { IdentityUsers } from './account.js';
import { REALM_PATH } from './clients.js';
import type { IdentityThrottle } from './password-grant.js';
import { escapeHtml, page } from './pages.js';

/** Where oidc-provider sends the browser when it needs a login (see `interactions.url`). */
export const INTERACTION_PATH = `${REALM_PATH}/interaction`;

/** Longer than any email or password Paddock accepts; the form body as a whole is capped too. */
const MAX_EMAIL = 320;
const MAX_PASSWORD = 1024;
const MAX_FORM_BYTES = 16 * 1024;

/** One answer for an unknown email, a wrong password, a locked account or address, an inactive user. */
export const LOGIN_FAILED = 'The email or password is wrong, or this account cannot sign in right now.';

/** Shown only after the right password, so it reveals nothing an attacker does not already hold. */
export const PASSWORD_CHANGE_REQUIRED =
  'This account must set a new password before it signs in: use the link in the invitation, or run `paddock password change`.';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

export interface LoginPageOptions {
  provider: Provider;
  users: IdentityUsers;
  throttle: IdentityThrottle;
  /** Secrets the CSRF tokens are keyed with (the provider's cookie keys: shared by every process). */
  csrfKeys: readonly string[];
  /** Take the client address from X-Forwarded-For, as oidc-provider does behind a proxy. */
  trustProxy: boolean;
}

/**
 * The form's CSRF token: an HMAC of the interaction id. A POST must carry the interaction's own
 * cookie (signed, SameSite=Lax, scoped to this path) and this token, which only the page shows.
 */
export function csrfToken(keys: readonly string[], uid: string): string {
  return createHmac('sha256', keys[0] ?? '').update(`paddock-login:${uid}`).digest('base64url');
}

function csrfValid(keys: readonly string[], uid: string, token: string | undefined): boolean {
  if (token === undefined) return false;
  const given = Buffer.from(token);
  return keys.some((key) => {
    const expected = Buffer.from(csrfToken([key], uid));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** A urlencoded body as single values; null when a field is repeated (malformed). */
function parseForm(body: string): Record<string, string> | null {
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (Object.hasOwn(form, key)) return null;
    form[key] = value;
  }
  return form;
}

function clientAddress(request: FastifyRequest, trustProxy: boolean): string {
  const forwarded = request.headers['x-forwarded-for'];
  const first = typeof forwarded === 'string' ? forwarded.split(',')[0]?.trim() : undefined;
  return trustProxy && first ? first : (request.raw.socket.remoteAddress ?? request.ip);
}

interface FormView {
  uid: string;
  csrf: string;
  email: string;
  clientName: string | undefined;
  error?: string;
}

function loginForm(view: FormView): string {
  const intro = view.clientName ? `<p>to continue to ${escapeHtml(view.clientName)}.</p>` : '';
  const error = view.error === undefined ? '' : `<p role="alert" id="login-error"><strong>${escapeHtml(view.error)}</strong></p>`;
  const described = view.error === undefined ? '' : ' aria-describedby="login-error"';
  return page(
    'Sign in to Paddock',
    `${intro}${error}
<form method="post" action="${escapeHtml(`${INTERACTION_PATH}/${view.uid}`)}">
<input type="hidden" name="csrf" value="${escapeHtml(view.csrf)}">
<p><label for="email">Email</label><br>
<input id="email" name="email" type="email" autocomplete="username" required maxlength="${MAX_EMAIL}" value="${escapeHtml(view.email)}"${described} autofocus></p>
<p><label for="password">Password</label><br>
<input id="password" name="password" type="password" autocomplete="current-password" required maxlength="${MAX_PASSWORD}"${described}></p>
<p><button type="submit">Sign in</button>
<button type="submit" name="cancel" value="yes" formnovalidate>Cancel</button></p>
</form>`,
  );
}

function send(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
    .header('x-frame-options', 'DENY')
    .type('text/html; charset=utf-8')
    .send(html);
}

const EXPIRED = page('Sign-in expired', '<p>This sign-in has expired or was already used. Go back to the application and start again.</p>');
const REFUSED = page('Form expired', '<p>This form could not be accepted. Reload the page and sign in again.</p>');

/**
 * The login page of oidc-provider's interactions (browser login and the device flow): GET shows the
 * form, POST checks the CSRF token, then the password through the login throttle, and hands the
 * result back to oidc-provider, which continues the authorization (consent is never asked of
 * Paddock's own clients: see `loadFirstPartyGrant`).
 */
export function loginPage(options: LoginPageOptions): FastifyPluginAsync {
  const { provider, users, throttle, csrfKeys, trustProxy } = options;

  /** The interaction named in the URL, if the browser's cookie names the same one. */
  async function load(request: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply): Promise<Interaction | undefined> {
    try {
      const interaction = await provider.interactionDetails(request.raw, reply.raw);
      return interaction.uid === request.params.uid && interaction.prompt.name === 'login' ? interaction : undefined;
    } catch (err) {
      if (err instanceof errors.SessionNotFound) return undefined;
      throw err;
    }
  }

  async function clientName(interaction: Interaction): Promise<string | undefined> {
    const clientId = interaction.params['client_id'];
    if (typeof clientId !== 'string') return undefined;
    const client = await provider.Client.find(clientId).catch(() => undefined);
    return client?.clientName;
  }

  async function view(interaction: Interaction, email: string, error?: string): Promise<FormView> {
    const { uid } = interaction;
    return { uid, csrf: csrfToken(csrfKeys, uid), email, clientName: await clientName(interaction), ...(error === undefined ? {} : { error }) };
  }

  return async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: MAX_FORM_BYTES }, (_request, body, done) => {
      done(null, parseForm(String(body)));
    });

    app.get<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, async (request, reply) => {
      const interaction = await load(request, reply);
      if (!interaction) return send(reply, 400, EXPIRED);
      const hint = interaction.params['login_hint'];
      const email = typeof hint === 'string' && hint.length <= MAX_EMAIL ? hint : '';
      return send(reply, 200, loginForm(await view(interaction, email)));
    });

    app.post<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, async (request, reply) => {
      const interaction = await load(request, reply);
      if (!interaction) return send(reply, 400, EXPIRED);
      const form = request.body as Record<string, string> | null | undefined;
      if (!form || !csrfValid(csrfKeys, interaction.uid, form['csrf'])) return send(reply, 403, REFUSED);

      if (form['cancel'] !== undefined) {
        const result = { error: 'access_denied', error_description: 'The sign-in was cancelled.' };
        const returnTo = await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
        return reply.header('cache-control', 'no-store').redirect(returnTo, 303);
      }

      const email = form['email'] ?? '';
      const password = form['password'] ?? '';
      const user =
        email === '' || password === '' || email.length > MAX_EMAIL || password.length > MAX_PASSWORD
          ? null
          : await throttle.attempt(email, clientAddress(request, trustProxy), async () => users.authenticate(email, password));
      if (!user) return send(reply, 200, loginForm(await view(interaction, email.slice(0, MAX_EMAIL), LOGIN_FAILED)));
      // The same rule as the password grant: a generated or reset password is changed first.
      if (user.must_change_password === 1) return send(reply, 200, loginForm(await view(interaction, email, PASSWORD_CHANGE_REQUIRED)));

      const result = { login: { accountId: user.id, amr: ['pwd'] } };
      const returnTo = await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
      return reply.header('cache-control', 'no-store').redirect(returnTo, 303);
    });
  };
}
