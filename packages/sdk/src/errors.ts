/**
 * The closed list of machine codes the Paddock API answers with, and the HTTP status of each.
 * The server throws these; the SDK raises them as {@link PaddockError}. Switch on `code`, never
 * on the message text.
 */
export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  VALIDATION_FAILED: 400,
  /** An SSO provider's issuer did not answer OpenID discovery (wrong URL, or unreachable from the server). */
  SSO_DISCOVERY_FAILED: 400,
  /** A device login was not approved before its code expired (OAuth `expired_token`). */
  DEVICE_CODE_EXPIRED: 400,
  /** An uploaded licence is not one: bad signature (not signed by the trusted key) or malformed. */
  LICENSE_INVALID: 400,
  /** An uploaded licence has expired; ask for a renewed one. */
  LICENSE_EXPIRED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  /** The person refused a device login in the browser (OAuth `access_denied`). */
  ACCESS_DENIED: 403,
  SEAT_LIMIT_REACHED: 403,
  /** The user is deactivated: sign-in refused (SSO). */
  ACCOUNT_INACTIVE: 403,
  /** An SSO provider sent no (usable) email for the account, so Paddock cannot link it. */
  SSO_EMAIL_MISSING: 403,
  /** An SSO provider sent `email_verified: false` (or nothing): Paddock links verified emails only. */
  SSO_EMAIL_UNVERIFIED: 403,
  NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  WORKSPACE_NOT_FOUND: 404,
  MEMBER_NOT_FOUND: 404,
  SERVICE_ACCOUNT_NOT_FOUND: 404,
  SESSION_NOT_FOUND: 404,
  INVITATION_NOT_FOUND: 404,
  SSO_PROVIDER_NOT_FOUND: 404,
  SCIM_TOKEN_NOT_FOUND: 404,
  EMAIL_TAKEN: 409,
  /** An import row repeats an email an earlier row of the same file has. */
  DUPLICATE_ROW: 409,
  WORKSPACE_NAME_TAKEN: 409,
  MEMBER_EXISTS: 409,
  LAST_OWNER: 409,
  LAST_ACTIVE_ADMIN: 409,
  /** Seat reclaim: the user is no longer idle (signed in since the listing) or is already inactive, so was left as is. */
  NOT_DORMANT: 409,
  SELF_DEACTIVATION: 409,
  DEFAULT_WORKSPACE: 409,
  SERVICE_ACCOUNT_EXISTS: 409,
  /** Another user or workspace already holds this identity provider id (SCIM `externalId`). */
  EXTERNAL_ID_TAKEN: 409,
  SCIM_TOKEN_EXISTS: 409,
  SSO_PROVIDER_EXISTS: 409,
  /** The SSO provider comes from the server's configuration (PADDOCK_SSO_PROVIDERS); change it there. */
  SSO_PROVIDER_CONFIGURED: 409,
  INVITATION_USED: 410,
  INVITATION_EXPIRED: 410,
  /** Refused before routing: the request took too long to arrive. */
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  /** Refused before routing: the request's headers are larger than the server reads (16 KiB). */
  HEADERS_TOO_LARGE: 431,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Every code, for iteration (for instance to build a `switch` exhaustiveness check). */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_STATUS, value);
}

/**
 * An error answered by Paddock (or raised by the SDK for a transport failure).
 *
 * @example
 * try {
 *   await client.activateUser('ann@example.com');
 * } catch (err) {
 *   if (err instanceof PaddockError && err.code === 'SEAT_LIMIT_REACHED') {
 *     console.log('Deactivate someone first, or add a licence.');
 *   } else throw err;
 * }
 */
export class PaddockError extends Error {
  override name = 'PaddockError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
  }
}
