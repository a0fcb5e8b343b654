import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outboxMailer } from '../../src/mail.js';
import { TestClock } from '../support/services.js';

describe('outbox mailer', () => {
  it('writes each message as a 0600 .eml file under the outbox (0700) and logs the recipient, never the content', async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'paddock-mail-')), 'outbox');
    const logged: unknown[] = [];
    const mailer = outboxMailer({ dir, clock: new TestClock(Date.UTC(2026, 0, 2, 3, 4, 5)), log: { info: (details, message) => logged.push([details, message]) } });
    await mailer.send({ to: 'ann@x.io', subject: 'Set your\r\nBcc: evil@x.io password', text: 'https://p.example/invite/secret-token' });
    await mailer.send({ to: 'ann@x.io', subject: 'again', text: 'second', html: '<p>second</p>' });

    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['2026-01-02T03-04-05-000Z-ann@x.io-1.eml', '2026-01-02T03-04-05-000Z-ann@x.io.eml']);
    for (const file of files) expect(statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);
    const first = readFileSync(path.join(dir, files[1]!), 'utf8');
    expect(first).toContain('To: ann@x.io\r\n');
    expect(first).toContain('Subject: Set your Bcc: evil@x.io password\r\n');
    expect(first).toContain('https://p.example/invite/secret-token');
    expect(readFileSync(path.join(dir, files[0]!), 'utf8')).toContain('Content-Type: multipart/alternative');
    expect(JSON.stringify(logged)).not.toContain('secret-token');
    expect(logged).toHaveLength(2);
  });
});
