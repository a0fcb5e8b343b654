import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Option } from 'commander';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import type { Client, ImportOutcome, ImportUser, User } from '@paddock/sdk';
import { action, examples } from '../context.js';
import type { Context, Runtime } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import type { Output } from '../io.js';
import { Progress, formatCount } from '../progress.js';
import { USER_COLUMNS, formatOfName, parseUsersFile, repeatedRows } from '../user-files.js';
import type { UsersFileFormat } from '../user-files.js';

type ImportOptions = { format?: UsersFileFormat; dryRun?: boolean; batch: string };
type ExportOptions = { format: UsersFileFormat; output?: string };

const FORMATS = ['csv', 'jsonl'];
/** Rows per call: the server takes up to 100,000; smaller steps show progress. */
const DEFAULT_BATCH = 5000;
const EXPORT_PAGE = 1000;

export function registerUserFiles(users: Command, rt: Runtime): void {
  const importCmd = users
    .command('import')
    .description('create users from a CSV or JSON Lines file, each with their default workspace (admins)')
    .argument('<file>', `columns: ${USER_COLUMNS.join(', ')} (email required; role admin|user, status active|inactive, password_hash argon2id)`)
    .addOption(new Option('--format <format>', 'the file format (default: from the name, .csv or .jsonl)').choices(FORMATS))
    .option('--dry-run', 'check every row and the seats, write nothing')
    .option('--batch <rows>', 'rows per request', String(DEFAULT_BATCH))
    .action(action<ImportOptions, [string]>(rt, importAction));
  examples(importCmd, 'paddock users import team.csv --dry-run', 'paddock users import team.csv', 'paddock users import people.jsonl --json');
  importCmd.addHelpText(
    'after',
    '\nExisting emails are skipped; bad rows are refused one by one with their line. When the active\n' +
      'users in the file need more seats than are free, nothing is imported. Exits 1 when a row was refused.\n',
  );

  const exportCmd = users
    .command('export')
    .description('write every user as CSV or JSON Lines, page by page (admins)')
    .addOption(new Option('--format <format>', 'csv or jsonl').choices(FORMATS).default('csv'))
    .option('--output <file>', 'write to this file instead of stdout')
    .action(action<ExportOptions>(rt, exportAction));
  examples(exportCmd, 'paddock users export > users.csv', 'paddock users export --format jsonl --output users.jsonl');
}

async function importAction(ctx: Context, [file]: [string], opts: ImportOptions): Promise<number> {
  const batch = Number(opts.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 100_000) throw new CliError('--batch takes a whole number of rows from 1 to 100000.', EXIT.USAGE);
  const format = opts.format ?? formatOfName(file);
  if (format === null) throw new CliError(`${file}: say --format csv or --format jsonl (the name ends in neither .csv nor .jsonl).`, EXIT.USAGE);
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}.`, EXIT.USAGE);
  });
  const rows = parseUsersFile(file, text, format);
  if (rows.length === 0) throw new CliError(`${file}: no users in the file. Nothing was imported.`, EXIT.USAGE, 'VALIDATION_FAILED');

  const repeated = repeatedRows(rows);
  const toSend = rows.filter((r) => !repeated.has(r));
  const client = ctx.client();
  const now = ctx.io.now ?? Date.now;

  // First every row is checked (a dry run), so that a file the seats cannot take is refused whole.
  const checked = await inBatches(client, toSend, batch, true, new Progress(ctx.io.stderr, `Checking ${file}`, toSend.length, now));
  await assertSeats(client, toSend, checked);
  const outcomes = opts.dryRun ? checked : await inBatches(client, toSend, batch, false, new Progress(ctx.io.stderr, `Importing ${file}`, toSend.length, now));

  const byRow = new Map(toSend.map((row, i) => [row, outcomes[i]]));
  const all: ImportOutcome[] = rows.map((row) => {
    const earlier = repeated.get(row);
    if (earlier !== undefined) return { line: row.line ?? 0, email: row.email, outcome: 'refused', code: 'DUPLICATE_ROW', reason: `The email is also on line ${earlier}.` };
    return byRow.get(row) as ImportOutcome;
  });
  const count = (o: ImportOutcome['outcome']) => all.filter((r) => r.outcome === o).length;
  const result = { file, dry_run: opts.dryRun === true, created: count('created'), skipped: count('skipped'), refused: count('refused'), rows: all };
  ctx.print(result, () => importReport(result));
  return result.refused > 0 ? EXIT.REFUSED : EXIT.OK;
}

async function inBatches(client: Client, rows: readonly ImportUser[], size: number, dryRun: boolean, progress: Progress): Promise<ImportOutcome[]> {
  const outcomes: ImportOutcome[] = [];
  for (let start = 0; start < rows.length; start += size) {
    const result = await client.importUsers(rows.slice(start, start + size), { dryRun });
    outcomes.push(...result.rows);
    progress.update(outcomes.length);
  }
  return outcomes;
}

/** The whole file's new active users against the seats free now (each batch is checked again as it is written). */
async function assertSeats(client: Client, rows: readonly ImportUser[], checked: readonly ImportOutcome[]): Promise<void> {
  const needed = rows.filter((row, i) => checked[i]?.outcome === 'created' && (row.status ?? 'active').trim().toLowerCase() === 'active').length;
  const licence = await client.getLicense();
  if (licence.seatsLeft === null || needed <= licence.seatsLeft) return;
  throw new CliError(
    `The file would activate ${formatCount(needed)} users but ${formatCount(licence.seatsLeft)} of the licence's ${formatCount(licence.seats ?? 0)} seats are free. ` +
      'Nothing was imported: import some users as inactive (status column), deactivate users, or install a licence with more seats.',
    EXIT.REFUSED,
    'SEAT_LIMIT_REACHED',
  );
}

function importReport(r: { file: string; dry_run: boolean; created: number; skipped: number; refused: number; rows: ImportOutcome[] }): string {
  const verb = r.dry_run ? 'Checked (dry run, nothing written)' : 'Imported';
  const lines = [`${verb} ${r.file}: ${formatCount(r.created)} ${r.dry_run ? 'to create' : 'created'}, ${formatCount(r.skipped)} skipped (existing), ${formatCount(r.refused)} refused.`];
  for (const row of r.rows.filter((o) => o.outcome === 'refused')) lines.push(`  line ${row.line}: ${row.email || '(no email)'}: ${row.code ?? ''} ${row.reason ?? ''}`.trimEnd());
  return lines.join('\n');
}

async function exportAction(ctx: Context, _args: [], opts: ExportOptions): Promise<void> {
  const client = ctx.client();
  const file = opts.output === undefined ? null : createWriteStream(opts.output);
  const out: Output = file ?? ctx.io.stdout;
  if (opts.format === 'csv') out.write(stringify([EXPORT_COLUMNS]));
  let cursor: string | null = null;
  let written = 0;
  do {
    const page: { users: User[]; nextCursor: string | null } = await client.queryUsers({ limit: EXPORT_PAGE, ...(cursor !== null && { cursor }) });
    const records = page.users.map(exportRecord);
    out.write(opts.format === 'csv' ? stringify(records.map((r) => EXPORT_COLUMNS.map((c) => r[c]))) : records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    written += records.length;
    cursor = page.nextCursor;
  } while (cursor !== null);
  if (file !== null) {
    await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
    ctx.io.stderr.write(`Exported ${formatCount(written)} users to ${opts.output ?? ''}.\n`);
  }
}

const EXPORT_COLUMNS = ['email', 'first_name', 'last_name', 'role', 'status', 'created_at', 'last_login_at'] as const;

function exportRecord(u: User): Record<(typeof EXPORT_COLUMNS)[number], string> {
  return {
    email: u.email,
    first_name: u.firstName ?? '',
    last_name: u.lastName ?? '',
    role: u.role ?? '',
    status: u.enabled === false ? 'inactive' : 'active',
    created_at: u.createdAt?.toISOString() ?? '',
    last_login_at: u.lastLogin?.toISOString() ?? '',
  };
}
