import { displayWidth, padEndDisplay } from './width.js';

/**
 * An aligned plain-text table: columns padded to their widest cell, two spaces apart, no
 * trailing blanks. Widths are display columns, so CJK names and emoji (two columns each) stay aligned.
 *
 * @example
 * formatTable(['EMAIL', 'ROLE'], [['ann@ex.co', 'admin']]);
 * // EMAIL      ROLE
 * // ann@ex.co  admin
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, col) => Math.max(...all.map((row) => displayWidth(row[col] ?? ''))));
  const line = (row: readonly string[]): string =>
    widths.map((width, col) => padEndDisplay(row[col] ?? '', width)).join('  ').trimEnd();
  return `${all.map(line).join('\n')}\n`;
}

/** `Label:  value` lines with the values aligned. */
export function formatPairs(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...pairs.map(([label]) => displayWidth(label) + 1));
  return pairs.map(([label, value]) => `${padEndDisplay(`${label}:`, width)}  ${value}`.trimEnd()).join('\n') + '\n';
}

/** A date for humans, in UTC: `2025-01-31 14:05 UTC`; `-` when absent, `never` when null. */
export function formatDate(date: Date | null | undefined): string {
  if (date === undefined) return '-';
  if (date === null) return 'never';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
