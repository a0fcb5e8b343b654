import { createPublicKey } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';

export const COMMUNITY_SEATS = 5;

/** The key Paddock's own enterprise licences are signed with; PADDOCK_LICENSE_PUBLIC_KEY replaces it. */
export const BUILT_IN_LICENSE_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEASr2PzAtTIhblt6f1jX50fzPr5LT3OpOakIR5jWOTHIM=
-----END PUBLIC KEY-----`;

export interface License {
  edition: 'community' | 'enterprise';
  /** Active users allowed; null means unlimited. */
  seats: number | null;
  licensee: string | null;
  /** Epoch ms, or null when the licence never expires. */
  expiresAt: number | null;
}

export const COMMUNITY: License = { edition: 'community', seats: COMMUNITY_SEATS, licensee: null, expiresAt: null };

/** The licence could not be accepted; the message is one line, about the licence or the key. */
export class LicenseError extends Error {
  override name = 'LicenseError';
  constructor(
    readonly reason: 'BAD_KEY' | 'EXPIRED' | 'BAD_SIGNATURE' | 'INVALID',
    message: string,
  ) {
    super(message);
  }

  /** The setting to fix when the licence or key came from configuration. */
  get variable(): 'PADDOCK_LICENSE' | 'PADDOCK_LICENSE_PUBLIC_KEY' {
    return this.reason === 'BAD_KEY' ? 'PADDOCK_LICENSE_PUBLIC_KEY' : 'PADDOCK_LICENSE';
  }
}

const claims = z.object({
  edition: z.literal('enterprise'),
  sub: z.string().min(1).max(200),
  seats: z.number().int().positive().optional(),
});

/**
 * Checks a licence: a compact JWS (EdDSA / Ed25519) signed by the holder of `publicKeyPem`,
 * with claims `edition: "enterprise"`, `sub` (the licensee), optional `seats` (absent: unlimited)
 * and optional `exp`. `now` is epoch ms.
 */
export async function verifyLicense(document: string, publicKeyPem: string, now: number): Promise<License> {
  let key;
  try {
    key = createPublicKey(publicKeyPem);
  } catch {
    throw new LicenseError('BAD_KEY', 'not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new LicenseError('BAD_KEY', 'must be an Ed25519 key');
  let payload;
  try {
    ({ payload } = await jwtVerify(document, key, { algorithms: ['EdDSA', 'Ed25519'], currentDate: new Date(now) }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new LicenseError('EXPIRED', 'the licence has expired; ask for a renewed licence');
    if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new LicenseError('BAD_SIGNATURE', 'the signature does not match the trusted licence key');
    }
    throw new LicenseError('INVALID', `not a valid licence (${(err as Error).message})`);
  }
  const parsed = claims.safeParse(payload);
  if (!parsed.success) throw new LicenseError('INVALID', 'the licence lacks edition "enterprise" or a licensee');
  return {
    edition: 'enterprise',
    seats: parsed.data.seats ?? null,
    licensee: parsed.data.sub,
    expiresAt: payload.exp === undefined ? null : payload.exp * 1000,
  };
}
