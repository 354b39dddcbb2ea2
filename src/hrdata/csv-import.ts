import fs from 'node:fs';
import { ActivityBytes } from './activity-bytes.js';
import { createAggregator, type AggregatePart, type Aggregator, type KindAggregate } from './aggregators.js';
import { readCsvExactly } from './csv-parse-reader.js';
import { CsvFormatError, UTF16, type OnRecord } from './csv-records.js';
import { KINDS, type Fields, type HrKind } from './kinds.js';
import { readPlainCsv } from './plain-csv.js';
import type { RowBytes, RowBytesReader } from './row-bytes.js';
import { ValueError } from './values.js';
import { VibemeterBytes } from './vibemeter-bytes.js';

export const MAX_REPORTED_ROW_ERRORS = 100;

/** `row` is the row as a spreadsheet shows it: the header is row 1, blank rows count, a quoted multi-line record is one row. */
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

interface ImportOptions {
  kind: HrKind;
  path: string;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** Makes the aggregator the good rows are folded into (default: the kind's own). */
  aggregatorFor?: (kind: HrKind) => Aggregator<HrKind>;
}

const PROGRESS_EVERY_MS = 250;
const CHUNK_BYTES = 1 << 20;
const ROW = '(row)';

/** The kinds whose plain rows are read straight from their bytes (row-bytes.ts). */
const ROW_BYTES: { [K in HrKind]?: RowBytesReader<K> } = { activity_tracker: ActivityBytes, vibemeter: VibemeterBytes };

/**
 * Reads one CSV from disk, checks the header and every value, and folds good rows into the
 * kind's aggregate as they arrive: rows are never all held at once. A quote-free file is read
 * by the fast path (plain-csv.ts); any other is read again from the start by csv-parse. Any bad
 * row fails the whole file (nothing of it is kept); scanning goes on so the error count is complete.
 */
export async function importCsvFile(options: ImportOptions): Promise<ImportResult> {
  const { kind } = options;
  const fail = (message: string) => failed(kind, message);
  const totalBytes = (await fs.promises.stat(options.path)).size;
  if (totalBytes === 0) return fail('The file is empty (0 bytes)');
  const head = await readHead(options.path);
  if (hasUtf16Bom(head)) return fail(UTF16);

  let rows = new KindRows(kind, totalBytes, options);
  try {
    if ((await readPlainCsv(rows.chunksOf(options.path, options.signal), rows.onRecord, rows.onAsciiLine)) === 'not-plain') {
      rows = new KindRows(kind, totalBytes, options);
      await readCsvExactly(rows.chunksOf(options.path, options.signal), rows.onRecord);
    }
  } catch (error) {
    // Broken quoting in row 1 is most often a quoted file with another separator: `"Employee_ID";"Date"`.
    if (error instanceof CsvFormatError) return fail((!rows.headerRead && separatorProblem(head.toString('utf8').split(/\r?\n|\r/)[0]!)) || error.message);
    if (error !== STOP) throw error;
  }
  options.onProgress?.({ bytesRead: totalBytes, totalBytes, rows: rows.dataRows });
  return outcome(kind, rows, () => rows.aggregator.finish());
}

const failed = (kind: HrKind, message: string, rowErrors: RowProblem[] = [], rowErrorCount = 0): ImportResult => ({ ok: false, kind, error: { message, rowErrors, rowErrorCount } });

/** What a reading found, as an import's result: the first problem it met, or the aggregate. */
function outcome(kind: HrKind, found: Omit<Extract<PartFound, { plain: true }>, 'plain' | 'lines'>, finish: () => KindAggregate): ImportResult {
  const fail = (message: string, rowErrors: RowProblem[] = [], rowErrorCount = 0) => failed(kind, message, rowErrors, rowErrorCount);
  if (found.headerError) return fail(found.headerError);
  if (found.rowErrorCount > 0) {
    const first = found.rowErrors[0]!;
    const count = found.rowErrorCount;
    return fail(`${count} row${count > 1 ? 's' : ''} could not be read (first: row ${first.row}, ${first.column}: ${first.reason})`, found.rowErrors, count);
  }
  if (found.dataRows === 0) return fail('The file has a header but no data rows');
  return { ok: true, aggregate: finish() };
}

/** Bytes [start, end) of a file, both at the start of a line (or the file's end). */
export interface FileRange {
  start: number;
  end: number;
}

/**
 * What reading one part of a file found. `plain: false`: the part is not the quote-free form (or
 * not UTF-8, or has an overlong row); the file must then be read whole, as importCsvFile reads it.
 * Rows are numbered from the part's own header line (row 1), `lines` counting it.
 */
export type PartFound =
  | { plain: false }
  | { plain: true; lines: number; dataRows: number; headerError: string | null; rowErrors: RowProblem[]; rowErrorCount: number };

export interface FilePart {
  found: PartFound;
  /** The part's rows; joined by the first part's aggregator (aggregators.ts's part and absorb). */
  aggregator: Aggregator<HrKind>;
}

/**
 * Reads a line-aligned part of a quote-free file on its own, so that one big file can be read
 * on several threads at once; a part after the first is handed the file's header line first.
 * joinParts puts the parts back together: the result is that of importCsvFile on the whole file.
 */
export async function readPart(options: ImportOptions & { range: FileRange }): Promise<FilePart> {
  const { kind, path, range } = options;
  const rows = new KindRows(kind, range.end - range.start, options);
  const notPlain: FilePart = { found: { plain: false }, aggregator: rows.aggregator };
  const head = await readHead(path);
  if (hasUtf16Bom(head)) return notPlain;
  let header: Buffer | undefined;
  if (range.start > 0) {
    const end = head.indexOf(10);
    if (end === -1) return notPlain;
    header = head.subarray(0, end + 1);
  }
  try {
    if ((await readPlainCsv(rows.chunksOf(path, options.signal, range, header), rows.onRecord, rows.onAsciiLine)) === 'not-plain') return notPlain;
  } catch (error) {
    if (error instanceof CsvFormatError) return notPlain; // its row is numbered from the whole file's start
    if (error !== STOP) throw error;
  }
  const { dataRows, headerError, rowErrors, rowErrorCount } = rows;
  options.onProgress?.({ bytesRead: range.end - range.start, totalBytes: range.end - range.start, rows: dataRows });
  return { found: { plain: true, lines: rows.lines, dataRows, headerError, rowErrors, rowErrorCount }, aggregator: rows.aggregator };
}

/**
 * The import of a whole file from its parts' readings, in file order: the first part's aggregator
 * with the later parts' rows (AggregatePart) absorbed, rows renumbered as in the whole file. Null
 * when a part was not plain: the file must be read whole.
 */
export function joinParts(kind: HrKind, first: FilePart, later: Array<{ found: PartFound; part: AggregatePart | null }>): ImportResult | null {
  const founds = [first.found, ...later.map((p) => p.found)];
  if (founds.some((f) => !f.plain)) return null;
  const parts = founds as Array<Extract<PartFound, { plain: true }>>;
  const joined = { headerError: parts[0]!.headerError, dataRows: 0, rowErrors: [] as RowProblem[], rowErrorCount: 0 };
  let linesBefore = 0; // the whole file's lines before this part's first data line, the header included
  for (const [i, part] of parts.entries()) {
    const renumber = i === 0 ? 0 : linesBefore - 1; // a later part's row 2 is the whole file's row linesBefore + 1
    joined.dataRows += part.dataRows;
    joined.rowErrorCount += part.rowErrorCount;
    for (const problem of part.rowErrors) {
      if (joined.rowErrors.length < MAX_REPORTED_ROW_ERRORS) joined.rowErrors.push({ ...problem, row: problem.row + renumber });
    }
    linesBefore += i === 0 ? part.lines : part.lines - 1;
  }
  return outcome(kind, joined, () => {
    for (const { part } of later) first.aggregator.absorb!(part!);
    return first.aggregator.finish();
  });
}

/** Thrown by a record handler to stop reading (the header is wrong: no row can be read). */
const STOP = new Error('stop reading');

const hasUtf16Bom = (head: Buffer) => (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);

/** The file's first 64 KiB (or less). */
async function readHead(path: string): Promise<Buffer> {
  const handle = await fs.promises.open(path);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1 << 16), 0, 1 << 16, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** One reading of a file: its header, its rows checked and folded into the aggregate, its problems. */
class KindRows {
  readonly definition;
  readonly aggregator: Aggregator<HrKind>;
  headerError: string | null = null;
  headerRead = false;
  private rowBytes: RowBytes<HrKind> | null = null;
  dataRows = 0;
  /** The lines read so far (the last row's number). */
  lines = 0;
  readonly rowErrors: RowProblem[] = [];
  rowErrorCount = 0;
  private width = 0;
  private positions: Record<string, number> = {};
  private fields: string[] = [];
  private column = '';
  private bytesRead = 0;
  private lastProgress = Date.now();
  private readonly onProgress?: (progress: ImportProgress) => void;

  constructor(
    readonly kind: HrKind,
    private readonly totalBytes: number,
    options: Pick<ImportOptions, 'onProgress' | 'aggregatorFor'>,
  ) {
    this.definition = KINDS[kind];
    this.aggregator = (options.aggregatorFor ?? createAggregator)(kind);
    this.onProgress = options.onProgress;
  }

  async *chunksOf(path: string, signal?: AbortSignal, range?: FileRange, header?: Buffer): AsyncIterable<Buffer> {
    if (header) yield header;
    const stream = fs.createReadStream(path, { highWaterMark: CHUNK_BYTES, signal, start: range?.start, end: range && range.end - 1 });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      this.bytesRead += chunk.length;
      if (this.onProgress && Date.now() - this.lastProgress > PROGRESS_EVERY_MS) {
        this.lastProgress = Date.now();
        this.onProgress({ bytesRead: this.bytesRead, totalBytes: this.totalBytes, rows: this.dataRows });
      }
      yield chunk;
    }
  }

  readonly onRecord: OnRecord = (fields, row) => {
    this.lines = row;
    if (row === 1) return this.readHeader(fields);
    if (isBlank(fields)) return; // a blank row: counted, not data
    this.dataRows++;
    if (fields.length !== this.width) return this.problem(row, ROW, `has ${fields.length < this.width ? 'fewer' : 'more'} fields than the header's ${this.width}`);
    this.fields = fields;
    try {
      const parsed = this.definition.parse(this.field);
      if (this.rowErrorCount === 0) this.aggregator.add(parsed as never); // after an error the aggregate is discarded anyway
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      this.problem(row, this.column, error.message);
    }
  };

  /** The rows straight from their bytes, where the kind has a reader and they are in the plain form (row-bytes.ts). */
  readonly onAsciiLine = (buffer: Buffer, from: number, to: number, line: number): boolean => {
    const row = this.rowBytes?.read(buffer, from, to);
    if (!row) return false;
    this.lines = line;
    this.dataRows++;
    if (this.rowErrorCount === 0) this.aggregator.add(row as never);
    return true;
  };

  /** The row's value in a column; remembers the column, so that a ValueError can name it. */
  private readonly field: Fields = (name) => {
    this.column = name;
    return this.fields[this.positions[name]!] ?? '';
  };

  private readHeader(header: string[]) {
    this.headerRead = true;
    const { columns, optionalColumns } = this.definition;
    const missing = columns.filter((c) => !header.includes(c));
    if (missing.length > 0) {
      this.headerError = describeBadHeader(header, missing, columns);
      throw STOP;
    }
    const known = [...columns, ...optionalColumns];
    this.positions = Object.fromEntries(known.map((c) => [c, header.indexOf(c)]));
    this.width = header.length;
    const Reader = ROW_BYTES[this.kind];
    if (Reader) this.rowBytes = new Reader(Int32Array.from(known, (c) => header.indexOf(c)), header.length);
  }

  private problem(row: number, column: string, reason: string) {
    this.rowErrorCount++;
    if (this.rowErrors.length < MAX_REPORTED_ROW_ERRORS) this.rowErrors.push({ row, column, reason });
  }
}

function isBlank(fields: string[]): boolean {
  for (let i = 0; i < fields.length; i++) if (fields[i] !== '') return false;
  return true;
}

const SEPARATORS = [
  [';', "';'"],
  ['\t', 'tab'],
  ['|', "'|'"],
] as const;

/** Row 1 without a comma but with another separator: the file uses that one. */
function separatorProblem(line: string): string | null {
  if (line.includes(',')) return null;
  const separator = SEPARATORS.find(([s]) => line.includes(s));
  return separator ? `this file uses ${separator[1]} as its separator; save it as comma-separated CSV (row 1 is ${shorten(line)})` : null;
}

/** Why row 1 is not this kind's header: another separator, UTF-16 without a BOM, or columns missing. */
function describeBadHeader(header: string[], missing: readonly string[], columns: readonly string[]): string {
  if (header.some((field) => field.includes('\0'))) return UTF16;
  if (header.length === 1) {
    const separator = separatorProblem(header[0]!);
    if (separator) return separator;
  }
  const s = missing.length > 1 ? 's' : '';
  return `Missing column${s} ${missing.join(', ')}: row 1 must be the header, naming ${columns.join(', ')} (it has ${shorten(header.join(', ')) || 'nothing'})`;
}

const shorten = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text);
