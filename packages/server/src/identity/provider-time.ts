/**
 * oidc-provider stamps tokens and interactions with the system time, not Paddock's injected
 * clock: values that must agree with its stamps (a token's auth_time, an interaction's time left)
 * are read from the same system time, here and nowhere else.
 */
export function providerEpochSeconds(): number {
  // eslint-disable-next-line no-restricted-syntax -- oidc-provider's own clock, see above
  return Math.floor(Date.now() / 1000);
}
