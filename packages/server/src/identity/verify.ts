import { createLocalJWKSet, jwtVerify } from 'jose';
import type { JSONWebKeySet, JWTPayload } from 'jose';
import type { Clock } from '../deps.js';
import { AppError } from '../errors.js';
import type { Soon } from '../soon.js';
import { GENERATION_CLAIM } from './account.js';
import type { ClientRole } from './clients.js';

export type TokenSubject =
  | {
      kind: 'user';
      userId: string;
      clientId: string;
      /** The user's token generation at the token's issue: an earlier one than the user's is refused. */
      generation: number;
    }
  | { kind: 'client'; clientId: string; role: ClientRole };

export interface VerifierOptions {
  issuer: string;
  audience: string;
  algorithms: string[];
  /** The provider's public keys; verification never goes over HTTP. */
  jwks: JSONWebKeySet;
  clock: Clock;
  /** The role a client acts with on its own (client-credentials) tokens; undefined refuses them. */
  clientRole: (clientId: string) => ClientRole | undefined | Promise<ClientRole | undefined>;
  /**
   * How many verified tokens to remember; past that, the first remembered is forgotten first. Not
   * the least recently used: moving a token to the end of the memory at each use cost every request
   * two more updates of the map, and a busy token forgotten is verified once more, then remembered.
   */
  cacheSize?: number;
}

/** The characters of a token that key the verifier's memory: the end of its signature (at least 256 bits in base64url's 6 per character). */
export const CACHE_KEY_LENGTH = 43;

/** Longer than any access token Paddock issues: refuse before parsing. */
const MAX_TOKEN_LENGTH = 4096;

function refuse(): never {
  throw new AppError('UNAUTHENTICATED', 'The access token is invalid or has expired; log in again.');
}

async function subjectOf(payload: JWTPayload, clientRole: VerifierOptions['clientRole']): Promise<TokenSubject> {
  const { sub } = payload;
  const clientId = payload['client_id'];
  if (typeof sub !== 'string' || sub === '' || typeof clientId !== 'string' || clientId === '') refuse();
  // oidc-provider makes the client its own subject on client-credentials tokens.
  if (sub === clientId) {
    const role = await clientRole(clientId);
    if (!role) refuse();
    return { kind: 'client', clientId, role };
  }
  const generation = payload[GENERATION_CLAIM];
  return { kind: 'user', userId: sub, clientId, generation: typeof generation === 'number' && Number.isSafeInteger(generation) ? generation : 0 };
}

/**
 * Verifies access tokens locally: signature against the provider's keys, `typ` at+jwt, issuer,
 * audience and expiry (by the injected clock). Verified tokens are remembered until they expire,
 * so a busy client pays for the signature check once per token; the API still checks the user's
 * current status on every request.
 *
 * The memory is keyed by the token's last characters, which are its signature's (random: no two
 * tokens share them), and a remembered token answers only a token equal to it character for
 * character. Keyed by the whole token, the map hashed all of its hundreds of characters on every
 * request (1.4% of the server's CPU under load).
 */
export function createVerifier(options: VerifierOptions): { verify: (token: string) => Soon<TokenSubject>; clear: () => void } {
  const { issuer, audience, algorithms, clock, clientRole, cacheSize = 10_000 } = options;
  const keys = createLocalJWKSet(options.jwks);
  const cache = new Map<string, { token: string; subject: TokenSubject; expiresAt: number }>();

  /** A remembered token's subject at once; a token met for the first time, once its signature is checked. */
  function verify(token: string): Soon<TokenSubject> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) refuse();
    const now = clock.now();
    const key = token.slice(-CACHE_KEY_LENGTH);
    const hit = cache.get(key);
    if (hit?.token === token && hit.expiresAt > now) return hit.subject;
    return verifyNew(token, key, now);
  }

  async function verifyNew(token: string, key: string, now: number): Promise<TokenSubject> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer,
        audience,
        algorithms,
        typ: 'at+jwt',
        currentDate: new Date(now),
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch {
      refuse();
    }
    const subject = await subjectOf(payload, clientRole);
    cache.delete(key);
    if (cache.size >= cacheSize) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(key, { token, subject, expiresAt: (payload.exp ?? 0) * 1000 });
    return subject;
  }

  return { verify, clear: () => cache.clear() };
}
