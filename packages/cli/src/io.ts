import type { FetchLike } from '@paddock/sdk';

/** A stream the CLI writes to. */
export interface Output {
  write(chunk: string): unknown;
}

/** Standard input as the CLI reads it: a byte stream, with raw mode when it is a terminal. */
export type Input = NodeJS.ReadableStream & { setRawMode?: (mode: boolean) => unknown };

/**
 * Everything the CLI touches outside itself, so that tests run it in process: environment,
 * streams, the `fetch` to reach the server, where credentials live, and the clock.
 */
export interface Io {
  env: Readonly<Record<string, string | undefined>>;
  stdout: Output;
  stderr: Output;
  stdin: Input;
  /** Whether stdin is a terminal (the CLI may then prompt). */
  isTTY: boolean;
  fetch?: FetchLike;
  /** Where `credentials.json` lives; else `$PADDOCK_CONFIG_DIR`, else `~/.config/paddock`. */
  configDir?: string;
  now?: () => number;
  /** Waits between device-login polls (tests advance a fake clock instead). */
  sleep?: (ms: number) => Promise<void>;
}
