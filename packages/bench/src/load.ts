import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerProcess } from './processes.js';

/** One endpoint under load: a POST whose body is drawn at random from `bodies`. */
export interface Target {
  name: string;
  server: ServerProcess;
  path: string;
  bodies: readonly string[];
  /** Extra headers for this run (the bearer token), asked for before each run. */
  headers: () => Record<string, string> | Promise<Record<string, string>>;
  /** Default `application/json`. */
  contentType?: string;
  /**
   * Bodies made from earlier answers (a rotated refresh token is good once): a pool, filled by
   * `starts()` before each run (more than the connections); each request takes a body, and each
   * answer's `refresh_token` goes back as `prefix` followed by the token.
   */
  chain?: { starts: () => Promise<string[]>; prefix: string };
}

export interface Sample {
  rps: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  /** Server CPU time per answered request, microseconds; null where it cannot be read. */
  cpuMicros: number | null;
}

export const CONNECTIONS = 10;

/**
 * The cores of a 2-core (or larger) machine: the servers on one, wrk on the other, so the load
 * generator never takes CPU from the server it measures. Null on a single core (nothing pinned).
 */
export const CORES = cpus().length >= 2 ? { server: '0', load: '1' } : null;

const LUA = fileURLToPath(new URL('../lua/', import.meta.url));

/**
 * Makes sure `wrk` (Debian's package) is on the PATH: as root on a Debian machine, installs it
 * with apt-get; otherwise throws, saying how to install it.
 */
export function ensureWrk(log: (line: string) => void): void {
  if (spawnSync('wrk', ['--version']).error === undefined) return;
  const root = process.getuid?.() === 0;
  const apt = spawnSync('apt-get', ['--version']).error === undefined;
  if (!root || !apt) throw new Error('npm run bench needs wrk (the HTTP load generator): install it with `sudo apt-get install wrk` (Debian, Ubuntu) or from https://github.com/wg/wrk');
  log('wrk is missing: installing Debian\'s package (apt-get install -y wrk)');
  let install = spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (install.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
    install = spawnSync('apt-get', ['install', '-y', 'wrk'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (install.status !== 0 || spawnSync('wrk', ['--version']).error !== undefined) throw new Error('could not install wrk with apt-get: install it by hand (`apt-get install wrk`)');
}

interface WrkFigures {
  requests: number;
  duration_us: number;
  status_errors: number;
  socket_errors: number;
  p50_us: number;
  p99_us: number;
}

/** Loads `target` for `seconds` with wrk (one thread, pinned to the load core); throws when any answer is not 2xx/3xx or a socket failed. */
export async function measure(target: Target, seconds: number): Promise<Sample> {
  const dir = await mkdtemp(path.join(tmpdir(), 'paddock-wrk-'));
  try {
    const headers = { 'content-type': target.contentType ?? 'application/json', ...(await target.headers()) };
    const bodies = target.chain ? await target.chain.starts() : target.bodies;
    if (bodies.some((b) => b.includes('\n'))) throw new Error(`${target.name}: a body holds a newline (the bodies file has one per line)`);
    await writeFile(path.join(dir, 'bodies'), `${bodies.join('\n')}\n`);
    await writeFile(path.join(dir, 'headers'), Object.entries(headers).map(([k, v]) => `${k}: ${v}\n`).join(''));
    const script = path.join(LUA, target.chain ? 'chain.lua' : 'pick.lua');
    const wrkArgs = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, target.server.url, '--', target.path, path.join(dir, 'bodies'), path.join(dir, 'headers'), ...(target.chain ? [target.chain.prefix] : [])];
    const [command, args] = CORES ? ['taskset', ['-c', CORES.load, 'wrk', ...wrkArgs]] : ['wrk', wrkArgs];
    const cpuBefore = target.server.cpuSeconds();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    const cpuAfter = target.server.cpuSeconds();
    const json = output.split('\n').find((line) => line.startsWith('{"requests"'));
    if (code !== 0 || json === undefined) throw new Error(`${target.name}: wrk exited ${code}:\n${output}`);
    const figures = JSON.parse(json) as WrkFigures;
    if (figures.status_errors > 0 || figures.socket_errors > 0) {
      throw new Error(`${target.name}: ${figures.status_errors} answers of 4xx/5xx and ${figures.socket_errors} socket errors; the server printed:\n${target.server.output()}`);
    }
    const { requests } = figures;
    const cpuMicros = cpuBefore === null || cpuAfter === null || requests === 0 ? null : ((cpuAfter - cpuBefore) * 1e6) / requests;
    return { rps: requests / (figures.duration_us / 1e6), p50: figures.p50_us / 1000, p99: figures.p99_us / 1000, requests, cpuMicros };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
