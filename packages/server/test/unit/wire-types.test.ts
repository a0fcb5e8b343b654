import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allContracts } from '../../src/http/contracts/index.js';
import { typeName, WIRE_TYPES_FILE, wireTypes } from '../../src/tools/wire-types.js';

describe('the SDK wire types', () => {
  it('are generated from the contracts as they are now (run npm run wire when this fails)', () => {
    expect(readFileSync(WIRE_TYPES_FILE, 'utf8')).toBe(wireTypes());
  });

  it('name one request and one reply per call', () => {
    const names = allContracts().map((c) => typeName(c.path));
    expect(new Set(names).size).toBe(names.length);
    expect(typeName('service_accounts/revoke_all')).toBe('ServiceAccountsRevokeAll');
  });
});
