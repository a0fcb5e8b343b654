import { CommanderError } from 'commander';
import { PaddockError } from '@paddock/sdk';
import type { ErrorCode } from '@paddock/sdk';

/** Exit codes: 0 success, 1 not found or refused, 2 usage, 3 unreachable server or not logged in. */
export const EXIT = { OK: 0, REFUSED: 1, USAGE: 2, UNAVAILABLE: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI itself detects, with the exit code it ends with. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.REFUSED,
  ) {
    super(message);
  }
}

const EXIT_FOR_CODE: Partial<Record<ErrorCode, ExitCode>> = {
  UNAVAILABLE: EXIT.UNAVAILABLE,
  UNAUTHENTICATED: EXIT.UNAVAILABLE,
  INVALID_REQUEST: EXIT.USAGE,
  VALIDATION_FAILED: EXIT.USAGE,
};

/**
 * Reports `err` as one line on stderr (never a stack trace, unless PADDOCK_DEBUG is set) and
 * answers the exit code.
 */
export function reportError(err: unknown, write: (line: string) => void, debug: boolean): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE; // commander wrote it
  if (debug && err instanceof Error && err.stack) write(`${err.stack}\n`);
  if (err instanceof PaddockError) {
    const hint = err.code === 'UNAUTHENTICATED' ? ' Run `paddock login`.' : '';
    write(`error: ${err.code}: ${oneLine(err.message)}${hint}\n`);
    return EXIT_FOR_CODE[err.code] ?? EXIT.REFUSED;
  }
  if (err instanceof CliError) {
    write(`error: ${oneLine(err.message)}\n`);
    return err.exitCode;
  }
  write(`error: ${oneLine(err instanceof Error ? err.message : String(err))}\n`);
  return EXIT.REFUSED;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
