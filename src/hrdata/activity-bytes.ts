import type { RowOf } from './kinds.js';
import { calendarDay, type EpochDay } from './values.js';

/**
 * The activity file's row read straight from its bytes (the file is ~2/3 of a Vibemeter-scale
 * upload): one string per row (the employee ID) instead of a line, an array and six fields,
 * numbers from digits, dates from a cache keyed by y·10000 + m·100 + d. Only the plain form of
 * each value is read here — ASCII digits, M/D/YYYY, no padding; anything else answers null and
 * the row goes the string way (kinds.ts), which gives the same value or the reason it is bad.
 * tests/hrdata-parsing.test.ts checks both ways agree.
 */
export class ActivityBytes {
  private starts = new Int32Array(32);
  private ends = new Int32Array(32);

  /** `columns`: the positions of Employee_ID, Date, Teams_Messages_Sent, Emails_Sent, Meetings_Attended, Work_Hours. */
  constructor(
    private readonly columns: Int32Array,
    private readonly width: number,
  ) {}

  /** The row in buffer[from, to) (an ASCII line, line end excluded), or null. */
  read(buffer: Buffer, from: number, to: number): RowOf<'activity_tracker'> | null {
    const { starts, ends, columns } = this;
    let count = 0;
    starts[0] = from;
    for (let p = from; p < to; p++) {
      if (buffer[p] === 44) {
        if (count + 1 >= starts.length) return null;
        ends[count++] = p;
        starts[count] = p + 1;
      }
    }
    ends[count++] = to;
    if (count !== this.width) return null;
    for (let i = 0; i < 6; i++) {
      const s = starts[columns[i]!]!;
      const e = ends[columns[i]!]!;
      if (e === s || buffer[s]! <= 32 || buffer[e - 1]! <= 32) return null; // empty or to be trimmed
    }
    const idStart = starts[columns[0]!]!;
    const idEnd = ends[columns[0]!]!;
    if (idEnd - idStart > 64) return null;
    const day = dateMDY(buffer, starts[columns[1]!]!, ends[columns[1]!]!);
    const teams = digits(buffer, starts[columns[2]!]!, ends[columns[2]!]!);
    const emails = digits(buffer, starts[columns[3]!]!, ends[columns[3]!]!);
    const meetings = digits(buffer, starts[columns[4]!]!, ends[columns[4]!]!);
    const hours = decimal(buffer, starts[columns[5]!]!, ends[columns[5]!]!);
    if (day < 0 || teams < 0 || emails < 0 || meetings < 0 || hours < 0 || hours > 24) return null;
    return { employeeId: buffer.toString('latin1', idStart, idEnd), day, teams, emails, meetings, hours };
  }
}

/** 1–15 ASCII digits as a number (exact), else −1. */
function digits(buffer: Buffer, start: number, end: number): number {
  if (end - start > 15) return -1;
  let value = 0;
  for (let p = start; p < end; p++) {
    const d = buffer[p]! - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** `digits[.digits]` (at most 15 digits) as Number() reads it, else −1. */
function decimal(buffer: Buffer, start: number, end: number): number {
  let mantissa = 0;
  let count = 0;
  let fraction = -1; // digits after the dot; −1: no dot
  for (let p = start; p < end; p++) {
    const b = buffer[p]!;
    if (b === 46) {
      if (fraction !== -1 || count === 0) return -1;
      fraction = 0;
    } else if (b >= 48 && b <= 57) {
      mantissa = mantissa * 10 + (b - 48);
      count++;
      if (fraction !== -1) fraction++;
    } else return -1;
  }
  if (count === 0 || count > 15 || fraction === 0) return -1;
  // An exact integer over an exact power of ten, correctly rounded: the same double as Number(text).
  return fraction > 0 ? mantissa / POWERS_OF_TEN[fraction]! : mantissa;
}

const days = new Map<number, EpochDay>();

/** M/D/YYYY (1–2, 1–2 and 4 digits) of a real calendar day, else −1. */
function dateMDY(buffer: Buffer, start: number, end: number): EpochDay {
  let a = 0;
  let b = 0;
  let c = 0;
  let lengthA = 0;
  let lengthB = 0;
  let lengthC = 0;
  let part = 0;
  for (let p = start; p < end; p++) {
    const byte = buffer[p]!;
    if (byte === 47) {
      if (++part > 2) return -1;
    } else if (byte >= 48 && byte <= 57) {
      if (part === 0) (a = a * 10 + byte - 48), lengthA++;
      else if (part === 1) (b = b * 10 + byte - 48), lengthB++;
      else (c = c * 10 + byte - 48), lengthC++;
    } else return -1;
  }
  if (part !== 2 || lengthA < 1 || lengthA > 2 || lengthB < 1 || lengthB > 2 || lengthC !== 4) return -1;
  const key = c * 10_000 + a * 100 + b;
  let day = days.get(key);
  if (day === undefined) {
    day = calendarDay(c, a, b) ?? -1;
    if (days.size < 100_000) days.set(key, day);
  }
  return day;
}
