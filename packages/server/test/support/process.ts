import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort as anyFreePort } from '../../src/tools/scratch.js';

const handedOut = new Set<number>();

/** A port that was free a moment ago and that this process has not handed out before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

const PORT_IN_USE = 'PADDOCK_PORT: the port is already in use';

export const SERVER_MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
export const CLI_MAIN = fileURLToPath(new URL('../../../cli/dist/main.js', import.meta.url));


export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'paddock-'));
}

export interface ServerProcess {
  url: string;
  stdout: () => string;
  stderr: () => string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `paddock-server` as a real process and waits until it says it is running. A free port can
 * be taken by another process (another test file, another worktree) before the server binds it: the
 * server then exits naming PADDOCK_PORT, and it is started again on another port.
 */
export async function startServer(env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOnce(env, timeoutMs);
    } catch (err) {
      if (attempt >= 5 || !(err instanceof Error) || !err.message.includes(PORT_IN_USE)) throw err;
    }
  }
}

async function startServerOnce(env: Record<string, string>, timeoutMs: number): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { PATH: process.env['PATH'] ?? '', PADDOCK_PORT: String(port), PADDOCK_LOG_LEVEL: 'warn', PADDOCK_DATA_DIR: tempDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const closed = once(child, 'close').catch(() => undefined);
  const started = Date.now();
  while (!out.includes('Paddock is running at')) {
    if (child.exitCode !== null) {
      await closed; // what it said last may still sit in the pipe
      throw new Error(`server exited ${child.exitCode}: ${err}`);
    }
    if (Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`server did not start: ${out} ${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}

/**
 * Runs a command to completion: exit code, stdout, stderr. Waits for 'close', not 'exit': output
 * may still sit in the pipes when 'exit' fires.
 */
export async function run(command: string, args: string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(command, args, { env: { PATH: process.env['PATH'] ?? '', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.on('error', () => {}); // a program that exits without reading stdin closes the pipe early
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}
