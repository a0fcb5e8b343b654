import type { KoaContextWithOIDC } from 'oidc-provider';

/** What the polling device is told when its code was entered again (see {@link endSpentDeviceCode}). */
export const SPENT_CODE = 'the code was entered again after its sign-in had started';

/** oidc-provider's user code normalisation: upper case, letters and digits only. */
function normalizeUserCode(input: string): string {
  return input.toUpperCase().replace(/\W/g, '');
}

/**
 * oidc-provider marks a device code "in flight" once its code is confirmed on the verification
 * page, and refuses it there from then on (`AlreadyUsedError`). Entered again (the page reloaded,
 * the link opened again, the code retyped after a failed or abandoned sign-in), the code can no
 * longer be approved from this page, yet the token endpoint would keep answering the polling
 * device `authorization_pending` until the code expires, ten minutes on. End it instead: the
 * device's next poll gets `access_denied` (with {@link SPENT_CODE}) and stops.
 *
 * Only an in-flight code is ended: an approved or refused one has already settled.
 */
export async function endSpentDeviceCode(ctx: KoaContextWithOIDC, err: Error | undefined): Promise<void> {
  if (err?.name !== 'AlreadyUsedError') return;
  const typed: unknown = (err as { userCode?: unknown }).userCode;
  if (typeof typed !== 'string') return;
  const code = await ctx.oidc.provider.DeviceCode.findByUserCode(normalizeUserCode(typed), { ignoreExpiration: true });
  if (!code || code.isExpired || code.accountId || code.error || !code.inFlight) return;
  Object.assign(code, { error: 'access_denied', errorDescription: SPENT_CODE });
  await code.save();
}
