import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** A key pair of a scenario's own, to configure as the trusted licence key and sign licences with. */
export function licenceKeys(): { publicPem: string; privateKey: KeyObject } {
  const keys = generateKeyPairSync('ed25519');
  return { publicPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey: keys.privateKey };
}

/** A licence (EdDSA compact JWS) with `claims`, signed with `privateKey`. */
export function licence(claims: object, privateKey: KeyObject): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${b64({ alg: 'EdDSA' })}.${b64({ iat: Math.floor(Date.now() / 1000), ...claims })}`;
  return `${signed}.${sign(null, Buffer.from(signed), privateKey).toString('base64url')}`;
}
