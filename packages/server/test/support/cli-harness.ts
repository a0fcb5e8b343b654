/** The CLI in process against the real server (through the SDK's transport stub), for tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshConfigDir, runInProcess } from '../../../cli/test/in-process.js';
import type { RunOptions, RunResult } from '../../../cli/test/in-process.js';
import { ADMIN, BASE_URL } from './app.js';
import type { TestAppOptions } from './app.js';
import type { TestDatabase } from './databases.js';
import { sdkTest } from './sdk.js';
import type { SdkTest } from './sdk.js';

export { lines } from '../../../cli/test/in-process.js';

export interface StoredLogin {
  accessToken: string;
  refreshToken: string | null;
}

export class CliHarness {
  readonly configDir = freshConfigDir();
  private constructor(readonly t: SdkTest) {}

  static async start(database: TestDatabase, options: TestAppOptions = {}): Promise<CliHarness> {
    return new CliHarness(await sdkTest(database, options));
  }

  get transport(): SdkTest['transport'] {
    return this.t.transport;
  }

  /** Runs `paddock <args>`; the CLI's clock is the transport's, and its waits move that clock. */
  async run(args: string[], options: RunOptions = {}): Promise<RunResult> {
    const transport = this.t.transport;
    return runInProcess(args, { url: BASE_URL, fetch: transport.fetch, configDir: this.configDir, now: transport.now, sleep: async (ms) => transport.advance(ms) }, options);
  }

  /** Logs in through `paddock login`, failing loudly if that fails. */
  async login(email: string = ADMIN.email, password: string = ADMIN.password): Promise<void> {
    const result = await this.run(['login', '--username', email, '--password-stdin'], { stdin: `${password}\n` });
    if (result.code !== 0) throw new Error(`login failed: ${result.stderr}`);
  }

  /** What `credentials.json` holds for the test server. */
  credentials(): { lastUser: string; users: Record<string, StoredLogin> } | undefined {
    const file = JSON.parse(readFileSync(join(this.configDir, 'credentials.json'), 'utf8')) as { servers: Record<string, { lastUser: string; users: Record<string, StoredLogin> }> };
    return file.servers[BASE_URL];
  }

  close(): Promise<void> {
    return this.t.close();
  }
}
