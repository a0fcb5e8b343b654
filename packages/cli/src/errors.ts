import { CommanderError } from 'commander';
import { PaddockError } from '@paddock/sdk';
import type { ErrorCode } from '@paddock/sdk';

/** Exit codes: 0 success, 1 not found or refused, 2 usage, 3 unreachable server or not logged in. */
export const EXIT = { OK: 0, REFUSED: 1, USAGE: 2, UNAVAILABLE: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The code of a failure the CLI reports: the API's codes, `USAGE` for a malformed command line, and
 * `REFUSED` for anything else the CLI itself refuses.
 */
export type CliErrorCode = ErrorCode | 'USAGE' | 'REFUSED';

/** A failure the CLI itself detects, with the exit code it ends with and its code for `--json`. */
export class CliError extends Error {
  override name = 'CliError';
  readonly code: CliErrorCode;
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.REFUSED,
    code?: CliErrorCode,
  ) {
    super(message);
    this.code = code ?? (exitCode === EXIT.USAGE ? 'USAGE' : exitCode === EXIT.UNAVAILABLE ? 'UNAUTHENTICATED' : 'REFUSED');
  }
}

const EXIT_FOR_CODE: Partial<Record<ErrorCode, ExitCode>> = {
  UNAVAILABLE: EXIT.UNAVAILABLE,
  UNAUTHENTICATED: EXIT.UNAVAILABLE,
  INVALID_REQUEST: EXIT.USAGE,
  VALIDATION_FAILED: EXIT.USAGE,
};

/** What the SDK says when a stored login can no longer be renewed (see its `loginEnded` detail). */
export const LOGIN_ENDED =
  'Your login has ended (the session was revoked, or your account was deactivated or changed); log in again: paddock login';

/** One failure as the CLI reports it. */
interface Report {
  code: CliErrorCode;
  message: string;
  exitCode: ExitCode;
}

function describe(err: unknown): Report {
  if (err instanceof PaddockError) {
    if (err.code === 'UNAUTHENTICATED' && err.details?.['loginEnded'] === true) {
      return { code: err.code, message: LOGIN_ENDED, exitCode: EXIT.UNAVAILABLE };
    }
    const hint = err.code === 'UNAUTHENTICATED' ? ' Run `paddock login`.' : '';
    return { code: err.code, message: `${oneLine(err.message)}${hint}`, exitCode: EXIT_FOR_CODE[err.code] ?? EXIT.REFUSED };
  }
  if (err instanceof CliError) return { code: err.code, message: oneLine(err.message), exitCode: err.exitCode };
  if (err instanceof CommanderError) {
    const message = err.code === 'commander.help' ? 'a subcommand is missing; see --help' : oneLine(err.message.replace(/^error: /, ''));
    return { code: 'USAGE', message, exitCode: EXIT.USAGE };
  }
  return { code: 'INTERNAL', message: oneLine(err instanceof Error ? err.message : String(err)), exitCode: EXIT.REFUSED };
}

/**
 * Reports `err` as one line on stderr and answers the exit code: `error: CODE: message` (or
 * `error: message` for the CLI's own refusals), or with `json`, `{"error": "CODE", "message": "..."}`.
 * Never a stack trace, unless `debug` (PADDOCK_DEBUG) is set. Commander already printed its own
 * usage errors, except with `json` (see `buildProgram`).
 */
export function reportError(err: unknown, write: (line: string) => void, options: { debug: boolean; json: boolean }): number {
  if (err instanceof CommanderError && (err.exitCode === 0 || !options.json)) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  if (options.debug && err instanceof Error && err.stack) write(`${err.stack}\n`);
  const report = describe(err);
  if (options.json) write(`${JSON.stringify({ error: report.code, message: report.message })}\n`);
  else if (err instanceof PaddockError) write(`error: ${report.code}: ${report.message}\n`);
  else write(`error: ${report.message}\n`);
  return report.exitCode;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
