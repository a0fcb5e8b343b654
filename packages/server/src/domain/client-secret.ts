import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Service-account secrets are 32 random bytes and stored as their SHA-256, not as argon2 hashes.
 * A slow, salted hash protects secrets people choose, which can be guessed; 256 random bits cannot
 * be, so a stolen SHA-256 is as useless as an argon2 hash of it. And SHA-256 costs microseconds
 * where OWASP's argon2id costs tens of milliseconds and 19 MiB: paid on every client-credentials
 * request, argon2 would cap the token endpoint far below the rates it is designed for.
 */
export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashClientSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares in constant time (both sides are 32-byte digests, whatever the input's length). */
export function clientSecretMatches(storedHash: string, secret: string): boolean {
  const stored = Buffer.from(storedHash, 'hex');
  const given = createHash('sha256').update(secret, 'utf8').digest();
  return stored.length === given.length && timingSafeEqual(stored, given);
}
