import { describe, expect, it } from 'vitest';
import { readFlags } from '../src/flags.js';

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
});
