import { ERROR_STATUS } from '@paddock/sdk';
import type { ErrorCode } from '@paddock/sdk';

export type { ErrorCode };

/** A refusal the client caused: carries a catalogue code; the HTTP boundary turns it into a reply. */
export class AppError extends Error {
  override name = 'AppError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

/** Returns `value`, or throws `code` when it is null or undefined. */
export function assertFound<T>(value: T | null | undefined, code: ErrorCode, message: string): T {
  if (value === null || value === undefined) throw new AppError(code, message);
  return value;
}

/** Throws `code` unless `condition` holds. */
export function assertThat(condition: unknown, code: ErrorCode, message: string): asserts condition {
  if (!condition) throw new AppError(code, message);
}
