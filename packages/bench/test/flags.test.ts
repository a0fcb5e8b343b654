import { describe, expect, it } from 'vitest';
import { readDialects } from '../src/dialects.js';
import { BENCH_PARTS, COMPARED_PARTS, mixedModes, readFlags, readParts, readWhole } from '../src/flags.js';

const CONFIG = { options: { rounds: { type: 'string', default: '3' }, json: { type: 'boolean', default: false } }, strict: true } as const;
const USAGE = 'Usage: bench [--rounds N] [--json]';

describe("a bench script's flags", () => {
  it('reads the flags it knows, with their defaults', () => {
    expect(readFlags(CONFIG, USAGE, ['--rounds', '5'])).toEqual({ values: { rounds: '5', json: false } });
    expect(readFlags(CONFIG, USAGE, [])).toEqual({ values: { rounds: '3', json: false } });
  });

  it('answers the usage with exit code 0 for --help or -h, wherever it is', () => {
    for (const args of [['--help'], ['-h'], ['--rounds', '5', '--help'], ['--bogus', '-h']]) {
      expect(readFlags(CONFIG, USAGE, args), args.join(' ')).toEqual({ exitCode: 0, text: USAGE });
    }
  });

  it('answers exit code 2 with the usage, not a stack trace, for an unknown flag or a missing value', () => {
    for (const args of [['--bogus'], ['--rounds'], ['stray']]) {
      const read = readFlags(CONFIG, USAGE, args);
      expect(read, args.join(' ')).toMatchObject({ exitCode: 2 });
      expect('text' in read && read.text.endsWith(USAGE), args.join(' ')).toBe(true);
    }
  });

  it('reads a whole number of at least the least a flag takes, and says what is wrong with anything else', () => {
    expect(readWhole('1000', '--users', 1000)).toEqual({ value: 1000 });
    expect(readWhole('1e6', '--users', 1000)).toEqual({ value: 1_000_000 });
    for (const text of ['999', '0', '-5', '1.5', 'many', '', ' ']) {
      const read = readWhole(text, '--users', 1000);
      expect(read, text).toHaveProperty('error');
      expect('error' in read && read.error.startsWith('--users '), text).toBe(true);
    }
  });
});

describe("a bench script's databases (--db)", () => {
  it('runs on SQLite alone by default, on both when a PostgreSQL URL is given, or as the flag says', () => {
    expect(readDialects(undefined, undefined)).toEqual({ dialects: ['sqlite'] });
    expect(readDialects(undefined, 'postgres://x')).toEqual({ dialects: ['sqlite', 'postgres'] });
    expect(readDialects('sqlite', 'postgres://x')).toEqual({ dialects: ['sqlite'] });
    expect(readDialects('postgres', 'postgres://x')).toEqual({ dialects: ['postgres'] });
    expect(readDialects('both', 'postgres://x')).toEqual({ dialects: ['sqlite', 'postgres'] });
  });

  it('refuses another database, and PostgreSQL without its URL', () => {
    for (const [flag, url] of [['mysql', 'postgres://x'], ['postgres', undefined], ['both', undefined], ['', undefined]] as const) {
      expect(readDialects(flag, url), `${flag} ${url}`).toHaveProperty('error');
    }
  });
});

describe("the request-rate bench's parts (--only)", () => {
  it('measures every part when the flag is absent, or the parts it names', () => {
    expect(readParts(undefined, BENCH_PARTS)).toEqual({ parts: new Set(['lookup', 'page', 'tokens']) });
    expect(readParts('lookup', BENCH_PARTS)).toEqual({ parts: new Set(['lookup']) });
    expect(readParts('page, tokens', BENCH_PARTS)).toEqual({ parts: new Set(['page', 'tokens']) });
  });

  it('says what is wrong with a part it does not know, or with no part at all', () => {
    for (const text of ['', ' ', 'lookups', 'lookup,', 'lookup,bogus', ',']) {
      const read = readParts(text, BENCH_PARTS);
      expect(read, text).toHaveProperty('error');
      expect('error' in read && read.error.startsWith('--only '), text).toBe(true);
    }
  });

  it('knows only the parts it is given (compare.js measures no tokens)', () => {
    expect(readParts(undefined, COMPARED_PARTS)).toEqual({ parts: new Set(['lookup', 'page']) });
    expect(readParts('page', COMPARED_PARTS)).toEqual({ parts: new Set(['page']) });
    expect(readParts('tokens', COMPARED_PARTS)).toHaveProperty('error');
    expect(readParts('lookup,tokens', COMPARED_PARTS)).toHaveProperty('error');
  });
});

describe("run.js's two modes", () => {
  it("takes each mode's own flags", () => {
    expect(mixedModes({})).toBeNull();
    expect(mixedModes({ rounds: '5', seconds: '3', only: 'lookup' })).toBeNull();
    expect(mixedModes({ users: '1000000', db: 'sqlite', data: '/tmp/x' })).toBeNull();
  });

  it("refuses the other mode's flags, naming each, rather than ignoring them", () => {
    expect(mixedModes({ users: '1000', rounds: '5', only: 'page' })).toMatch(/ --rounds, --only:/);
    expect(mixedModes({ users: '1000', seconds: '5' })).toMatch(/ --seconds:/);
    expect(mixedModes({ db: 'postgres' })).toMatch(/^--db:/);
    expect(mixedModes({ rounds: '2', data: '/tmp/x', db: 'both' })).toMatch(/^--db, --data:/);
  });
});
