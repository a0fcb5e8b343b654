import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { IdentityUsers } from './account.js';
import { acceptForms, csrfToken, csrfValid, finishInteraction, INTERACTION_PATH, loadLoginInteraction } from './interaction-forms.js';
import type { Interaction } from './interaction-forms.js';
import type { IdentityThrottle } from './password-grant.js';
import { escapeHtml, page, sendHtml } from './pages.js';
import { ssoChoices } from './sso-pages.js';
import type { OfferedProvider } from './sso-pages.js';

export { INTERACTION_PATH } from './interaction-forms.js';

/** Longer than any email or password Paddock accepts. */
const MAX_EMAIL = 320;
const MAX_PASSWORD = 1024;

/** One answer for an unknown email, a wrong password, a locked account or address, an inactive user. */
export const LOGIN_FAILED = 'The email or password is wrong, or this account cannot sign in right now.';

/** Shown only after the right password, so it reveals nothing an attacker does not already hold. */
export const PASSWORD_CHANGE_REQUIRED =
  'This account must set a new password before it signs in: use the link in the invitation, or run `paddock password change`.';

export interface LoginPageOptions {
  provider: Provider;
  users: IdentityUsers;
  throttle: IdentityThrottle;
  /** Secrets the CSRF tokens are keyed with (the provider's cookie keys: shared by every process). */
  csrfKeys: readonly string[];
  /** Take the client address from X-Forwarded-For, as oidc-provider does behind a proxy. */
  trustProxy: boolean;
  /** The outside providers offered as "Sign in with <name>" (see sso-pages.ts). */
  offered: () => Promise<OfferedProvider[]>;
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
  providers: OfferedProvider[];
  error?: string;
}

function loginForm(view: FormView): string {
  const intro = view.clientName ? `<p>to continue to ${escapeHtml(view.clientName)}.</p>` : '';
  const error = view.error === undefined ? '' : `<p role="alert" id="login-error"><strong>${escapeHtml(view.error)}</strong></p>`;
  const described = view.error === undefined ? '' : ' aria-invalid="true" aria-describedby="login-error"';
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
</form>${ssoChoices(view.uid, view.csrf, view.providers)}`,
  );
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

  const load = async (request: FastifyRequest<{ Params: { uid: string } }>, reply: FastifyReply) => loadLoginInteraction(provider, request, reply);

  async function clientName(interaction: Interaction): Promise<string | undefined> {
    const clientId = interaction.params['client_id'];
    if (typeof clientId !== 'string') return undefined;
    const client = await provider.Client.find(clientId).catch(() => undefined);
    return client?.clientName;
  }

  async function view(interaction: Interaction, email: string, error?: string): Promise<FormView> {
    const { uid } = interaction;
    return {
      uid,
      csrf: csrfToken(csrfKeys, uid),
      email,
      clientName: await clientName(interaction),
      providers: await options.offered(),
      ...(error === undefined ? {} : { error }),
    };
  }

  return async (app) => {
    acceptForms(app);

    app.get<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, async (request, reply) => {
      const interaction = await load(request, reply);
      if (!interaction) return sendHtml(reply, 400, EXPIRED);
      const hint = interaction.params['login_hint'];
      const email = typeof hint === 'string' && hint.length <= MAX_EMAIL ? hint : '';
      return sendHtml(reply, 200, loginForm(await view(interaction, email)));
    });

    app.post<{ Params: { uid: string } }>(`${INTERACTION_PATH}/:uid`, async (request, reply) => {
      const interaction = await load(request, reply);
      if (!interaction) return sendHtml(reply, 400, EXPIRED);
      const form = request.body as Record<string, string> | null | undefined;
      if (!form || !csrfValid(csrfKeys, interaction.uid, form['csrf'])) return sendHtml(reply, 403, REFUSED);

      if (form['cancel'] !== undefined) {
        return finishInteraction(provider, request, reply, { error: 'access_denied', error_description: 'The sign-in was cancelled.' });
      }

      const email = form['email'] ?? '';
      const password = form['password'] ?? '';
      const login =
        email === '' || password === '' || email.length > MAX_EMAIL || password.length > MAX_PASSWORD
          ? null
          : await throttle.attempt(email, clientAddress(request, trustProxy), async () => users.authenticate(email, password));
      if (!login) return sendHtml(reply, 200, loginForm(await view(interaction, email.slice(0, MAX_EMAIL), LOGIN_FAILED)));
      if (!login.ok && login.refused === 'SEAT_LIMIT_REACHED') {
        // Floating seats with none free: the password was right, so say why and whom to ask.
        return sendHtml(reply.header('x-paddock-error', 'SEAT_LIMIT_REACHED'), 403, loginForm(await view(interaction, email, login.message)));
      }
      if (!login.ok) return sendHtml(reply, 200, loginForm(await view(interaction, email, PASSWORD_CHANGE_REQUIRED)));

      return finishInteraction(provider, request, reply, { login: { accountId: login.user.id, amr: ['pwd'] } });
    });
  };
}
