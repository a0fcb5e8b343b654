import type { FastifyReply } from 'fastify';
import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider';

/** Plain server-rendered pages for the browser-facing answers: no JavaScript, every value escaped. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Paddock</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem">
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/**
 * Sends a page rendered by Fastify: never cached, never framed, no referrer, nothing but inline
 * styles. `formActionSelf` also keeps its forms on this origin (not for the login page, whose
 * POST ends in a redirect to the client, which form-action would block).
 */
export function sendHtml(reply: FastifyReply, status: number, html: string, options: { formActionSelf?: boolean } = {}): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', options.formActionSelf ? `${CSP}; form-action 'self'` : CSP)
    .send(html);
}

export function renderError(ctx: KoaContextWithOIDC, out: ErrorOut): void {
  ctx.type = 'html';
  const description = out.error_description === undefined ? '' : `<p>${escapeHtml(out.error_description)}</p>`;
  ctx.body = page('Sign-in failed', `<p><code>${escapeHtml(out.error)}</code></p>${description}`);
}

/** `form` is oidc-provider's own markup (id `op.logoutForm`), safe to embed. */
export function logoutSource(ctx: KoaContextWithOIDC, form: string): void {
  ctx.body = page(
    'Sign out of Paddock?',
    `${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>
<button type="submit" form="op.logoutForm">Stay signed in</button>`,
  );
}

export function postLogoutSuccessSource(ctx: KoaContextWithOIDC): void {
  ctx.body = page('Signed out', '<p>You have signed out of Paddock.</p>');
}

/**
 * What the code page says after oidc-provider refused a code, by its error's name (its re-render
 * errors are not exported); `out` alone is some other refusal, such as an expired form.
 */
const CODE_REFUSALS: Readonly<Record<string, { title: string; message: string }>> = {
  AbortedError: {
    title: 'Sign-in cancelled',
    message: 'You cancelled this sign-in, and the device has been told. To sign in after all, start again on the device for a new code.',
  },
  AlreadyUsedError: {
    title: 'Code already used',
    message: 'This code was already used, so it can no longer sign in a device. Start again on the device (paddock login --device) for a new code.',
  },
  ExpiredError: { title: 'Code expired', message: 'This code has expired. Start again on the device for a new code.' },
  NotFoundError: { title: 'Sign in a device', message: 'No sign-in is waiting for that code. Check it for typos and try again.' },
  NoCodeError: { title: 'Sign in a device', message: 'Enter the code shown by the Paddock CLI or SDK.' },
};
const FORM_REFUSED = { title: 'Sign in a device', message: 'This form could not be accepted. Enter the code again.' };
const ASK_FOR_CODE = { title: 'Sign in a device', message: 'Enter the code shown by the Paddock CLI or SDK.' };

/** Device flow, step 1: the user types the code their CLI shows. `form` has id `op.deviceInputForm`. */
export function userCodeInputSource(ctx: KoaContextWithOIDC, form: string, out?: ErrorOut, err?: Error): void {
  const { title, message } = (err && CODE_REFUSALS[err.name]) ?? (out ? FORM_REFUSED : ASK_FOR_CODE);
  // oidc-provider's input has no id: give it one so that the label names it.
  const labelled = form.replace('name="user_code"', 'id="user_code" name="user_code"');
  ctx.body = page(
    title,
    `<p>${escapeHtml(message)}</p><label for="user_code">Code</label>${labelled}<button type="submit" form="op.deviceInputForm">Continue</button>`,
  );
}

/** Device flow, step 2: confirm the code. `form` has id `op.deviceConfirmForm`. */
export function userCodeConfirmSource(ctx: KoaContextWithOIDC, form: string, _client: unknown, _deviceInfo: unknown, userCode: string): void {
  ctx.body = page(
    'Confirm the device',
    `<p>Check that the device shows <code>${escapeHtml(userCode)}</code>. If you did not start this sign-in, cancel it.</p>${form}
<button autofocus type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">Cancel</button>`,
  );
}

export function deviceSuccessSource(ctx: KoaContextWithOIDC): void {
  ctx.body = page('Device signed in', '<p>You can close this page and return to your terminal.</p>');
}
