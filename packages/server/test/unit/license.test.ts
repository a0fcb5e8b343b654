import { generateKeyPair, exportSPKI, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { LicenseError, verifyLicense } from '../../src/license/license.js';

const NOW = Date.UTC(2026, 10, 23);

describe('licence verification', () => {
  let privateKey: CryptoKey;
  let publicPem: string;
  let foreignKey: CryptoKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    privateKey = pair.privateKey;
    publicPem = await exportSPKI(pair.publicKey);
    foreignKey = (await generateKeyPair('EdDSA', { crv: 'Ed25519' })).privateKey;
  });

  const sign = (claims: Record<string, unknown>, key = privateKey, exp?: number) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA' }).setIssuedAt(NOW / 1000);
    if (exp !== undefined) jwt.setExpirationTime(exp / 1000);
    return jwt.sign(key);
  };

  it('accepts an enterprise licence with seats and an expiry', async () => {
    const doc = await sign({ edition: 'enterprise', sub: 'Acme', seats: 50 }, privateKey, NOW + 86_400_000);
    expect(await verifyLicense(doc, publicPem, NOW)).toEqual({ edition: 'enterprise', seats: 50, licensee: 'Acme', expiresAt: NOW + 86_400_000 });
  });

  it('an enterprise licence without seats is unlimited', async () => {
    const doc = await sign({ edition: 'enterprise', sub: 'Acme' });
    expect((await verifyLicense(doc, publicPem, NOW)).seats).toBeNull();
  });

  it('refuses a licence signed by another key', async () => {
    const doc = await sign({ edition: 'enterprise', sub: 'Acme' }, foreignKey);
    await expect(verifyLicense(doc, publicPem, NOW)).rejects.toMatchObject({ reason: 'BAD_SIGNATURE', variable: 'PADDOCK_LICENSE' });
  });

  it('refuses an expired licence', async () => {
    const doc = await sign({ edition: 'enterprise', sub: 'Acme' }, privateKey, NOW - 1000);
    await expect(verifyLicense(doc, publicPem, NOW)).rejects.toMatchObject({ reason: 'EXPIRED', variable: 'PADDOCK_LICENSE' });
  });

  it('blames the trusted key, not the licence, when the key is not an Ed25519 PEM key', async () => {
    const doc = await sign({ edition: 'enterprise', sub: 'Acme' });
    await expect(verifyLicense(doc, 'not a key', NOW)).rejects.toMatchObject({ reason: 'BAD_KEY', variable: 'PADDOCK_LICENSE_PUBLIC_KEY' });
  });

  it('refuses a tampered payload', async () => {
    const doc = await sign({ edition: 'enterprise', sub: 'Acme', seats: 5 });
    const [h, , sig] = doc.split('.');
    const forged = Buffer.from(JSON.stringify({ edition: 'enterprise', sub: 'Acme', seats: 5000 })).toString('base64url');
    await expect(verifyLicense(`${h}.${forged}.${sig}`, publicPem, NOW)).rejects.toMatchObject({ reason: 'BAD_SIGNATURE' });
  });

  it('refuses a signed document that is not an enterprise licence', async () => {
    const doc = await sign({ edition: 'community', sub: 'Acme' });
    const error: unknown = await verifyLicense(doc, publicPem, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LicenseError);
    expect(error).toMatchObject({ reason: 'INVALID' });
  });
});
