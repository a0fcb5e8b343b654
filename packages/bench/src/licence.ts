import { SignJWT, exportSPKI, generateKeyPair } from 'jose';

export interface BenchLicence {
  /** The compact JWS, for PADDOCK_LICENSE. */
  document: string;
  /** The SPKI PEM it verifies against, for PADDOCK_LICENSE_PUBLIC_KEY. */
  publicKeyPem: string;
}

/** A throw-away Ed25519 key pair and an Enterprise licence with no seat limit, signed by it. */
export async function makeLicence(): Promise<BenchLicence> {
  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const document = await new SignJWT({ edition: 'enterprise', sub: 'bench' }).setProtectedHeader({ alg: 'EdDSA' }).setIssuedAt().sign(pair.privateKey);
  return { document, publicKeyPem: await exportSPKI(pair.publicKey) };
}
