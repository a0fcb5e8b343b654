import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { measure } from '../src/load.js';
import type { Target } from '../src/load.js';
import type { ServerProcess } from '../src/processes.js';

/** An in-process HTTP server standing in for a measured one; `answer` decides each reply. */
async function serve(answer: (body: string, request: IncomingMessage, response: ServerResponse) => void): Promise<{ server: ServerProcess; http: Server }> {
  const http = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => void (body += chunk.toString()));
    request.on('end', () => answer(body, request, response));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const server: ServerProcess = { url: `http://127.0.0.1:${port}`, pid: process.pid, cpuSeconds: () => null, output: () => '(test server)', stop: async () => {} };
  return { server, http };
}

const open: Server[] = [];
afterEach(async () => {
  for (const http of open.splice(0)) await new Promise((resolve) => http.close(resolve));
});

const target = (server: ServerProcess, extra: Partial<Target> = {}): Target => ({
  name: 'test target',
  server,
  path: '/call',
  bodies: ['{"n":1}', '{"n":2}', '{"n":3}'],
  headers: () => ({ authorization: 'Bearer t0k3n' }),
  ...extra,
});

describe('bench load (wrk)', () => {
  it('POSTs bodies drawn from the target, with its path and headers, and counts the answers', async () => {
    const seen = new Set<string>();
    let wrong = 0;
    const { server, http } = await serve((body, request, response) => {
      if (request.method !== 'POST' || request.url !== '/call' || request.headers.authorization !== 'Bearer t0k3n' || request.headers['content-type'] !== 'application/json') wrong++;
      seen.add(body);
      response.end('{}');
    });
    open.push(http);
    const sample = await measure(target(server), 1);
    expect(wrong).toBe(0);
    expect([...seen].sort()).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(sample.requests).toBeGreaterThan(100);
    expect(sample.rps).toBeGreaterThan(100);
    expect(sample.p99).toBeGreaterThanOrEqual(sample.p50);
    expect(sample.cpuMicros).toBeNull();
  });

  it('fails the run when any answer is an error status', async () => {
    let count = 0;
    const { server, http } = await serve((_body, _request, response) => {
      response.statusCode = ++count % 50 === 0 ? 500 : 200;
      response.end('{}');
    });
    open.push(http);
    await expect(measure(target(server), 1)).rejects.toThrow(/4xx\/5xx/);
  });

  it('chains rotating bodies: each answer gives the next body, and no body is sent twice', async () => {
    let issued = 0;
    const used = new Set<string>();
    let reused = 0;
    const { server, http } = await serve((body, _request, response) => {
      if (used.has(body) || !body.startsWith('grant=r&token=')) reused++;
      used.add(body);
      response.end(JSON.stringify({ access_token: 'a', refresh_token: `rt-${++issued}` }));
    });
    open.push(http);
    const starts = async () => Array.from({ length: 32 }, (_, i) => `grant=r&token=start-${i}`);
    const sample = await measure(target(server, { bodies: [], contentType: 'application/x-www-form-urlencoded', chain: { starts, prefix: 'grant=r&token=' } }), 1);
    expect(reused).toBe(0);
    expect(sample.requests).toBeGreaterThan(100);
    expect(used.has('grant=r&token=rt-1')).toBe(true);
  });
});
