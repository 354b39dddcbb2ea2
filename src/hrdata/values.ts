import { EMPLOYEE_ID, EMPLOYEE_ID_RULE } from '../users/user.js';
/** A value that does not fit its column: the row is rejected with this reason. */
export class ValueError extends Error {}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC): exact integers for the decay arithmetic. */
export type EpochDay = number;

export function epochDayToIso(day: EpochDay): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day's number, or null if there is no such calendar day. */
/** HR data is about people at work now: a year outside these is a typo ("0023", "9999"), not a date. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

export function calendarDay(year: number, month: number, day: number): EpochDay | null {
  // Date.UTC would also read years 0-99 as 1900-1999.
  if (year < FIRST_YEAR || year > LAST_YEAR) return null;
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (month < 1 || month > 12 || date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null;
  return ms / DAY_MS;
}

function toEpochDay(year: number, month: number, day: number, raw: string, format: string): EpochDay {
  const epochDay = calendarDay(year, month, day);
  if (epochDay === null) throw new ValueError(`expected a date ${format}, got "${raw}" (${year < FIRST_YEAR || year > LAST_YEAR ? `the year must be ${FIRST_YEAR}-${LAST_YEAR}` : 'no such day'})`);
  return epochDay;
}

const MDY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DMY = /^(\d{1,2})-(\d{1,2})-(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Files repeat the same few hundred dates millions of times: parse each once. */
function cached(parse: (raw: string) => EpochDay): (raw: string) => EpochDay {
  const seen = new Map<string, EpochDay>();
  return (raw) => {
    let day = seen.get(raw);
    if (day === undefined) {
      day = parse(raw);
      if (seen.size < 100_000) seen.set(raw, day);
    }
    return day;
  };
}

export const dateMDY = cached((raw) => {
  const m = MDY.exec(raw);
  if (!m) throw new ValueError(`expected a date M/D/YYYY, got "${raw}"`);
  return toEpochDay(+m[3]!, +m[1]!, +m[2]!, raw, 'M/D/YYYY');
});

export const dateDMY = cached((raw) => {
  const m = DMY.exec(raw);
  if (!m) throw new ValueError(`expected a date DD-MM-YYYY, got "${raw}"`);
  return toEpochDay(+m[3]!, +m[2]!, +m[1]!, raw, 'DD-MM-YYYY');
});

export const dateISO = cached((raw) => {
  const m = ISO.exec(raw);
  if (!m) throw new ValueError(`expected a date YYYY-MM-DD, got "${raw}"`);
  return toEpochDay(+m[1]!, +m[2]!, +m[3]!, raw, 'YYYY-MM-DD');
});

const INTEGER = /^\d+$/;

/** Digits only (the hot path of millions of rows: a char loop rather than a regex). */
function isDigits(raw: string, from = 0, to = raw.length): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function count(raw: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!isDigits(raw)) throw new ValueError(`expected a whole number ≥ 0, got "${raw}"`);
  const value = Number(raw);
  if (value > max) throw new ValueError(`expected at most ${max}, got "${raw}"`);
  return value;
}

export function decimal(raw: string, max: number): number {
  const dot = raw.indexOf('.');
  const valid = dot === -1 ? isDigits(raw) : isDigits(raw, 0, dot) && isDigits(raw, dot + 1);
  if (!valid) throw new ValueError(`expected a number ≥ 0, got "${raw}"`);
  const value = Number(raw);
  if (value > max) throw new ValueError(`expected at most ${max}, got "${raw}"`);
  return value;
}

export function scale(raw: string, min: number, max: number): number {
  const value = INTEGER.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) throw new ValueError(`expected a whole number ${min}–${max}, got "${raw}"`);
  return value;
}

export function oneOf<const T extends string>(raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ValueError(`expected one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

export function bool(raw: string): boolean {
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw new ValueError(`expected True or False, got "${raw}"`);
}

export function label(raw: string): string {
  if (raw === '' || raw.length > 64) throw new ValueError('must be 1–64 characters');
  if (raw.includes('\u0000')) throw new ValueError('must not contain the NUL character (U+0000)');
  return raw;
}

export function employeeId(raw: string): string {
  if (raw === '') throw new ValueError('must not be empty');
  if (!EMPLOYEE_ID.test(raw)) throw new ValueError(`${EMPLOYEE_ID_RULE}, got "${raw.slice(0, 40)}"`);
  return raw;
}
