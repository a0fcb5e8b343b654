import { CLI_MAIN, run } from './process.js';

export type CliResult = Awaited<ReturnType<typeof run>>;

/** Runs the built `paddock` CLI to completion with exactly `env` (plus PATH) and `input` on stdin. */
export async function runCli(args: string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return run(process.execPath, [CLI_MAIN, ...args], options);
}
