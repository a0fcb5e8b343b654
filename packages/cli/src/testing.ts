/** Runs the CLI in process against the SDK's fake Paddock, for tests. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FAKE_URL, FakePaddock } from '../../sdk/src/testing/fake-server.js';
import type { Input, Io } from './io.js';
import { run } from './run.js';

export const ADMIN = { email: 'admin@ex.co', password: 'admin-pw' } as const;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class Harness {
  readonly fake = new FakePaddock();
  readonly configDir = join(mkdtempSync(join(tmpdir(), 'paddock-cli-')), 'config');

  constructor() {
    this.fake.addUser({ email: ADMIN.email, password: ADMIN.password, role: 'admin' });
  }

  async run(
    args: string[],
    options: { stdin?: string | Input; env?: Record<string, string>; isTTY?: boolean } = {},
  ): Promise<RunResult> {
    let stdout = '';
    let stderr = '';
    const io: Io = {
      env: { PADDOCK_URL: FAKE_URL, ...options.env },
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      stdin: typeof options.stdin === 'object' ? options.stdin : Readable.from(options.stdin === undefined ? [] : [options.stdin]),
      isTTY: options.isTTY ?? false,
      fetch: this.fake.fetch,
      configDir: this.configDir,
      now: this.fake.now,
      sleep: async (ms: number) => this.fake.advance(ms),
    };
    const code = await run(args, io);
    return { code, stdout, stderr };
  }

  /** Logs in as the admin through `paddock login`, failing loudly if that fails. */
  async login(email: string = ADMIN.email, password: string = ADMIN.password): Promise<void> {
    const result = await this.run(['login', '--username', email, '--password-stdin'], { stdin: `${password}\n` });
    if (result.code !== 0) throw new Error(`login failed: ${result.stderr}`);
  }
}
