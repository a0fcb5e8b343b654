import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { passwordSchema } from '../../domain/rules.js';
import { safeEqual } from '../../domain/safe-equal.js';
import { acceptForms } from '../../identity/interaction-forms.js';
import { escapeHtml as escape, page, sendHtml } from '../../identity/pages.js';
import { readCookie, setCookie } from '../cookies.js';
import { AppError } from '../../errors.js';
import { INVITATION_PATH } from '../../services/invitations.js';
import type { InvitationsService } from '../../services/invitations.js';

/**
 * The set-password page of invitation links: a server-rendered form (no JavaScript), protected
 * by a double-submit CSRF token (a random value in a SameSite=Strict cookie scoped to the page,
 * echoed in a hidden field). Its path is more specific than oidc-provider's catch-all under the
 * realm, so Fastify's router sends it here whatever the registration order.
 */

const CSRF_COOKIE = 'paddock_invite_csrf';
const CSRF_COOKIE_SECONDS = 3600;

function form(email: string, csrf: string, problem?: string): string {
  const alert = problem === undefined ? '' : `<p role="alert" id="password-error" style="color: #b00020">${escape(problem)}</p>`;
  const invalid = problem === undefined ? '' : ' aria-invalid="true" aria-describedby="password-error"';
  return page(
    'Set your password',
    `<p>Choose a password for <strong>${escape(email)}</strong> (at least 8 characters). This link works once.</p>
${alert}<form method="post">
<input type="hidden" name="csrf" value="${escape(csrf)}">
<p><label>New password<br><input type="password" name="password" autocomplete="new-password" minlength="8" maxlength="1024" required autofocus${invalid}></label></p>
<p><label>New password, again<br><input type="password" name="confirm" autocomplete="new-password" minlength="8" maxlength="1024" required${invalid}></label></p>
<p><button type="submit">Set password</button></p>
</form>`,
  );
}

function sameSecret(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a !== '' && safeEqual(a, b);
}

function send(reply: FastifyReply, status: number, html: string): FastifyReply {
  return sendHtml(reply, status, html, { formActionSelf: true });
}

function refusal(reply: FastifyReply, err: unknown): FastifyReply {
  if (!(err instanceof AppError)) throw err;
  const titles: Partial<Record<AppError['code'], string>> = {
    INVITATION_NOT_FOUND: 'Unknown invitation link',
    INVITATION_USED: 'Invitation link already used',
    INVITATION_EXPIRED: 'Invitation link expired',
  };
  return send(reply, err.status, page(titles[err.code] ?? 'Cannot set the password', `<p>${escape(err.message)}</p>`));
}

type TokenParams = { token: string };
type FormBody = Record<string, string | undefined>;

export async function invitationPageRoutes(app: FastifyInstance, options: { invitations: InvitationsService; secureCookies: boolean }): Promise<void> {
  const { invitations } = options;
  // Encapsulated: the form parser applies to these routes only; the API keeps refusing forms.
  await app.register(async (scope) => {
    acceptForms(scope);

    const url = `${INVITATION_PATH}/:token`;
    const csrfCookie = (reply: FastifyReply, token: string, value: string, maxAge: number) =>
      setCookie(reply, { name: CSRF_COOKIE, value, path: `${INVITATION_PATH}/${encodeURIComponent(token)}`, maxAge, sameSite: 'Strict', secure: options.secureCookies });

    scope.get<{ Params: TokenParams }>(url, { schema: { hide: true } }, async (request, reply) => {
      let email: string;
      try {
        ({ email } = await invitations.inspect(request.params.token));
      } catch (err) {
        return refusal(reply, err);
      }
      const csrf = randomBytes(32).toString('base64url');
      csrfCookie(reply, request.params.token, csrf, CSRF_COOKIE_SECONDS);
      return send(reply, 200, form(email, csrf));
    });

    scope.post<{ Params: TokenParams; Body: FormBody | undefined }>(url, { schema: { hide: true } }, async (request, reply) => {
      const { token } = request.params;
      const body: FormBody = typeof request.body === 'object' && request.body !== null ? request.body : {};
      let email: string;
      try {
        ({ email } = await invitations.inspect(token));
      } catch (err) {
        return refusal(reply, err);
      }
      const csrf = readCookie(request, CSRF_COOKIE);
      if (!sameSecret(csrf, body['csrf'])) {
        return send(reply, 403, page('Please try again', '<p>This form was not sent from the page Paddock served, or it is too old. Open the link from your invitation again.</p>'));
      }
      const password = body['password'] ?? '';
      const retry = (problem: string) => send(reply, 400, form(email, csrf ?? '', problem));
      if (password === '') return retry('Enter a new password twice.');
      if (password !== body['confirm']) return retry('The two passwords differ. Enter the same password twice.');
      const rule = passwordSchema.safeParse(password);
      if (!rule.success) return retry(`The password ${rule.error.issues[0]?.message ?? 'is not allowed'}.`);
      try {
        await invitations.redeem(token, password);
      } catch (err) {
        return refusal(reply, err);
      }
      csrfCookie(reply, token, '', 0);
      return send(reply, 200, page('Password set', `<p>Your password for <strong>${escape(email)}</strong> is set. You can now sign in to Paddock with it.</p>\n<p><a href="/">Sign in to Paddock</a></p>`));
    });
  });
}
