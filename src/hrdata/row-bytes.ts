import type { HrKind, RowOf } from './kinds.js';
import { calendarDay, type EpochDay } from './values.js';

/**
 * A kind's row read straight from an ASCII line's bytes (activity-bytes.ts, vibemeter-bytes.ts):
 * only the plain form of each value; anything else answers null and the row goes the string way.
 */
export interface RowBytes<K extends HrKind> {
  /** The row in buffer[from, to) (an ASCII line, line end excluded), or null. */
  read(buffer: Buffer, from: number, to: number): RowOf<K> | null;
}

/** Makes a kind's RowBytes for a header: `columns` are the positions of the kind's columns, then its optional ones (−1: absent). */
export type RowBytesReader<K extends HrKind> = new (columns: Int32Array, width: number) => RowBytes<K>;

const COMMA = 44;
const MAX_FIELDS = 32;

/**
 * A line's columns as byte ranges: its split at commas, as plain-csv.ts splits it, without
 * making strings. Column i is the header's column `columns[i]`.
 */
export class LineColumns {
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);

  constructor(
    private readonly columns: Int32Array,
    private readonly width: number,
  ) {}

  /** Splits buffer[from, to): true if it has the header's width and columns 0 to filled − 1 are not empty and need no trimming. */
  split(buffer: Buffer, from: number, to: number, filled: number): boolean {
    const { starts, ends } = this;
    let count = 0;
    starts[0] = from;
    for (let p = from; p < to; p++) {
      if (buffer[p] === COMMA) {
        if (count + 1 >= MAX_FIELDS) return false;
        ends[count++] = p;
        starts[count] = p + 1;
      }
    }
    ends[count++] = to;
    if (count !== this.width) return false;
    for (let i = 0; i < filled; i++) {
      const s = this.start(i);
      const e = this.end(i);
      if (e === s || buffer[s]! <= 32 || buffer[e - 1]! <= 32) return false;
    }
    return true;
  }

  start(i: number): number {
    return this.starts[this.columns[i]!]!;
  }

  end(i: number): number {
    return this.ends[this.columns[i]!]!;
  }
}

/** buffer[start, end) (an ASCII field, not empty, nothing to trim) as v.employeeId gives it, or null if it is no employee ID (EMPLOYEE_ID). */
export function employeeIdOf(buffer: Buffer, start: number, end: number): string | null {
  if (end - start > 32) return null;
  for (let p = start; p < end; p++) {
    const b = buffer[p]!;
    const allowed = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 95 || b === 45;
    if (!allowed) return null;
  }
  return buffer.toString('latin1', start, end);
}

/** 1–15 ASCII digits as a number (exact), else −1. */
export function digits(buffer: Buffer, start: number, end: number): number {
  if (end - start > 15) return -1;
  let value = 0;
  for (let p = start; p < end; p++) {
    const d = buffer[p]! - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const days = new Map<number, EpochDay>();
let lastKey = -1;
let lastDay: EpochDay = -1;

/**
 * A date of 1–2, 1–2 and 4 digits split by `separator` (M/D/YYYY or DD-MM-YYYY, as values.ts's
 * patterns) of a real calendar day, else −1 (a day before 1970 is negative too: callers leave
 * those to the string way). `monthFirst`: the first part is the month.
 */
export function dateOf(buffer: Buffer, start: number, end: number, separator: number, monthFirst: boolean): EpochDay {
  let a = 0;
  let b = 0;
  let c = 0;
  let lengthA = 0;
  let lengthB = 0;
  let lengthC = 0;
  let part = 0;
  for (let p = start; p < end; p++) {
    const byte = buffer[p]!;
    if (byte === separator) {
      if (++part > 2) return -1;
    } else if (byte >= 48 && byte <= 57) {
      if (part === 0) (a = a * 10 + byte - 48), lengthA++;
      else if (part === 1) (b = b * 10 + byte - 48), lengthB++;
      else (c = c * 10 + byte - 48), lengthC++;
    } else return -1;
  }
  if (part !== 2 || lengthA < 1 || lengthA > 2 || lengthB < 1 || lengthB > 2 || lengthC !== 4) return -1;
  const month = monthFirst ? a : b;
  const dayOfMonth = monthFirst ? b : a;
  const key = c * 10_000 + month * 100 + dayOfMonth;
  if (key === lastKey) return lastDay; // rows of one day come together
  let day = days.get(key);
  if (day === undefined) {
    day = calendarDay(c, month, dayOfMonth) ?? -1;
    if (days.size < 100_000) days.set(key, day);
  }
  lastKey = key;
  lastDay = day;
  return day;
}

/** The index of the value among `encoded` (the values as bytes) that buffer[start, end) spells exactly, else −1. */
export function indexOfBytes(buffer: Buffer, start: number, end: number, encoded: readonly Buffer[]): number {
  const length = end - start;
  for (let i = 0; i < encoded.length; i++) {
    const value = encoded[i]!;
    if (value.length !== length) continue;
    let k = 0;
    while (k < length && value[k] === buffer[start + k]) k++;
    if (k === length) return i;
  }
  return -1;
}
