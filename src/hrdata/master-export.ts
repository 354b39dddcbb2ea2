import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { MasterRow } from './master-table.js';

/**
 * The master table as CSV (csv-stringify): every column of every employee, quoted where a
 * value holds a comma, quote or line break. Against formula injection (OWASP "CSV Injection"),
 * a text cell starting with = + - @ tab or CR — employee IDs and award types come from uploaded
 * files — gets a leading `'`, so a spreadsheet shows it as text; numeric cells stay numbers,
 * negative ones included (they are written by us, not taken from the files as text).
 */
export function masterTableCsv(rows: MasterRow[]): Readable {
  const columns = rows.length === 0 ? ['Employee_ID'] : [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return stringify(rows, { header: true, columns, escape_formulas: true });
}
