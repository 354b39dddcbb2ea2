import fs from 'node:fs';
import { inferSchema, initParser } from 'udsv';
import { createAggregator, type Aggregator, type KindAggregate } from './aggregators.js';
import { KINDS, type HrKind } from './kinds.js';
import { ValueError } from './values.js';

export const MAX_REPORTED_ROW_ERRORS = 100;

/** Row numbers are the file's line numbers as a spreadsheet shows them: the header is row 1. */
export interface RowProblem {
  row: number;
  column: string;
  reason: string;
}

export interface ImportFailure {
  message: string;
  /** The first MAX_REPORTED_ROW_ERRORS problems. */
  rowErrors: RowProblem[];
  rowErrorCount: number;
}

export type ImportResult = { ok: true; aggregate: KindAggregate } | { ok: false; kind: HrKind; error: ImportFailure };

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
}

const PROGRESS_EVERY_MS = 250;

/**
 * Streams one CSV from disk through uDSV's incremental parser, checks the header and every
 * value, and folds good rows into the kind's aggregate as they arrive: rows are never all
 * held at once. Any bad row fails the whole file (nothing of it is kept); scanning goes on
 * so the error count is complete.
 */
export async function importCsvFile(options: ImportOptions): Promise<ImportResult> {
  const scan = await scanCsv(options);
  if ('failure' in scan) return { ok: false, kind: options.kind, error: scan.failure };
  if (scan.dataRows === 0) return { ok: false, kind: options.kind, error: { message: 'The file has a header but no data rows', rowErrors: [], rowErrorCount: 0 } };
  return { ok: true, aggregate: scan.aggregator.finish() };
}

interface ImportOptions {
  kind: HrKind;
  path: string;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

type Scan = { aggregator: Aggregator<HrKind>; dataRows: number } | { failure: ImportFailure };

async function scanCsv(options: ImportOptions): Promise<Scan> {
  const { kind } = options;
  const definition = KINDS[kind];
  const totalBytes = (await fs.promises.stat(options.path)).size;
  let rowNumber = 1;
  const fail = (message: string, rowErrors: RowProblem[] = [], rowErrorCount = 0): Scan => ({ failure: { message, rowErrors, rowErrorCount } });
  if (totalBytes === 0) return fail('The file is empty (0 bytes)');

  const aggregator = createAggregator(kind);
  const rowErrors: RowProblem[] = [];
  let rowErrorCount = 0;
  let headerError: string | null = null;
  let dataRows = 0;
  let bytesRead = 0;
  let lastProgress = Date.now();
  let parser: ReturnType<typeof initParser> | null = null;
  let positions: Record<string, number> = {};
  let width = 0;
  let fields: string[] = [];
  let column = '';
  const field = (name: string) => {
    column = name;
    return fields[positions[name]!] ?? '';
  };

  const problem = (column: string, reason: string) => {
    rowErrorCount++;
    if (rowErrors.length < MAX_REPORTED_ROW_ERRORS) rowErrors.push({ row: rowNumber, column, reason });
  };

  // uDSV reads a fixed number of fields per row and skips blank lines, so the line bookkeeping
  // is ours: blank lines become rows of empty fields (to keep row numbers exact), a short row
  // shows as a field holding a line break (no HR value may contain one), extra fields as a
  // comma inside a field of a file without quotes, and a short last row by the line count.
  let emptyRow = '';
  let sawQuote = false;
  let physicalLines = 0;
  let endsWithNewline = true;
  let previousEndedWithNewline = false;
  const onRow = (row: string[]) => {
    rowNumber++;
    if (row[0] === '' && row.every((value) => value === '')) return; // a blank line
    dataRows++;
    let swallowedLines = 0;
    for (let i = 0; i < row.length; i++) if (row[i]!.includes('\n')) swallowedLines += row[i]!.split('\n').length - 1;
    // Extra fields end up in the last one.
    const extraFields = !sawQuote && row[row.length - 1]!.includes(',');
    if (swallowedLines > 0) {
      problem('(row)', `has fewer fields than the header's ${width}`);
      rowNumber += swallowedLines; // the lines it ran into are not rows of their own
      return;
    }
    if (extraFields) return problem('(row)', `has more fields than the header's ${width}`);
    fields = row;
    try {
      aggregator.add(definition.parse(field) as never);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      problem(column, error.message);
    }
  };

  const stream = fs.createReadStream(options.path, { highWaterMark: 1 << 20, encoding: 'utf8', signal: options.signal });
  try {
    for await (const piece of stream as AsyncIterable<string>) {
      bytesRead += Buffer.byteLength(piece);
      let text = piece;
      if (!parser) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        const schema = inferSchema(text, { col: ',', encl: '"', trim: true });
        const header = schema.cols.map((c) => c.name);
        for (const column of schema.cols) column.type = 's';
        const missing = definition.columns.filter((c) => !header.includes(c));
        if (missing.length > 0) {
          headerError = `Missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (the header has ${header.join(', ') || 'nothing'})`;
          stream.destroy();
          break;
        }
        positions = Object.fromEntries([...definition.columns, ...definition.optionalColumns].map((c) => [c, header.indexOf(c)]));
        width = header.length;
        emptyRow = ','.repeat(Math.max(1, width - 1));
        parser = initParser(schema);
      }
      if (!sawQuote && text.includes('"')) sawQuote = true;
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) physicalLines++;
      endsWithNewline = text.endsWith('\n');
      if (previousEndedWithNewline && (text.startsWith('\n') || text.startsWith('\r\n'))) text = emptyRow + text;
      text = text.replace(/\n(?=\r?\n)/g, `\n${emptyRow}`);
      previousEndedWithNewline = endsWithNewline;
      parser.chunk<string[]>(text, parser.stringArrs, onRow);
      if (options.onProgress && Date.now() - lastProgress > PROGRESS_EVERY_MS) {
        lastProgress = Date.now();
        options.onProgress({ bytesRead, totalBytes, rows: dataRows });
      }
    }
    parser?.end();
    // Lines the parser never handed over: a last row cut short.
    if (parser && rowNumber < physicalLines + (endsWithNewline ? 0 : 1)) {
      rowNumber++;
      dataRows++;
      problem('(row)', `has fewer fields than the header's ${width}`);
    }
  } catch (error) {
    // The parser's own failures on text that is not CSV at all (a row's bad value is a ValueError, caught per row).
    stream.destroy();
    if (options.signal?.aborted) throw error;
    return fail(`Not a readable CSV file (${error instanceof Error ? error.message : String(error)})`);
  }
  options.onProgress?.({ bytesRead: totalBytes, totalBytes, rows: dataRows });

  if (headerError) return fail(headerError);
  if (rowErrorCount > 0) {
    const first = rowErrors[0]!;
    return fail(describeRowErrors(rowErrorCount, first), rowErrors, rowErrorCount);
  }
  return { aggregator, dataRows };
}

function describeRowErrors(count: number, first: RowProblem): string {
  return `${count} row${count > 1 ? 's' : ''} could not be read (first: row ${first.row}, ${first.column}: ${first.reason})`;
}
