import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const API_CLIENT_SECRET_FILE = 'api-client-secret';

async function readSecret(file: string): Promise<string | undefined> {
  try {
    const secret = (await readFile(file, 'utf8')).trim();
    if (secret === '') throw new Error(`${file} is empty: delete it to have a new secret generated, or set PADDOCK_API_CLIENT_SECRET`);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The secret of `api-client`: the configured one, else the one stored in `<dataDir>/api-client-secret`,
 * generated on first start (32 random bytes, base64url, file mode 0600).
 */
export async function resolveApiClientSecret(configured: string | null, dataDir: string): Promise<string> {
  if (configured !== null) return configured;
  const file = path.join(dataDir, API_CLIENT_SECRET_FILE);
  const existing = await readSecret(file);
  if (existing !== undefined) return existing;
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  // Written aside, then linked into place: the file appears whole, and when two processes start at
  // once one link wins and the other reads the winner's secret.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temporary, file);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = await readSecret(file);
    if (winner === undefined) throw err;
    return winner;
  } finally {
    await rm(temporary, { force: true });
  }
}
