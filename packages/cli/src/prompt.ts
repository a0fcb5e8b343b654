import { createInterface } from 'node:readline/promises';
import { CliError, EXIT } from './errors.js';
import type { Io } from './io.js';

/** All of stdin, without the final line break (for `--password-stdin`). */
export async function readStdin(io: Io): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  return text.replace(/\r?\n$/, '');
}

/** Asks for a line on the terminal, echoed. */
export async function promptLine(io: Io, question: string): Promise<string> {
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream, terminal: false });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/** Asks for a secret on the terminal without echoing it. */
export async function promptSecret(io: Io, question: string): Promise<string> {
  const { stdin } = io;
  if (typeof stdin.setRawMode !== 'function') return promptLine(io, question);
  io.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let secret = '';
      const onData = (chunk: Buffer | string): void => {
        for (const char of chunk.toString()) {
          if (char === '\r' || char === '\n' || char === '\u0004') {
            stdin.off('data', onData);
            resolve(secret);
            return;
          }
          if (char === '\u0003') {
            stdin.off('data', onData);
            reject(new CliError('cancelled', EXIT.USAGE));
            return;
          }
          secret = char === '\u007f' || char === '\b' ? secret.slice(0, -1) : secret + char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    io.stderr.write('\n');
  }
}
