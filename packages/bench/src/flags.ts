import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

type Values<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>['values'];

/** What a bench script's command line asks: its flags, or to stop with a text and an exit code. */
export type FlagsRead<T extends ParseArgsConfig> = { values: Values<T> } | { exitCode: 0 | 2; text: string };

/**
 * Reads `args` by `config`: `--help` (or `-h`) anywhere answers `usage` with exit code 0; a flag
 * `config` does not know, or one without its value, answers what is wrong and `usage`, with 2.
 */
export function readFlags<const T extends ParseArgsConfig>(config: T, usage: string, args: readonly string[]): FlagsRead<T> {
  if (args.some((arg) => arg === '--help' || arg === '-h')) return { exitCode: 0, text: usage };
  try {
    return { values: parseArgs({ ...config, args: [...args] }).values };
  } catch (err) {
    return { exitCode: 2, text: `${err instanceof Error ? err.message : String(err)}\n\n${usage}` };
  }
}

/** `readFlags` of this process's arguments: prints the text (help to stdout, a mistake to stderr) and exits where it stops. */
export function benchFlags<const T extends ParseArgsConfig>(config: T, usage: string): Values<T> {
  const read = readFlags(config, usage, process.argv.slice(2));
  if ('values' in read) return read.values;
  (read.exitCode === 0 ? process.stdout : process.stderr).write(`${read.text}\n`);
  process.exit(read.exitCode);
}

/** Stops a bench script on a mistake in its command line: what is wrong, then the usage, on stderr; exit code 2. */
export function exitWithUsage(error: string, usage: string): never {
  process.stderr.write(`${error}\n\n${usage}\n`);
  process.exit(2);
}

/** `text` read as a whole number of at least `least`, or what is wrong with it for the flag `name`. */
export function readWhole(text: string, name: string, least: number): { value: number } | { error: string } {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < least) return { error: `${name} takes a whole number, ${least.toLocaleString('en')} or more (got "${text}")` };
  return { value };
}

/** `readWhole`, or exits 2 with what is wrong and `usage`. */
export function wholeFlag(text: string, name: string, least: number, usage: string): number {
  const read = readWhole(text, name, least);
  if ('value' in read) return read.value;
  return exitWithUsage(read.error, usage);
}

/** What the request-rate bench can measure, each beside its floors: `--only` picks some. */
export const BENCH_PARTS = ['lookup', 'page', 'tokens'] as const;
/** What compare.js can measure of two builds side by side. */
export const COMPARED_PARTS = ['lookup', 'page'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

/**
 * `--only`'s comma-separated parts, each one of `known` (all of them when the flag is absent), or
 * what is wrong with it. The bare POST baseline is measured whatever is picked.
 */
export function readParts<const P extends string>(text: string | undefined, known: readonly P[]): { parts: ReadonlySet<P> } | { error: string } {
  if (text === undefined) return { parts: new Set(known) };
  const named = text.split(',').map((part) => part.trim());
  const unknown = named.filter((part) => !(known as readonly string[]).includes(part));
  if (text.trim() === '' || unknown.length > 0) {
    return { error: `--only takes one or more of ${known.join(', ')}, separated by commas (got "${text}")` };
  }
  return { parts: new Set(named as P[]) };
}

/** `readParts`, or exits 2 with what is wrong and `usage`. */
export function partsFlag<const P extends string>(text: string | undefined, known: readonly P[], usage: string): ReadonlySet<P> {
  const read = readParts(text, known);
  if ('parts' in read) return read.parts;
  return exitWithUsage(read.error, usage);
}

/** The flags of `run.js` that belong to one of its two modes: the request rates, or the scale mode (`--users`). */
const RATE_FLAGS = ['rounds', 'seconds', 'only'] as const;
const SCALE_FLAGS = ['db', 'data'] as const;
type ModeFlag = 'users' | (typeof RATE_FLAGS)[number] | (typeof SCALE_FLAGS)[number];

/**
 * What is wrong with mixing the two modes' flags (each would be ignored by the other mode), or null:
 * `--rounds`, `--seconds` and `--only` measure request rates; `--db` and `--data` go with `--users`.
 */
export function mixedModes(values: Partial<Record<ModeFlag, string>>): string | null {
  const given = (names: readonly ModeFlag[]) => names.filter((name) => values[name] !== undefined).map((name) => `--${name}`);
  if (values.users !== undefined) {
    const stray = given(RATE_FLAGS);
    return stray.length > 0 ? `the scale mode (--users) takes no ${stray.join(', ')}: those set the request-rate bench` : null;
  }
  const stray = given(SCALE_FLAGS);
  return stray.length > 0 ? `${stray.join(', ')}: only with --users N (the scale mode)` : null;
}
