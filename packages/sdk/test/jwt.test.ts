import { describe, expect, it } from 'vitest';
import { decodeJwtPayload } from '../src/jwt.js';

function jwt(payload: unknown): string {
  const part = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `eyJhbGciOiJub25lIn0.${part}.sig`;
}

describe('decodeJwtPayload', () => {
  it('reads the payload, including UTF-8 and base64url characters', () => {
    expect(decodeJwtPayload(jwt({ sub: 'u-1', name: 'Zoë ~~~???' }))).toEqual({ sub: 'u-1', name: 'Zoë ~~~???' });
  });

  it('answers null for something that is not a JWT', () => {
    expect(decodeJwtPayload('opaque-token')).toBeNull();
    expect(decodeJwtPayload('a.!!!.c')).toBeNull();
    expect(decodeJwtPayload(jwt([1, 2]))).toBeNull();
  });
});
