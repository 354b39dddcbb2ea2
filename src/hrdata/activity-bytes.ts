import type { RowOf } from './kinds.js';
import { dateOf, digits, employeeIdOf, LineColumns, type RowBytes } from './row-bytes.js';

const SLASH = 47;

/**
 * The activity file's row read straight from its bytes (the file is ~2/3 of a Vibemeter-scale
 * upload): one string per row (the employee ID) instead of a line, an array and six fields,
 * numbers from digits, dates from a cache keyed by y·10000 + m·100 + d. Only the plain form of
 * each value is read here — ASCII digits, M/D/YYYY, no padding; anything else answers null and
 * the row goes the string way (kinds.ts), which gives the same value or the reason it is bad.
 * tests/hrdata-parsing.test.ts checks both ways agree.
 */
export class ActivityBytes implements RowBytes<'activity_tracker'> {
  private readonly line: LineColumns;

  /** `columns`: the positions of Employee_ID, Date, Teams_Messages_Sent, Emails_Sent, Meetings_Attended, Work_Hours. */
  constructor(columns: Int32Array, width: number) {
    this.line = new LineColumns(columns, width);
  }

  read(buffer: Buffer, from: number, to: number): RowOf<'activity_tracker'> | null {
    const line = this.line;
    if (!line.split(buffer, from, to, 6)) return null;
    const day = dateOf(buffer, line.start(1), line.end(1), SLASH, true);
    const teams = digits(buffer, line.start(2), line.end(2));
    const emails = digits(buffer, line.start(3), line.end(3));
    const meetings = digits(buffer, line.start(4), line.end(4));
    const hours = decimal(buffer, line.start(5), line.end(5));
    if (day < 0 || teams < 0 || emails < 0 || meetings < 0 || hours < 0 || hours > 24) return null;
    const employeeId = employeeIdOf(buffer, line.start(0), line.end(0));
    return employeeId === null ? null : { employeeId, day, teams, emails, meetings, hours };
  }
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
