/** Runs the CLI in process, for tests: its output captured, its `fetch`, clock and config directory given. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FetchLike } from '@paddock/sdk';
import type { Input, Io } from '../src/io.js';
import { run } from '../src/run.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stdin?: string | Input;
  env?: Record<string, string>;
  isTTY?: boolean;
}

/** A fresh, empty config directory (it does not exist yet: the CLI creates it). */
export function freshConfigDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'paddock-cli-')), 'config');
}

/** A `fetch` for tests that must not reach any server. */
export const unreachable: FetchLike = async () => {
  throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
};

export async function runInProcess(
  args: string[],
  context: { url: string; fetch: FetchLike; configDir: string; now?: () => number; sleep?: (ms: number) => Promise<void> },
  options: RunOptions = {},
): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    env: { PADDOCK_URL: context.url, ...options.env },
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: typeof options.stdin === 'object' ? options.stdin : Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    isTTY: options.isTTY ?? false,
    fetch: context.fetch,
    configDir: context.configDir,
    ...(context.now && { now: context.now }),
    ...(context.sleep && { sleep: context.sleep }),
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

/** The CLI with no server behind it: for usage errors and help, which never reach one. */
export class Offline {
  readonly configDir = freshConfigDir();
  async run(args: string[], options: RunOptions = {}): Promise<RunResult> {
    return runInProcess(args, { url: 'http://paddock.test', fetch: unreachable, configDir: this.configDir }, options);
  }
}

export function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}
