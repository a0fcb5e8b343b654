import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { safeEqual } from '../domain/safe-equal.js';
import { REALM_PATH } from './clients.js';

/** Where oidc-provider sends the browser when it needs a login (see `interactions.url`). */
export const INTERACTION_PATH = `${REALM_PATH}/interaction`;

/** The form body as a whole is capped (longer than any field Paddock accepts). */
const MAX_FORM_BYTES = 16 * 1024;

export type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

/** A value MAC'd with the first of `keys` (the provider's cookie keys: shared by every process). */
export function mac(keys: readonly string[], purpose: string, value: string): string {
  return createHmac('sha256', keys[0] ?? '').update(`${purpose}:${value}`).digest('base64url');
}

/** Whether `tag` is the MAC of `value` under any of `keys` (older keys keep working through a rotation). */
export function macValid(keys: readonly string[], purpose: string, value: string, tag: string | undefined): boolean {
  if (tag === undefined) return false;
  return keys.some((key) => safeEqual(mac([key], purpose, value), tag));
}

/**
 * The form's CSRF token: an HMAC of the interaction id. A POST must carry the interaction's own
 * cookie (signed, SameSite=Lax, scoped to this path) and this token, which only the page shows.
 */
export function csrfToken(keys: readonly string[], uid: string): string {
  return mac(keys, 'paddock-login', uid);
}

export function csrfValid(keys: readonly string[], uid: string, token: string | undefined): boolean {
  return macValid(keys, 'paddock-login', uid, token);
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

/** Parses urlencoded forms in this (encapsulated) plugin: single-valued fields, 16 KiB at most. */
export function acceptForms(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: MAX_FORM_BYTES }, (_request, body, done) => {
    done(null, parseForm(String(body)));
  });
}

/** The login interaction named in the URL, if the browser's interaction cookie names the same one. */
export async function loadLoginInteraction(
  provider: Provider,
  request: FastifyRequest<{ Params: { uid: string } }>,
  reply: FastifyReply,
): Promise<Interaction | undefined> {
  try {
    const interaction = await provider.interactionDetails(request.raw, reply.raw);
    return interaction.uid === request.params.uid && interaction.prompt.name === 'login' ? interaction : undefined;
  } catch (err) {
    if (err instanceof errors.SessionNotFound) return undefined;
    throw err;
  }
}

/** Ends a login interaction with `result` and sends the browser on to where oidc-provider resumes. */
export async function finishInteraction(provider: Provider, request: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>): Promise<FastifyReply> {
  const returnTo = await provider.interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
  return reply.header('cache-control', 'no-store').redirect(returnTo, 303);
}
