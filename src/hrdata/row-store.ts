import { createAggregator, type Aggregator, type KindAggregate } from './aggregators.js';
import type { z } from 'zod';
import type { kindChangesSchema } from './hrdata-columns.js';
import type { HrKind, RowOf } from './kinds.js';

/** Rows per stored batch: about a megabyte, so a kind of millions of rows is a few hundred database rows. */
const BATCH_ROWS = 50_000;

/**
 * A run of one kind's validated rows, in file order, stored by column: a JSON head (field names,
 * each column's encoding, the strings of text columns) and then each column's values as a typed
 * array. Numbers stay exact (int32 or float64), text is a dictionary (employee IDs repeat on
 * every row), so a row costs a few dozen bytes and no per-row serialising.
 */
export interface RowBatch {
  rows: number;
  data: Uint8Array;
}

/** A version of a kind's rows as a worker reads it: the CSV file a replace imported (read again by the importer), or row batches. */
export type StoredRows = { format: 'csv'; path: string } | { format: 'rows'; batches: RowBatch[] };

type Row = Record<string, unknown>;
type Column = { type: 'int32' | 'float64' | 'bool' } | { type: 'text'; strings: Array<string | null> };

/** What an upload would change in one kind (and, applied, did change). */
export type KindChanges = z.infer<typeof kindChangesSchema>;

export type UploadMode = 'replace' | 'append';

/**
 * What makes two rows "the same row" when appending: the employee and the row's date (the
 * review period for performance; the award type too for rewards, as one day can bring two
 * awards; the employee alone for onboarding and the directory).
 */
const KEYS: { [K in HrKind]: (row: RowOf<K>) => string | number } = {
  activity_tracker: (row) => row.day,
  leave: (row) => row.startDay,
  onboarding: () => 0,
  performance: (row) => row.year * 10 + row.rank,
  rewards: (row) => `${row.day}|${row.awardType}`,
  vibemeter: (row) => row.day,
  employees: () => 0,
};
const keyOf = (kind: HrKind, row: Row) => (KEYS[kind] as (row: Row) => string | number)(row);

/** One column being filled: numbers and flags straight into typed arrays, text as dictionary codes. */
type Filling =
  | { type: 'number'; values: Float64Array }
  | { type: 'boolean'; values: Uint8Array }
  | { type: 'text'; codes: Uint32Array; index: Map<string | null, number> };

function startColumn(sample: unknown): Filling {
  if (typeof sample === 'number') return { type: 'number', values: new Float64Array(BATCH_ROWS) };
  if (typeof sample === 'boolean') return { type: 'boolean', values: new Uint8Array(BATCH_ROWS) };
  return { type: 'text', codes: new Uint32Array(BATCH_ROWS), index: new Map() };
}

/** Collects rows into batches as they are added (the hot path of an import: no per-row allocation beyond the values). */
export class RowBatchWriter {
  readonly batches: RowBatch[] = [];
  private fields: string[] | null = null;
  private columns: Filling[] = [];
  private length = 0;

  add(row: Row): void {
    const values = Object.values(row);
    if (this.length === 0) {
      this.fields ??= Object.keys(row);
      this.columns = values.map(startColumn);
    }
    const at = this.length;
    for (let i = 0; i < values.length; i++) {
      const column = this.columns[i]!;
      const value = values[i];
      if (column.type === 'text') {
        if (typeof value !== 'string' && value !== null) throw new Error(`row field ${this.fields![i]} is not text`);
        let code = column.index.get(value);
        if (code === undefined) column.index.set(value, (code = column.index.size));
        column.codes[at] = code;
      } else if (typeof value !== column.type) {
        throw new Error(`row field ${this.fields![i]} is not a ${column.type}`);
      } else column.values[at] = Number(value);
    }
    if (++this.length === BATCH_ROWS) this.flush();
  }

  finish(): RowBatch[] {
    this.flush();
    return this.batches;
  }

  private flush(): void {
    const n = this.length;
    if (n === 0) return;
    const encoded = this.columns.map((column) => encodeColumn(column, n));
    const head = Buffer.from(JSON.stringify({ fields: this.fields, columns: encoded.map((c) => c.column) }));
    const headLength = Buffer.alloc(4);
    headLength.writeUInt32LE(head.length);
    this.batches.push({ rows: n, data: Buffer.concat([headLength, head, ...encoded.map((c) => c.bytes)]) });
    this.length = 0;
  }
}

/** One column of a batch, in the narrowest exact encoding of its values. */
function encodeColumn(column: Filling, n: number): { column: Column; bytes: Uint8Array } {
  if (column.type === 'text') return { column: { type: 'text', strings: [...column.index.keys()] }, bytes: bytesOf(column.codes.subarray(0, n)) };
  if (column.type === 'boolean') return { column: { type: 'bool' }, bytes: column.values.slice(0, n) };
  const values = column.values.subarray(0, n);
  let integers = true;
  for (let i = 0; i < n && integers; i++) integers = Number.isInteger(values[i]) && values[i]! >= -(2 ** 31) && values[i]! < 2 ** 31;
  return integers ? { column: { type: 'int32' }, bytes: bytesOf(Int32Array.from(values)) } : { column: { type: 'float64' }, bytes: bytesOf(values) };
}

const bytesOf = (array: Int32Array | Float64Array | Uint32Array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

/** The rows of stored batches, in order. */
export function* readRows(batches: Iterable<RowBatch>): Generator<Row> {
  for (const batch of batches) {
    const data = Buffer.from(batch.data.buffer, batch.data.byteOffset, batch.data.byteLength);
    const headLength = data.readUInt32LE(0);
    const { fields, columns } = JSON.parse(data.subarray(4, 4 + headLength).toString('utf8')) as { fields: string[]; columns: Column[] };
    let at = 4 + headLength;
    const readers = columns.map((column) => {
      const width = column.type === 'float64' ? 8 : column.type === 'bool' ? 1 : 4;
      const bytes = data.subarray(at, at + width * batch.rows);
      at += bytes.length;
      const copy = new Uint8Array(bytes).buffer; // aligned for the typed array
      if (column.type === 'int32') return Array.from(new Int32Array(copy)) as unknown[];
      if (column.type === 'float64') return Array.from(new Float64Array(copy)) as unknown[];
      if (column.type === 'bool') return Array.from(new Uint8Array(copy), (v) => v === 1) as unknown[];
      const { strings } = column as Extract<Column, { type: 'text' }>;
      return Array.from(new Uint32Array(copy), (code) => strings[code]) as unknown[];
    });
    for (let r = 0; r < batch.rows; r++) {
      const row: Row = {};
      for (let i = 0; i < fields.length; i++) row[fields[i]!] = readers[i]![r];
      yield row;
    }
  }
}

/** A kind's aggregate with the rows it was computed from. */
export type RecordedAggregate = KindAggregate & { batches: RowBatch[] };

/** An aggregator that also keeps every row it is given, in order: its `finish()` is a RecordedAggregate. */
export function recordingAggregator(kind: HrKind): Aggregator<HrKind> {
  const inner = createAggregator(kind);
  const writer = new RowBatchWriter();
  return {
    add(row) {
      writer.add(row as Row);
      inner.add(row as never);
    },
    finish: (): RecordedAggregate => ({ ...inner.finish(), batches: writer.finish() }),
  };
}

/** A kind's aggregate recomputed from its stored rows (the same rows in the same order give the same numbers). */
export function aggregateRows(kind: HrKind, batches: RowBatch[]): KindAggregate {
  const aggregator = createAggregator(kind);
  for (const row of readRows(batches)) aggregator.add(row as never);
  return aggregator.finish();
}

/** Row positions by employee and key. */
function indexRows(kind: HrKind, rows: Row[]): Map<string, Map<string | number, number>> {
  const index = new Map<string, Map<string | number, number>>();
  rows.forEach((row, i) => {
    const employee = row.employeeId as string;
    let keys = index.get(employee);
    if (!keys) index.set(employee, (keys = new Map()));
    keys.set(keyOf(kind, row), i);
  });
  return index;
}

/** Rows hold primitive values only; the readers of a kind need not list its fields in one order. */
const sameRow = (a: Row, b: Row) => Object.keys(a).every((key) => a[key] === b[key]);

/**
 * Compares an upload's rows of one kind with the kind's current rows: what `mode` would change,
 * and, for `append`, the resulting rows (current rows in place, updated where the upload has the
 * same employee and key, then the upload's new rows in file order).
 */
export function planKind(kind: HrKind, mode: UploadMode, current: RowBatch[], incoming: RowBatch[]): { changes: KindChanges; rows: RowBatch[] | null } {
  const before = [...readRows(current)];
  const index = indexRows(kind, before);
  const uploaded = [...readRows(incoming)];
  const changes: KindChanges = { rowsAdded: 0, rowsUpdated: 0, rowsRemoved: 0, employeesGained: 0, employeesLost: 0 };

  if (mode === 'replace') {
    const incomingIndex = indexRows(kind, uploaded);
    for (const row of uploaded) {
      const at = index.get(row.employeeId as string)?.get(keyOf(kind, row));
      if (at === undefined) changes.rowsAdded++;
      else if (!sameRow(before[at]!, row)) changes.rowsUpdated++;
    }
    for (const row of before) if (incomingIndex.get(row.employeeId as string)?.get(keyOf(kind, row)) === undefined) changes.rowsRemoved++;
    for (const employee of incomingIndex.keys()) if (!index.has(employee)) changes.employeesGained++;
    for (const employee of index.keys()) if (!incomingIndex.has(employee)) changes.employeesLost++;
    return { changes, rows: null };
  }

  const merged = before;
  const stored = before.length;
  const updated = new Set<number>();
  for (const row of uploaded) {
    const employee = row.employeeId as string;
    const key = keyOf(kind, row);
    let keys = index.get(employee);
    if (!keys) {
      index.set(employee, (keys = new Map()));
      changes.employeesGained++;
    }
    const at = keys.get(key);
    if (at === undefined) {
      keys.set(key, merged.length);
      merged.push(row);
      changes.rowsAdded++;
    } else if (!sameRow(merged[at]!, row)) {
      if (at < stored && !updated.has(at)) {
        updated.add(at);
        changes.rowsUpdated++;
      }
      merged[at] = row;
    }
  }
  const writer = new RowBatchWriter();
  for (const row of merged) writer.add(row);
  return { changes, rows: writer.finish() };
}
