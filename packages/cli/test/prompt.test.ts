import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { Input, Io } from '../src/io.js';
import { promptSecret, readStdin } from '../src/prompt.js';

type RawModeMock = ReturnType<typeof vi.fn<(mode: boolean) => void>>;

function terminal(typed: string): Input & { setRawMode: RawModeMock } {
  const stream = new PassThrough() as PassThrough & { setRawMode: RawModeMock };
  stream.setRawMode = vi.fn<(mode: boolean) => void>();
  stream.write(typed);
  return stream;
}

function io(stdin: Input, written: string[]): Io {
  return { env: {}, stdin, isTTY: true, stdout: { write: (s: string) => written.push(s) }, stderr: { write: (s: string) => written.push(s) } };
}

describe('promptSecret', () => {
  it('reads up to Enter in raw mode, honours backspace, and echoes nothing of the secret', async () => {
    const stdin = terminal('s3cretX\u007f\r');
    const written: string[] = [];
    expect(await promptSecret(io(stdin, written), 'Password: ')).toBe('s3cret');
    expect(stdin.setRawMode.mock.calls).toEqual([[true], [false]]);
    expect(written.join('')).toBe('Password: \n');
  });

  it('Ctrl-C cancels as a usage error and leaves raw mode', async () => {
    const stdin = terminal('ab\u0003');
    await expect(promptSecret(io(stdin, []), 'Password: ')).rejects.toMatchObject({ exitCode: 2 });
    expect(stdin.setRawMode).toHaveBeenLastCalledWith(false);
  });
});

describe('readStdin', () => {
  it('reads everything and drops the final line break only', async () => {
    const stdin = Readable.from(['pass', 'word \n']);
    expect(await readStdin(io(stdin, []))).toBe('password ');
  });
});
