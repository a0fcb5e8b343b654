import autocannon from 'autocannon';
import type { ServerProcess } from './processes.js';

/** One endpoint under load: a POST whose body is drawn at random from `bodies`. */
export interface Target {
  name: string;
  server: ServerProcess;
  path: string;
  bodies: readonly string[];
  /** Extra headers for this run (the bearer token), fetched fresh before each run. */
  headers: () => Record<string, string> | Promise<Record<string, string>>;
  /** Default `application/json`. */
  contentType?: string;
  /**
   * Bodies made from earlier answers (a rotated refresh token is good once): a pool, filled by
   * `starts()` before each run (more than the connections), where each request takes a body and
   * each answer puts back `next(answer)`.
   */
  chain?: { starts: () => Promise<string[]>; next: (answer: string) => string | undefined };
}

export interface Sample {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Server CPU time per answered request, microseconds; null where it cannot be read. */
  cpuMicros: number | null;
}

export const CONNECTIONS = 10;

/** Loads `target` for `seconds`; throws when any answer is not 2xx or a connection failed. */
export async function measure(target: Target, seconds: number): Promise<Sample> {
  const { bodies, chain } = target;
  const headers = { 'content-type': target.contentType ?? 'application/json', ...(await target.headers()) };
  const ready = chain ? await chain.starts() : [];
  const pick = () => bodies[Math.floor(Math.random() * bodies.length)];
  const cpuBefore = target.server.cpuSeconds();
  const result = await autocannon({
    url: target.server.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: target.path,
        headers,
        // autocannon resets a connection's context after every request, hence a shared pool.
        setupRequest: (request) => ({ ...request, body: chain ? ready.pop() : pick() }),
        ...(chain && {
          onResponse: (_status: number, answer: string) => {
            const next = chain.next(answer);
            if (next !== undefined) ready.push(next);
          },
        }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    const statuses = JSON.stringify(result.statusCodeStats ?? {});
    throw new Error(`${target.name}: ${result.non2xx} non-2xx answers and ${result.errors} connection errors (${result.timeouts} timeouts); status codes ${statuses}; the server printed:\n${target.server.output()}`);
  }
  const cpuAfter = target.server.cpuSeconds();
  const requests = result['2xx'];
  const cpuMicros = cpuBefore === null || cpuAfter === null || requests === 0 ? null : ((cpuAfter - cpuBefore) * 1e6) / requests;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, requests, cpuMicros };
}
