import { PaddockError, isErrorCode } from './errors.js';
import type { ErrorCode } from './errors.js';
import { isRecord } from './jwt.js';

/**
 * The part of `fetch` the SDK uses. `globalThis.fetch` fits, and so does an in-process handler
 * (for instance a server's test harness), which is how tests run without a port.
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** Sends a request; a failure to reach the server becomes `UNAVAILABLE`. */
export async function send(fetch: FetchLike, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const reason = err instanceof Error ? describeCause(err) : String(err);
    throw new PaddockError('UNAVAILABLE', `Cannot reach Paddock at ${new URL(url).origin} (${reason}).`);
  }
}

function describeCause(err: Error): string {
  const cause: unknown = err.cause;
  if (isRecord(cause) && typeof cause['code'] === 'string') return `${err.message}: ${cause['code']}`;
  if (cause instanceof Error && cause.message !== '') return `${err.message}: ${cause.message}`;
  return err.message;
}

/** The reply's body as JSON, `undefined` when it is empty or not JSON. */
export async function readBody(res: Response): Promise<unknown> {
  let text: string;
  try {
    text = await res.text();
  } catch {
    return undefined;
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Turns a non-2xx API reply (`{msg, code, error}`) into a {@link PaddockError}. */
export function errorFromReply(status: number, body: unknown): PaddockError {
  if (isRecord(body)) {
    const { msg, error } = body;
    const rest = Object.fromEntries(Object.entries(body).filter(([key]) => !['msg', 'code', 'error'].includes(key)));
    const message = typeof msg === 'string' && msg !== '' ? msg : `Paddock answered HTTP ${status}.`;
    const details = Object.keys(rest).length > 0 ? rest : undefined;
    if (isErrorCode(error)) return new PaddockError(error, message, details);
    return new PaddockError(codeForStatus(status), message, { ...rest, httpStatus: status });
  }
  return new PaddockError(codeForStatus(status), `Paddock answered HTTP ${status}.`, { httpStatus: status });
}

const OAUTH_ERRORS: Readonly<Record<string, ErrorCode>> = {
  invalid_grant: 'UNAUTHENTICATED',
  invalid_client: 'UNAUTHENTICATED',
  unauthorized_client: 'UNAUTHENTICATED',
  access_denied: 'ACCESS_DENIED',
  expired_token: 'DEVICE_CODE_EXPIRED',
  invalid_token: 'UNAUTHENTICATED',
  invalid_request: 'INVALID_REQUEST',
  invalid_scope: 'INVALID_REQUEST',
  unsupported_grant_type: 'INVALID_REQUEST',
  slow_down: 'RATE_LIMITED',
  temporarily_unavailable: 'UNAVAILABLE',
};

/** Turns a token endpoint's error (`{error, error_description}`, OAuth's shape) into a {@link PaddockError}. */
export function errorFromTokenReply(status: number, body: unknown): PaddockError {
  if (!isRecord(body) || typeof body['error'] !== 'string') return errorFromReply(status, body);
  const error = body['error'];
  if (isErrorCode(error)) return errorFromReply(status, body);
  const description = typeof body['error_description'] === 'string' ? body['error_description'] : '';
  // Paddock's code beside OAuth's, for what OAuth cannot say (a full licence at a floating-seat sign-in).
  const paddockError = body['paddock_error'];
  if (isErrorCode(paddockError)) return new PaddockError(paddockError, description || `Login refused (${paddockError}).`, { oauthError: error });
  const code = Object.hasOwn(OAUTH_ERRORS, error) ? (OAUTH_ERRORS[error] ?? 'INTERNAL') : codeForStatus(status);
  const what = code === 'UNAUTHENTICATED' ? 'Login refused' : 'The token request failed';
  const details = description ? { oauthError: error, oauthErrorDescription: description } : { oauthError: error };
  return new PaddockError(code, `${what} (${error}${description ? `: ${description}` : ''}).`, details);
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'INVALID_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 429:
      return 'RATE_LIMITED';
    case 502:
    case 503:
    case 504:
      return 'UNAVAILABLE';
    default:
      return status >= 400 && status < 500 ? 'INVALID_REQUEST' : 'INTERNAL';
  }
}
