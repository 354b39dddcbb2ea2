import * as dfd from 'danfojs-node';
import type { FeatureValue } from './aggregators.js';
import type { HrSummary } from './hrdata-columns.js';
import { FEATURES, MANAGER_FEEDBACK_ENCODING, ONBOARDING_FEEDBACK_ENCODING } from './features.js';
import type { Matrix } from './isolation-forest.js';

export type MasterRow = Record<string, FeatureValue>;

export type { HrSummary };

export interface MasterTable {
  employeeIds: string[];
  /** One merged row per employee: every kind's columns plus the encoded feedback. */
  rows: MasterRow[];
  /** The detector's input: the 20 features, median-imputed and standardised. */
  features: Matrix;
  /** Each standardised feature's median: the "typical employee" used for attribution. */
  typical: Float64Array;
  summary: HrSummary;
}

function median(values: Float64Array): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const numeric = (value: FeatureValue | undefined): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * The per-employee master table (an outer join of every kind's columns on Employee_ID),
 * with the frame work done in danfo.js: imputation, standardisation, statistics.
 */
/** The feature columns with their gaps filled by the column's median, then standardised (danfo.js). */
function standardisedValues(raw: Float64Array[], medians: number[], columns: string[]) {
  const frame = new dfd.DataFrame(Object.fromEntries(columns.map((column, j) => [column, Array.from(raw[j]!)])), { columns });
  const imputed = frame.fillNa(medians, { columns }) as dfd.DataFrame;
  return (new dfd.StandardScaler().fitTransform(imputed) as dfd.DataFrame).values;
}

export function buildMasterTable(byEmployee: Map<string, MasterRow>): MasterTable {
  const employeeIds = [...byEmployee.keys()].sort();
  const rows = employeeIds.map((id) => {
    const row: MasterRow = { Employee_ID: id, ...byEmployee.get(id) };
    const onboarding = ONBOARDING_FEEDBACK_ENCODING[String(row.Onboarding_Feedback)];
    const manager = MANAGER_FEEDBACK_ENCODING[String(row.Manager_Feedback)];
    row.Onboarding_Feedback_Encoded = onboarding ?? null;
    row.Manager_Feedback_Encoded = manager ?? null;
    return row;
  });

  const columns = FEATURES.map((f) => f.column);
  const n = rows.length;
  const raw = columns.map((column) => Float64Array.from(rows, (row) => numeric(row[column]) ?? NaN));
  // Medians by sorting typed arrays: danfo.js's median (mathjs) took seconds per column at 35,000 rows.
  // A column nobody has (its kind not uploaded yet) imputes to 0: constant, so it adds nothing.
  const medians = raw.map((values) => median(values.filter((v) => !Number.isNaN(v))) ?? 0);
  const data = new Float64Array(n * columns.length);
  // No employee at all (every upload undone): danfo.js refuses an empty frame, and there is nothing to scale.
  const values = n === 0 ? [] : (standardisedValues(raw, medians, columns) as number[][]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < columns.length; j++) {
      const value = values[i]![j]!;
      data[i * columns.length + j] = Number.isFinite(value) ? value : 0; // zero variance → 0
    }
  }
  const typical = Float64Array.from(columns, (_, j) => median(Float64Array.from({ length: n }, (_, i) => data[i * columns.length + j]!)) ?? 0);

  return { employeeIds, rows, features: { rows: n, columns: columns.length, data }, typical, summary: summarise(rows) };
}

function summarise(rows: MasterRow[]): HrSummary {
  const vibeDistribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let employeesWithoutVibe = 0;
  const vibe = rows.map((row) => numeric(row.Recent_Vibe_Mean));
  for (const value of vibe) {
    if (value === null) employeesWithoutVibe++;
    else vibeDistribution[String(Math.min(5, Math.max(1, Math.round(value)))) as keyof typeof vibeDistribution]++;
  }
  const hours = rows.map((row) => numeric(row.Work_Hours_mean)).filter((h): h is number => h !== null);
  const meanWorkHours = hours.length > 0 ? (new dfd.Series(hours).mean() as number) : null;
  return { headcount: rows.length, vibeDistribution, employeesWithoutVibe, meanWorkHours };
}
