import type { RowOf } from './kinds.js';
import type { EpochDay } from './values.js';

/**
 * Activity rows, compact: the three counts as float32 (exact up to 2^24), the hours as float64
 * and the day as int32. Medians need every value; at 35,000 employees × 260 days this keeps the
 * raw data near 220 MB instead of boxed JS arrays.
 */
export interface ActivityRows {
  /** teams, emails, meetings; row after row. */
  counts: Float32Array<ArrayBuffer>;
  hours: Float64Array<ArrayBuffer>;
  days: Int32Array<ArrayBuffer>;
  length: number;
}

export const newActivityRows = (capacity: number): ActivityRows => ({
  counts: new Float32Array(3 * capacity),
  hours: new Float64Array(capacity),
  days: new Int32Array(capacity),
  length: 0,
});

/** Rows [from, to) of `rows`, as a view. */
export const activityRowsBetween = (rows: ActivityRows, from: number, to: number): ActivityRows => ({
  counts: rows.counts.subarray(3 * from, 3 * to),
  hours: rows.hours.subarray(from, to),
  days: rows.days.subarray(from, to),
  length: to - from,
});

const BLOCK_ROWS = 32;
const SLAB_BLOCKS = 4096;

/**
 * One employee's rows as they arrive, in blocks of BLOCK_ROWS rows carved from slabs shared by
 * all employees (ActivitySlabs): no typed array per employee (allocating and doubling ~35,000
 * of them cost about a second of an import). The state points at its current block's slab.
 */
export interface ActivityBlocks {
  /** Empty at first: the state points at no block (`at` = `end`). */
  blocks: number[];
  length: number;
  counts: Float32Array<ArrayBuffer>;
  hours: Float64Array<ArrayBuffer>;
  days: Int32Array<ArrayBuffer>;
  /** The next free row in the current block's slab, and the block's end. */
  at: number;
  end: number;
}

export class ActivitySlabs {
  private readonly slabs: ActivityRows[] = [];
  private used = SLAB_BLOCKS;
  /** Reused by `gather`: one employee's rows at a time. */
  private scratch = newActivityRows(512);

  append(state: ActivityBlocks, row: RowOf<'activity_tracker'>): void {
    if (state.at === state.end) this.nextBlock(state);
    const k = state.at++;
    state.length++;
    state.counts[3 * k] = row.teams;
    state.counts[3 * k + 1] = row.emails;
    state.counts[3 * k + 2] = row.meetings;
    state.hours[k] = row.hours;
    state.days[k] = row.day;
  }

  private nextBlock(state: ActivityBlocks): void {
    if (this.used === SLAB_BLOCKS) {
      this.slabs.push(newActivityRows(SLAB_BLOCKS * BLOCK_ROWS));
      this.used = 0;
    }
    const slab = this.slabs.length - 1;
    const block = this.used++;
    state.blocks.push(slab * SLAB_BLOCKS + block);
    const rows = this.slabs[slab]!;
    state.counts = rows.counts;
    state.hours = rows.hours;
    state.days = rows.days;
    state.at = block * BLOCK_ROWS;
    state.end = state.at + BLOCK_ROWS;
  }

  /** Copies an employee's rows, in order, into `into` from its row `into.length` on. */
  copyInto(state: ActivityBlocks, into: ActivityRows): void {
    let left = state.length;
    for (const block of state.blocks) {
      const slab = this.slabs[Math.floor(block / SLAB_BLOCKS)]!;
      const from = (block % SLAB_BLOCKS) * BLOCK_ROWS;
      const n = Math.min(left, BLOCK_ROWS);
      into.counts.set(slab.counts.subarray(3 * from, 3 * (from + n)), 3 * into.length);
      into.hours.set(slab.hours.subarray(from, from + n), into.length);
      into.days.set(slab.days.subarray(from, from + n), into.length);
      into.length += n;
      left -= n;
    }
  }

  /** An employee's rows as one run, valid until the next call (a buffer reused for every employee). */
  gather(state: ActivityBlocks): ActivityRows {
    if (this.scratch.hours.length < state.length) this.scratch = newActivityRows(2 * state.length);
    this.scratch.length = 0;
    this.copyInto(state, this.scratch);
    return this.scratch;
  }
}

/** Per month (in order of first appearance): [days, hours, meetings, teams, emails] summed in row order; and the last day. */
export function activityMonths(runs: ActivityRows[], monthNumberOf: (day: EpochDay) => number): { lastDay: EpochDay; months: Map<number, Float64Array> } {
  const months = new Map<number, Float64Array>();
  let lastDay = -Infinity;
  let month = -1;
  let sums: Float64Array | null = null;
  for (const { days, hours, counts, length } of runs) {
    for (let k = 0; k < length; k++) {
      const day = days[k]!;
      if (day > lastDay) lastDay = day;
      const m = monthNumberOf(day);
      if (m !== month || sums === null) {
        sums = months.get(m) ?? null;
        if (!sums) months.set(m, (sums = new Float64Array(5)));
        month = m;
      }
      sums[0]! += 1;
      sums[1]! += hours[k]!;
      sums[2]! += counts[3 * k + 2]!;
      sums[3]! += counts[3 * k]!;
      sums[4]! += counts[3 * k + 1]!;
    }
  }
  return { lastDay, months };
}

/**
 * The four metrics' columns over all runs, in order, as float64: teams, emails, meetings, hours.
 * Views of buffers reused from call to call (a fresh array per column and employee was a
 * good part of a summary's time): valid until the next call.
 */
export class ActivityColumns {
  private buffers = [0, 1, 2, 3].map(() => new Float64Array(512));

  of(runs: ActivityRows[], n: number): Float64Array[] {
    if (this.buffers[0]!.length < n) this.buffers = this.buffers.map(() => new Float64Array(2 * n));
    const columns = this.buffers.map((buffer) => buffer.subarray(0, n));
    let at = 0;
    for (const { counts, hours, length } of runs) {
      for (let m = 0; m < 3; m++) {
        const column = columns[m]!;
        for (let k = 0; k < length; k++) column[at + k] = counts[3 * k + m]!;
      }
      columns[3]!.set(hours.subarray(0, length), at);
      at += length;
    }
    return columns;
  }
}
