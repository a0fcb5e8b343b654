import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The process id (for /proc/<pid>/status). */
  pid: number;
  /** CPU seconds (user + system) the process has used so far; null where /proc is missing. */
  cpuSeconds: () => number | null;
  /** The end of what the process printed, and its exit code once it has exited. */
  output: () => string;
  stop: () => Promise<void>;
}

/** Linux's /proc/<pid>/stat: utime and stime, in clock ticks (USER_HZ, 100 on Linux). */
function cpuSecondsOf(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (comm) ": state is field 3, utime field 14, stime field 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** The parent's environment without PADDOCK_* variables, so a developer's shell cannot leak in. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PADDOCK_')));
  return { ...env, ...extra };
}

/** The environment variable of the node flags every server of the bench starts with (see `startServer`). */
export const NODE_ARGS_VARIABLE = 'PADDOCK_BENCH_NODE_ARGS';

/**
 * `start()` with PADDOCK_BENCH_NODE_ARGS set to `nodeArgs` while it runs, then as it was: compare.js
 * starts each build with flags of its own, through the base checkout's own `startPaddock`, which
 * reads them from the environment as it spawns the server. Only for starts made one at a time.
 */
export async function withNodeArgs<T>(nodeArgs: string | undefined, start: () => Promise<T>): Promise<T> {
  const before = process.env[NODE_ARGS_VARIABLE];
  const set = (value: string | undefined) => {
    if (value === undefined) delete process.env[NODE_ARGS_VARIABLE];
    else process.env[NODE_ARGS_VARIABLE] = value;
  };
  set(nodeArgs);
  try {
    return await start();
  } finally {
    set(before);
  }
}

/**
 * Starts `node <script> ...args` (with PADDOCK_BENCH_NODE_ARGS before the script, e.g.
 * `--cpu-prof` to profile the servers), pinned to the CPU `cpu` when given (through `taskset`,
 * which execs node, so the pid is node's), and waits until GET `<url><readyPath>` answers 200.
 * On failure the error carries the end of the child's output.
 */
export async function startServer(name: string, port: number, script: string, args: string[], env: Record<string, string>, readyPath: string, cpu?: string): Promise<ServerProcess> {
  const url = `http://127.0.0.1:${port}`;
  const nodeArgs = process.env[NODE_ARGS_VARIABLE]?.split(' ').filter(Boolean) ?? [];
  const command = [process.execPath, ...nodeArgs, script, ...args];
  const [file = process.execPath, ...rest] = cpu === undefined ? command : ['taskset', '-c', cpu, ...command];
  const child = spawn(file, rest, { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exit = once(child, 'exit').then(() => {
    exited = true;
  });

  let stopping = false;
  const stop = async () => {
    if (exited) return;
    stopping = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 30_000;
  while (!(await answers(url + readyPath))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not start (${exited ? `exit code ${child.exitCode}` : 'no answer in 30 s'}):\n${output}`);
    }
    await sleep(100);
  }
  const ending = () => `\n[exited during the bench: code ${child.exitCode}, signal ${child.signalCode}${stopping ? '' : '; the bench did not stop it'}]`;
  const describe = () => `${output.trimEnd() || '(no output)'}${exited ? ending() : ''}`;
  return { url, pid: child.pid ?? -1, cpuSeconds: () => cpuSecondsOf(child.pid), output: describe, stop };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}
