import type { Mailer, MailMessage } from '../../src/mail.js';

/** Keeps every message in memory, for tests to read the links in them. */
export class CapturingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  /** When set, send() fails with it (a mail relay that is down). */
  failWith: Error | null = null;

  async send(message: MailMessage): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push(message);
  }

  /** The messages to one address. */
  to(email: string): MailMessage[] {
    return this.sent.filter((m) => m.to === email);
  }

  /** The invitation link in the latest message to `email`. */
  linkFor(email: string): string {
    const message = this.to(email).at(-1);
    const link = message?.text.match(/https?:\/\/\S+\/invite\/[\w-]+/)?.[0];
    if (!link) throw new Error(`no invitation link mailed to ${email}`);
    return link;
  }
}
