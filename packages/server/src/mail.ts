import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from './deps.js';

/** One message: plain text, and optionally an HTML alternative. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends mail. Injected at the composition root; tests capture the messages instead. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export interface MailLog {
  info(details: Record<string, unknown>, message: string): void;
}

/** A file name part made only of safe characters (emails are validated, but names are not the place to trust that). */
function safe(part: string): string {
  return part.replace(/[^\w.@+-]/g, '_').slice(0, 200);
}

/** Header values without line breaks, so a subject cannot add headers. */
function header(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

export function formatEml(message: MailMessage, date: Date): string {
  const head = [`Date: ${date.toUTCString()}`, `To: ${header(message.to)}`, `Subject: ${header(message.subject)}`, 'MIME-Version: 1.0'];
  if (message.html === undefined) {
    return [...head, 'Content-Type: text/plain; charset=utf-8', '', message.text, ''].join('\r\n');
  }
  const boundary = `paddock-${randomBytes(12).toString('hex')}`;
  return [
    ...head,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    message.text,
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    '',
    message.html,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

/**
 * The default mailer: writes each message as an .eml file under `dir` (mode 0600, the directory
 * 0700), for an operator or a mail relay to pick up, and logs one line without the content: the
 * content holds secret links.
 */
export function outboxMailer(options: { dir: string; clock: Clock; log: MailLog }): Mailer {
  const { dir, clock, log } = options;
  return {
    async send(message) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const date = new Date(clock.now());
      const stamp = date.toISOString().replace(/[:.]/g, '-');
      const base = `${stamp}-${safe(message.to)}`;
      const content = formatEml(message, date);
      for (let attempt = 0; ; attempt++) {
        const file = path.join(dir, `${attempt === 0 ? base : `${base}-${attempt}`}.eml`);
        try {
          await writeFile(file, content, { mode: 0o600, flag: 'wx' });
          log.info({ to: message.to, file }, 'mail written to the outbox');
          return;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw err;
        }
      }
    },
  };
}

/** For apps built without a data directory: the message is dropped (its secret link never logged). */
export function discardingMailer(log: MailLog): Mailer {
  return {
    async send(message) {
      log.info({ to: message.to }, 'mail discarded: no outbox is configured');
    },
  };
}
