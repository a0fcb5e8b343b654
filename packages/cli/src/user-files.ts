import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse';
import type { ImportUser } from '@paddock/sdk';
import { CliError, EXIT } from './errors.js';

export type UsersFileFormat = 'csv' | 'jsonl';

/** The columns of an import (CSV header, JSON Lines keys) and of an export. */
export const USER_COLUMNS = ['email', 'first_name', 'last_name', 'role', 'status', 'password_hash'] as const;
type Column = (typeof USER_COLUMNS)[number];
/** Columns `paddock users export` writes that an import reads past, so an export imports as it is. */
const READ_ONLY_COLUMNS = ['created_at', 'last_login_at'];

/** The format a file's name says (`.csv`; `.jsonl`, `.ndjson`), else null. */
export function formatOfName(name: string): UsersFileFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  return null;
}

function invalidFile(name: string, why: string): CliError {
  return new CliError(`${name}: ${why}. Nothing was imported.`, EXIT.USAGE, 'VALIDATION_FAILED');
}

function toImportUser(fields: Partial<Record<Column, string>>, line: number): ImportUser {
  const present = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  return {
    line,
    email: fields.email ?? '',
    firstName: present(fields.first_name),
    lastName: present(fields.last_name),
    role: present(fields.role),
    status: present(fields.status),
    passwordHash: present(fields.password_hash),
  };
}

function checkColumns(name: string, columns: readonly string[]): void {
  const unknown = columns.filter((c) => !(USER_COLUMNS as readonly string[]).includes(c) && !READ_ONLY_COLUMNS.includes(c));
  if (!columns.includes('email')) throw invalidFile(name, `not a users file: no "email" column (the columns are ${USER_COLUMNS.join(', ')})`);
  if (unknown.length > 0) throw invalidFile(name, `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => JSON.stringify(c)).join(', ')} (the columns are ${USER_COLUMNS.join(', ')})`);
}

/** CSV with a header row naming its columns; each row keeps the line it ends on. */
function parseCsv(name: string, text: string): ImportUser[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => {
        const columns = header.map((h) => h.trim().toLowerCase());
        checkColumns(name, columns);
        return columns;
      },
      skip_empty_lines: true,
      trim: true,
      info: true,
    });
  } catch (err) {
    if (err instanceof CliError) throw err;
    if (err instanceof CsvError) throw invalidFile(name, `not valid CSV (line ${String((err as CsvError & { lines?: number }).lines ?? '?')}: ${err.message})`);
    throw err;
  }
  return records.map(({ record, info }) => toImportUser(record, info.lines));
}

/** One JSON object per line, keyed by the same names as the CSV columns. */
function parseJsonLines(name: string, text: string): ImportUser[] {
  const rows: ImportUser[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw invalidFile(name, `not JSON Lines (line ${line} is not JSON)`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidFile(name, `line ${line} is not a JSON object`);
    const entries = Object.entries(value);
    checkColumns(name, entries.map(([k]) => k));
    const fields: Partial<Record<Column, string>> = {};
    for (const [key, field] of entries) {
      if (typeof field !== 'string') throw invalidFile(name, `line ${line}: "${key}" must be a string`);
      fields[key as Column] = field;
    }
    rows.push(toImportUser(fields, line));
  });
  return rows;
}

export function parseUsersFile(name: string, text: string, format: UsersFileFormat): ImportUser[] {
  if (text.includes('\u0000')) throw invalidFile(name, `not a ${format === 'csv' ? 'CSV' : 'JSON Lines'} file (it holds binary data)`);
  return format === 'csv' ? parseCsv(name, text) : parseJsonLines(name, text);
}

/** Rows whose email (trimmed, lower-cased) an earlier row has: refused here, never sent. */
export function repeatedRows(rows: readonly ImportUser[]): Map<ImportUser, number> {
  const first = new Map<string, number>();
  const repeated = new Map<ImportUser, number>();
  for (const row of rows) {
    const email = row.email.trim().toLowerCase();
    const earlier = first.get(email);
    if (earlier === undefined) first.set(email, row.line ?? 0);
    else repeated.set(row, earlier);
  }
  return repeated;
}
