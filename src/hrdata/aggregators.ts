import { ActivityColumns, activityMonths, activityRowsBetween, ActivitySlabs, newActivityRows, type ActivityBlocks, type ActivityRows } from './activity-series.js';
import { addDecayed, DECAY_PER_DAY, decayedSum, type DecayedSum, decayedValueAt, VIBE_DECAY_PER_DAY } from './decay.js';
import { LEAVE_TYPES, type HrKind, type RowOf } from './kinds.js';
import { epochDayToIso, type EpochDay } from './values.js';

export type FeatureValue = number | string | null;
/** One employee's columns from one kind, and their per-month signals (`YYYY-MM` → values). */
export interface EmployeeKindRecord {
  features: Record<string, FeatureValue>;
  periods: Record<string, Record<string, number>>;
}

/** What an import keeps of a file: per-employee features and monthly signals. */
export interface KindAggregate {
  kind: HrKind;
  rows: number;
  /** The newest date in the file: decays count days back from it. */
  referenceDay: EpochDay | null;
  employees: Map<string, EmployeeKindRecord>;
}

export interface Aggregator<K extends HrKind> {
  add(row: RowOf<K>): void;
  finish(): KindAggregate;
  /**
   * Where a kind's file can be read in line-aligned parts on several threads (READ_IN_PARTS):
   * the rows added so far, handed over to the aggregator of the part before this one…
   */
  part?(): AggregatePart;
  /** …which takes them after its own rows: the same state as one reading of the whole file. */
  absorb?(part: AggregatePart): void;
}

/**
 * A part's rows, packed to cross threads as four buffers (transferred, not copied: a buffer per
 * employee made the transfer itself take seconds): the employees in order of first appearance,
 * how many rows each has, and their rows one employee after another.
 */
export interface AggregatePart {
  rows: number;
  newest: EpochDay | null;
  employeeIds: string[];
  lengths: Int32Array;
  series: ActivityRows;
}

/** The kinds whose big files are read in parts, one per thread, and joined (aggregators with `part` and `absorb`). */
export const READ_IN_PARTS: ReadonlySet<HrKind> = new Set(['activity_tracker']);

/** The buffers of a part, to transfer rather than copy it to another thread. */
export const transferablesOf = ({ lengths, series }: AggregatePart): ArrayBuffer[] => [lengths.buffer, series.counts.buffer, series.hours.buffer, series.days.buffer] as ArrayBuffer[];

/** Files hold a few hundred distinct days: each one's text is made once. */
function cachedByDay(text: (day: EpochDay) => string): (day: EpochDay) => string {
  const cache = new Map<EpochDay, string>();
  return (day) => {
    let value = cache.get(day);
    if (value === undefined) cache.set(day, (value = text(day)));
    return value;
  };
}
const isoDayOf = cachedByDay(epochDayToIso);
const monthOf = cachedByDay((day) => isoDayOf(day).slice(0, 7));

/** Month numbers by epoch day for the usual range, computed once each. */
const MONTH_NUMBERS = new Int32Array(80_000);
function monthNumberOf(day: EpochDay): number {
  if (day > 0 && day < MONTH_NUMBERS.length) {
    const cached = MONTH_NUMBERS[day]!;
    if (cached !== 0) return cached;
  }
  const date = new Date(day * 86_400_000);
  const month = date.getUTCFullYear() * 12 + date.getUTCMonth();
  if (day > 0 && day < MONTH_NUMBERS.length) MONTH_NUMBERS[day] = month;
  return month;
}
const monthNames = new Map<number, string>();
const monthName = (month: number) => {
  let name = monthNames.get(month);
  if (name === undefined) monthNames.set(month, (name = `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`));
  return name;
};

function addTo(periods: Record<string, Record<string, number>>, day: EpochDay, values: Record<string, number>): void {
  const bucket = (periods[monthOf(day)] ??= {});
  for (const key in values) bucket[key] = (bucket[key] ?? 0) + values[key]!;
}

/** sum, mean, median and sample standard deviation (ddof 1; one value → 0), as pandas computes them. Reorders `values`. */
export function describe(values: Float64Array): { sum: number; mean: number; median: number; std: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i]! - mean) ** 2;
  const middle = n >> 1;
  selectInPlace(values, middle);
  let median = values[middle]!;
  if (n % 2 === 0) {
    let below = values[0]!; // the largest of the lower half, all ≤ values[middle]
    for (let i = 1; i < middle; i++) if (values[i]! > below) below = values[i]!;
    median = (below + median) / 2;
  }
  return { sum, mean, median, std: n > 1 ? Math.sqrt(squares / (n - 1)) : 0 };
}

/**
 * Quickselect (Hoare partition, median-of-three pivot): puts the k-th smallest value at index
 * k, the smaller ones before it and the larger after. O(n), where TypedArray#sort of the short
 * per-employee series took most of an activity import's summarising time (~6 µs per 57 values).
 */
function selectInPlace(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const x = a[lo]!;
    const y = a[(lo + hi) >> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return; // between the two parts every value equals the pivot
  }
}

interface Slot<S> {
  employeeId: string;
  state: S;
  /** The employee of the row that came after this one's last row. */
  following: Slot<S> | null;
}

/** How many employees along the followings are tried before the map, while rows come in a repeated order. */
const LOOK_AHEAD = 4;

/** What every aggregator keeps: a state per employee, the file's row count and its newest day. */
class PerEmployee<S> {
  readonly states = new Map<string, S>();
  private readonly slots = new Map<string, Slot<S>>();
  private last: Slot<S> | null = null;
  /** The last row's employee was found along the followings. */
  private inOrder = true;
  rows = 0;
  newest: EpochDay | null = null;
  constructor(private readonly create: () => S) {}

  /**
   * Counts the row and returns its employee's state (created on first sight). HR exports repeat
   * one order of employees (every employee for a day, then the next day; or each employee's
   * rows together), so the employee after the previous row's is tried before the map: a string
   * comparison instead of a hash lookup of a fresh string in a map of tens of thousands. Where
   * some employees have no row on a day, the row's employee is often a few followings further
   * on: those are tried too, unless the last row's employee was not found that way either (a
   * file in no such order would pay for them on every row).
   */
  next(employeeId: string, day: EpochDay | null = null): S {
    this.rows++;
    if (day !== null && (this.newest === null || day > this.newest)) this.newest = day;
    const last = this.last;
    let slot = last === null ? null : last.employeeId === employeeId ? last : last.following;
    const reach = this.inOrder ? LOOK_AHEAD : 1;
    for (let tried = 1; tried < reach && slot !== null && slot.employeeId !== employeeId; tried++) slot = slot.following;
    this.inOrder = slot !== null && slot.employeeId === employeeId;
    if (slot === null || !this.inOrder) {
      slot = this.slots.get(employeeId) ?? null;
      if (slot === null) {
        slot = { employeeId, state: this.create(), following: null };
        this.slots.set(employeeId, slot);
        this.states.set(employeeId, slot.state);
      }
      if (last !== null && last !== slot) last.following = slot;
    }
    this.last = slot;
    return slot.state;
  }

  /** The state of an employee of another part of the file: theirs if this part had them, else a new one, after this part's. */
  stateFor(employeeId: string): S {
    let slot = this.slots.get(employeeId);
    if (slot === undefined) {
      slot = { employeeId, state: this.create(), following: null };
      this.slots.set(employeeId, slot);
      this.states.set(employeeId, slot.state);
    }
    this.last = null;
    return slot.state;
  }

  /** Takes another part's row count and newest day (its rows come after this part's). */
  countPart(rows: number, newest: EpochDay | null): void {
    this.rows += rows;
    if (newest !== null && (this.newest === null || newest > this.newest)) this.newest = newest;
  }

  forget(employeeId: string): void {
    this.states.delete(employeeId);
    this.slots.delete(employeeId);
    this.last = null;
  }
}

export const ACTIVITY_METRICS = ['Teams_Messages_Sent', 'Emails_Sent', 'Meetings_Attended', 'Work_Hours'] as const;
const ACTIVITY_FEATURES = ACTIVITY_METRICS.map((metric) => [`${metric}_sum`, `${metric}_mean`, `${metric}_median`, `${metric}_std`] as const);

/** One employee's activity rows: as read by this part, then those of later parts (views into their packed buffers). */
interface ActivitySeries extends ActivityBlocks {
  later: ActivityRows[];
}

function activityAggregator(): Aggregator<'activity_tracker'> {
  const slabs = new ActivitySlabs();
  const none = newActivityRows(0);
  // Written out, not spread: a spread state made every row several times slower.
  const employees = new PerEmployee<ActivitySeries>(() => ({ blocks: [], length: 0, counts: none.counts, hours: none.hours, days: none.days, at: 0, end: 0, later: [] }));
  return {
    add(row) {
      slabs.append(employees.next(row.employeeId, row.day), row);
    },
    part() {
      const employeeIds = [...employees.states.keys()];
      const lengths = Int32Array.from(employees.states.values(), (state) => state.length);
      const series = newActivityRows(employees.rows);
      for (const state of employees.states.values()) slabs.copyInto(state, series);
      return { rows: employees.rows, newest: employees.newest, employeeIds, lengths, series };
    },
    absorb({ rows, newest, employeeIds, lengths, series }) {
      employees.countPart(rows, newest);
      let from = 0;
      employeeIds.forEach((id, i) => {
        const to = from + lengths[i]!;
        employees.stateFor(id).later.push(activityRowsBetween(series, from, to));
        from = to;
      });
    },
    finish() {
      const out = new Map<string, EmployeeKindRecord>();
      const activityColumns = new ActivityColumns();
      for (const [id, state] of employees.states) {
        const features: Record<string, FeatureValue> = {};
        const runs = [slabs.gather(state), ...state.later];
        const n = runs.reduce((sum, run) => sum + run.length, 0);
        const { lastDay, months } = activityMonths(runs, monthNumberOf);
        const columns = activityColumns.of(runs, n);
        ACTIVITY_FEATURES.forEach(([sum, mean, median, std], i) => {
          const stats = describe(columns[i]!);
          features[sum] = stats.sum;
          features[mean] = stats.mean;
          features[median] = stats.median;
          features[std] = stats.std;
        });
        features.Last_activity_entry = epochDayToIso(lastDay);
        features.Total_activity_entry = n;
        const periods: EmployeeKindRecord['periods'] = {};
        for (const [month, sums] of months) {
          periods[monthName(month)] = { activity_days: sums[0]!, work_hours: sums[1]!, meetings: sums[2]!, teams_messages: sums[3]!, emails: sums[4]! };
        }
        out.set(id, { features, periods });
        employees.forget(id); // free each employee's rows as soon as they are summarised
      }
      return { kind: 'activity_tracker', rows: employees.rows, referenceDay: employees.newest, employees: out };
    },
  };
}

function leaveAggregator(): Aggregator<'leave'> {
  let anchor: EpochDay | null = null;
  const employees = new PerEmployee(() => ({ factors: LEAVE_TYPES.map(() => decayedSum(DECAY_PER_DAY, anchor!)), periods: {} as EmployeeKindRecord['periods'] }));
  return {
    add(row) {
      anchor ??= row.endDay;
      const state = employees.next(row.employeeId, row.endDay);
      addDecayed(state.factors[LEAVE_TYPES.indexOf(row.type)]!, row.days, row.endDay);
      addTo(state.periods, row.endDay, { [`leave_days:${row.type}`]: row.days, leave_days: row.days });
    },
    finish() {
      const out = new Map<string, EmployeeKindRecord>();
      for (const [id, state] of employees.states) {
        const features: Record<string, FeatureValue> = {};
        LEAVE_TYPES.forEach((type, i) => (features[`${type}_Factor`] = decayedValueAt(state.factors[i]!, employees.newest!)));
        out.set(id, { features, periods: state.periods });
      }
      return { kind: 'leave', rows: employees.rows, referenceDay: employees.newest, employees: out };
    },
  };
}

const ONBOARDING_SCORE = { Excellent: 3, Good: 2, Average: 1, Poor: 0 } as const;

function onboardingAggregator(): Aggregator<'onboarding'> {
  const employees = new Map<string, { joinDay: EpochDay; feedback: keyof typeof ONBOARDING_SCORE; mentor: boolean; training: boolean }>();
  let rows = 0;
  let newest: EpochDay | null = null;
  return {
    add(row) {
      rows++;
      const first = employees.get(row.employeeId);
      // As the original: the first joining date, the last feedback.
      employees.set(row.employeeId, { ...row, joinDay: first?.joinDay ?? row.joinDay });
      if (newest === null || row.joinDay > newest) newest = row.joinDay;
    },
    finish() {
      const out = new Map<string, EmployeeKindRecord>();
      for (const [id, state] of employees) {
        const daysSinceJoining = newest! - state.joinDay;
        out.set(id, {
          features: {
            Joining_Date: epochDayToIso(state.joinDay),
            Onboarding_Feedback: state.feedback,
            Mentor_Assigned: state.mentor ? 1 : 0,
            Initial_Training_Completed: state.training ? 1 : 0,
            Days_Since_Joining: daysSinceJoining,
            Onboarding_Factor: ONBOARDING_SCORE[state.feedback] * Math.exp(-DECAY_PER_DAY * daysSinceJoining),
          },
          periods: {},
        });
      }
      return { kind: 'onboarding', rows, referenceDay: newest, employees: out };
    },
  };
}

function performanceAggregator(): Aggregator<'performance'> {
  const latest = new Map<string, RowOf<'performance'>>();
  let rows = 0;
  return {
    add(row) {
      rows++;
      const current = latest.get(row.employeeId);
      // Year descending, then Annual > H2 > H1; on a tie the first row in the file stays.
      if (!current || row.year > current.year || (row.year === current.year && row.rank > current.rank)) latest.set(row.employeeId, row);
    },
    finish() {
      const out = new Map<string, EmployeeKindRecord>();
      for (const [id, row] of latest) {
        out.set(id, {
          features: { Performance_Rating: row.rating, Manager_Feedback: row.feedback, Promotion_Consideration: row.promotion ? 1 : 0 },
          periods: {},
        });
      }
      return { kind: 'performance', rows, referenceDay: null, employees: out };
    },
  };
}

function rewardsAggregator(): Aggregator<'rewards'> {
  let anchor: EpochDay | null = null;
  const employees = new PerEmployee(() => ({ points: decayedSum(DECAY_PER_DAY, anchor!), counts: {} as Record<string, number>, periods: {} as EmployeeKindRecord['periods'] }));
  return {
    add(row) {
      anchor ??= row.day;
      const state = employees.next(row.employeeId, row.day);
      addDecayed(state.points, row.points, row.day);
      state.counts[row.awardType] = (state.counts[row.awardType] ?? 0) + 1;
      addTo(state.periods, row.day, { awards: 1, reward_points: row.points, [`awards:${row.awardType}`]: 1 });
    },
    finish() {
      const out = new Map<string, EmployeeKindRecord>();
      for (const [id, state] of employees.states) {
        const features: Record<string, FeatureValue> = { Total_Decayed_Reward_Points: decayedValueAt(state.points, employees.newest!) };
        let awards = 0;
        for (const [type, n] of Object.entries(state.counts)) {
          features[`Award_Count:${type}`] = n;
          awards += n;
        }
        features.Award_Count = awards;
        out.set(id, { features, periods: state.periods });
      }
      return { kind: 'rewards', rows: employees.rows, referenceDay: employees.newest, employees: out };
    },
  };
}

export const RECENT_RESPONSES = 10;

/** Least-squares slope of score per day (0 for fewer than two distinct days). */
function slopePerDay(points: Array<{ day: number; score: number }>): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanDay = points.reduce((a, p) => a + p.day, 0) / n;
  const meanScore = points.reduce((a, p) => a + p.score, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.day - meanDay) * (p.score - meanScore);
    den += (p.day - meanDay) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

type VibeResponse = { day: number; score: number };

/** Where an employee's newest responses are in RecentResponses: from offset `ring`, oldest at slot `ringHead`; newestDay is the newest one's day. */
interface RecentRing {
  ring: number;
  ringHead: number;
  ringLength: number;
  newestDay: number;
}

/**
 * The newest RECENT_RESPONSES responses of every employee, oldest first (files need not be sorted
 * by date), without an object per response: [day, score] pairs in one array, a ring per employee.
 * A response in date order (the usual case) is a write to memory the row does not otherwise read.
 */
class RecentResponses {
  private pairs = new Float64Array(2 * RECENT_RESPONSES * 1024);
  private rings = 0;

  /** A new ring's offset. */
  open(): number {
    const ring = 2 * RECENT_RESPONSES * this.rings++;
    if (ring === this.pairs.length) {
      const grown = new Float64Array(2 * this.pairs.length);
      grown.set(this.pairs);
      this.pairs = grown;
    }
    return ring;
  }

  add(at: RecentRing, day: number, score: number): void {
    let place = at.ringLength; // after the responses of its day and earlier ones
    if (place > 0 && day < at.newestDay) while (place > 0 && this.dayAt(at, place - 1) > day) place--;
    else at.newestDay = day;
    if (at.ringLength === RECENT_RESPONSES) {
      if (place === 0) return; // older than all the kept ones
      at.ringHead = (at.ringHead + 1) % RECENT_RESPONSES; // the oldest goes
      at.ringLength--;
      place--;
    }
    for (let i = at.ringLength; i > place; i--) this.write(at, i, this.dayAt(at, i - 1), this.scoreAt(at, i - 1));
    this.write(at, place, day, score);
    at.ringLength++;
  }

  /** Oldest first. */
  toArray(at: RecentRing): VibeResponse[] {
    return Array.from({ length: at.ringLength }, (_, i) => ({ day: this.dayAt(at, i), score: this.scoreAt(at, i) }));
  }

  /** The i-th response's pair, oldest first. */
  private pair(at: RecentRing, i: number): number {
    return at.ring + 2 * ((at.ringHead + i) % RECENT_RESPONSES);
  }

  private dayAt(at: RecentRing, i: number): number {
    return this.pairs[this.pair(at, i)]!;
  }

  private scoreAt(at: RecentRing, i: number): number {
    return this.pairs[this.pair(at, i) + 1]!;
  }

  private write(at: RecentRing, i: number, day: number, score: number): void {
    const pair = this.pair(at, i);
    this.pairs[pair] = day;
    this.pairs[pair + 1] = score;
  }
}

/**
 * An employee's vibe rows so far. Its decayed sum, its ring's place and its current month's
 * counts are fields of its own: a row reaches one object, not one for each.
 */
interface VibeState extends DecayedSum, RecentRing {
  responses: number;
  periods: EmployeeKindRecord['periods'];
  /** The month of the employee's last row and its counts, not yet added to its bucket of periods (rows come in date order: the month rarely changes). */
  monthNumber: number;
  month: Record<string, number> | null;
  monthResponses: number;
  monthScore: number;
}

/** Scores are whole numbers, so the sums are exact whichever way they are grouped. */
function addMonthCounts(state: VibeState): void {
  if (state.month === null) return;
  state.month.vibe_responses! += state.monthResponses;
  state.month.vibe_score! += state.monthScore;
  state.monthResponses = 0;
  state.monthScore = 0;
}

function vibeAggregator(): Aggregator<'vibemeter'> {
  let anchor: EpochDay | null = null;
  const recentResponses = new RecentResponses();
  const employees = new PerEmployee<VibeState>(() => ({
    lambda: VIBE_DECAY_PER_DAY, // the DecayedSum written out: spreading decayedSum() here made every row several times slower
    anchor: anchor!,
    sum: 0,
    responses: 0,
    ring: recentResponses.open(),
    ringHead: 0,
    ringLength: 0,
    newestDay: 0,
    periods: {},
    monthNumber: -1,
    month: null,
    monthResponses: 0,
    monthScore: 0,
  }));
  return {
    add(row) {
      anchor ??= row.day;
      const state = employees.next(row.employeeId, row.day);
      addDecayed(state, row.score, row.day);
      state.responses++;
      recentResponses.add(state, row.day, row.score);
      const monthNumber = monthNumberOf(row.day);
      if (state.monthNumber !== monthNumber) {
        addMonthCounts(state);
        state.month = state.periods[monthOf(row.day)] ??= { vibe_responses: 0, vibe_score: 0 };
        state.monthNumber = monthNumber;
      }
      state.monthResponses++;
      state.monthScore += row.score;
    },
    finish() {
      const out = new Map<string, EmployeeKindRecord>();
      for (const [id, state] of employees.states) {
        addMonthCounts(state);
        const recent = recentResponses.toArray(state);
        out.set(id, {
          features: {
            Decayed_Vibe: decayedValueAt(state, employees.newest!),
            Vibe_Responses: state.responses,
            Last_Vibe_Score: recent.at(-1)!.score,
            Recent_Vibe_Mean: recent.reduce((a, p) => a + p.score, 0) / recent.length,
            Recent_Vibe_Slope: slopePerDay(recent),
            Recent_Vibe_Scores: recent.map((p) => `${isoDayOf(p.day)}:${p.score}`).join(' '),
          },
          periods: state.periods,
        });
      }
      return { kind: 'vibemeter', rows: employees.rows, referenceDay: employees.newest, employees: out };
    },
  };
}

/** The directory: one entry per employee, the last row of the file wins. */
function directoryAggregator(): Aggregator<'employees'> {
  const entries = new Map<string, RowOf<'employees'>>();
  let rows = 0;
  return {
    add(row) {
      rows++;
      entries.set(row.employeeId, row);
    },
    finish() {
      const out = new Map<string, EmployeeKindRecord>();
      for (const [id, row] of entries) {
        out.set(id, { features: { Name: row.name, Email: row.email, Department: row.department, Post: row.post, Manager: row.manager }, periods: {} });
      }
      return { kind: 'employees', rows, referenceDay: null, employees: out };
    },
  };
}

const FACTORIES: { [K in HrKind]: () => Aggregator<K> } = {
  activity_tracker: activityAggregator,
  leave: leaveAggregator,
  onboarding: onboardingAggregator,
  performance: performanceAggregator,
  rewards: rewardsAggregator,
  vibemeter: vibeAggregator,
  employees: directoryAggregator,
};

export function createAggregator<K extends HrKind>(kind: K): Aggregator<K> {
  return FACTORIES[kind]();
}
