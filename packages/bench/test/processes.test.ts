import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@paddock/server/dist/tools/scratch.js';
import { NODE_ARGS_VARIABLE, startServer, withNodeArgs } from '../src/processes.js';

/** A server that answers its own node flags. */
const SCRIPT = `
import { createServer } from 'node:http';
createServer((_request, response) => response.end(JSON.stringify(process.execArgv))).listen(Number(process.argv[2]), '127.0.0.1');
`;

describe('the servers of the bench', () => {
  let dir: string;
  let script: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'paddock-bench-processes-'));
    script = path.join(dir, 'argv-server.mjs');
    await writeFile(script, SCRIPT);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const flagsOfStarted = async (): Promise<string[]> => {
    const port = await freePort();
    const server = await startServer('argv', port, script, [String(port)], {}, '/');
    try {
      return (await (await fetch(server.url)).json()) as string[];
    } finally {
      await server.stop();
    }
  };

  it('starts a server with the node flags withNodeArgs gives, then puts the environment back as it was', async () => {
    const before = process.env[NODE_ARGS_VARIABLE];
    process.env[NODE_ARGS_VARIABLE] = '--stack-size=900';
    try {
      expect(await withNodeArgs('--max-semi-space-size=8 --stack-size=800', flagsOfStarted)).toEqual(['--max-semi-space-size=8', '--stack-size=800']);
      expect(process.env[NODE_ARGS_VARIABLE]).toBe('--stack-size=900');
      expect(await flagsOfStarted()).toEqual(['--stack-size=900']);
      // None given: the server starts with none, whatever the environment says.
      expect(await withNodeArgs(undefined, flagsOfStarted)).toEqual([]);
      // Put back even when the start fails.
      await expect(withNodeArgs('--stack-size=700', async () => Promise.reject(new Error('no start')))).rejects.toThrow('no start');
      expect(process.env[NODE_ARGS_VARIABLE]).toBe('--stack-size=900');
    } finally {
      if (before === undefined) delete process.env[NODE_ARGS_VARIABLE];
      else process.env[NODE_ARGS_VARIABLE] = before;
    }
  });
});
