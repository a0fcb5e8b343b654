import { describe, expect, it } from 'vitest';
import { formatDate, formatPairs, formatTable } from '../src/table.js';

describe('formatTable', () => {
  it('pads every column to its widest cell, two spaces apart, without trailing blanks', () => {
    const text = formatTable(['EMAIL', 'ROLE', 'ID'], [['ann@ex.co', 'admin', '1'], ['bo@ex.co', 'user', '22']]);
    expect(text).toBe('EMAIL      ROLE   ID\nann@ex.co  admin  1\nbo@ex.co   user   22\n');
  });

  it('aligns columns by display width: CJK names and emoji take two columns each', () => {
    const text = formatTable(['NAME', 'ROLE'], [['李小龙', 'admin'], ['Ann', 'user'], ['Zoë 😀', 'user']]);
    expect(text).toBe('NAME    ROLE\n李小龙  admin\nAnn     user\nZoë 😀  user\n');
  });

  it('prints only the header when there are no rows', () => {
    expect(formatTable(['A', 'B'], [])).toBe('A  B\n');
  });
});

describe('formatPairs', () => {
  it('aligns the values', () => {
    expect(formatPairs([['Edition', 'community'], ['Seats left', '4']])).toBe('Edition:     community\nSeats left:  4\n');
  });
});

describe('formatDate', () => {
  it('prints UTC to the minute, "never" for null and "-" for unknown', () => {
    expect(formatDate(new Date(Date.UTC(2025, 0, 31, 14, 5, 59)))).toBe('2025-01-31 14:05 UTC');
    expect(formatDate(null)).toBe('never');
    expect(formatDate(undefined)).toBe('-');
  });
});
