import { PaddockError } from '@paddock/sdk';

export interface Problem {
  code: string;
  message: string;
}

/** What to show for a failure: the API's own sentence and code, or the browser's for a network failure. */
export function problemOf(err: unknown): Problem {
  if (err instanceof PaddockError) return { code: err.code, message: err.message };
  if (err instanceof Error) return { code: 'INTERNAL', message: err.message };
  return { code: 'INTERNAL', message: String(err) };
}
