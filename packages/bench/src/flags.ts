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
