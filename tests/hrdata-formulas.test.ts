import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmployeeKindRecord } from '../src/hrdata/aggregators.js';
import { importCsvFile } from '../src/hrdata/csv-import.js';
import { FEATURES } from '../src/hrdata/features.js';
import { IsolationForest } from '../src/hrdata/isolation-forest.js';
import { HR_KINDS, KINDS, type HrKind } from '../src/hrdata/kinds.js';
import { buildMasterTable, type MasterRow } from '../src/hrdata/master-table.js';
import { seededRandom } from '../src/hrdata/random.js';

// Three employees (A, B, C) whose every value below is worked out by hand from
// tests/fixtures/hrdata/hand/. λ = 0.01 per day (vibe 0.005), counted back from the file's newest date.
const hand = path.resolve('tests/fixtures/hrdata/hand');
const e = Math.exp;

async function load(kind: HrKind): Promise<Map<string, EmployeeKindRecord>> {
  const result = await importCsvFile({ kind, path: path.join(hand, KINDS[kind].fileName) });
  if (!result.ok) throw new Error(result.error.message);
  return result.aggregate.employees;
}
const features = async (kind: HrKind, id: string) => (await load(kind)).get(id)?.features;

describe('the spec formulas on a hand-computed fixture', () => {
  it('activity: sum, mean, median, sample std (one row → 0), last date, row count', async () => {
    const a = await features('activity_tracker', 'A');
    expect(a).toMatchObject({
      Teams_Messages_Sent_sum: 60, Teams_Messages_Sent_mean: 20, Teams_Messages_Sent_median: 20, Teams_Messages_Sent_std: 10, // √((100+0+100)/2)
      Emails_Sent_sum: 21, Emails_Sent_mean: 7, Emails_Sent_median: 7, Emails_Sent_std: 2,
      Meetings_Attended_sum: 9, Meetings_Attended_mean: 3, Meetings_Attended_median: 3, Meetings_Attended_std: 1,
      Work_Hours_sum: 27, Work_Hours_mean: 9, Work_Hours_median: 9, Work_Hours_std: 1,
      Last_activity_entry: '2024-01-03', Total_activity_entry: 3,
    });
    expect(await features('activity_tracker', 'B')).toMatchObject({ Work_Hours_mean: 6.5, Work_Hours_std: 0, Total_activity_entry: 1 });
  });

  it('leave: Σ days·e^(−λ·days since the end) per type, from the newest end date (1/11/2024)', async () => {
    const a = (await features('leave', 'A'))!;
    expect(a['Sick Leave_Factor']).toBeCloseTo(3 * e(-0.01 * 7) + 2 * e(0), 12);
    expect(a['Annual Leave_Factor']).toBeCloseTo(5 * e(-0.01 * 5), 12);
    expect(a['Casual Leave_Factor']).toBe(0);
    expect(a['Unpaid Leave_Factor']).toBe(0);
    expect((await features('leave', 'B'))!['Unpaid Leave_Factor']).toBeCloseTo(1, 12);
  });

  it('onboarding: days since joining (from the newest joining date) and the decayed feedback factor', async () => {
    expect(await features('onboarding', 'A')).toMatchObject({ Days_Since_Joining: 10, Onboarding_Feedback: 'Good', Joining_Date: '2024-01-01' });
    expect((await features('onboarding', 'A'))!.Onboarding_Factor).toBeCloseTo(2 * e(-0.1), 12);
    expect((await features('onboarding', 'B'))!.Onboarding_Factor).toBeCloseTo(3 * e(-0.2), 12);
    expect((await features('onboarding', 'C'))!.Onboarding_Factor).toBe(0); // Poor = 0
  });

  it('performance: the latest review (year descending, then Annual > H2 > H1)', async () => {
    expect(await features('performance', 'A')).toMatchObject({ Performance_Rating: 3, Manager_Feedback: 'Meets Expectations' });
    expect(await features('performance', 'B')).toMatchObject({ Performance_Rating: 1, Manager_Feedback: 'Needs Improvement' });
  });

  it('rewards: counts per award type and decayed points from the newest award date', async () => {
    const a = (await features('rewards', 'A'))!;
    expect(a.Total_Decayed_Reward_Points).toBeCloseTo(100 * e(-0.2) + 50, 12);
    expect(a['Award_Count:Star Performer']).toBe(2);
    expect((await features('rewards', 'C'))!.Total_Decayed_Reward_Points).toBeCloseTo(200 * e(-0.1), 12);
  });

  it('vibe: decayed sum (λ = 0.005), recent mean and least-squares slope per day', async () => {
    const a = (await features('vibemeter', 'A'))!;
    expect(a.Decayed_Vibe).toBeCloseTo(2 * e(-0.005 * 20) + 4 * e(-0.005 * 10) + 3, 12);
    expect(a.Recent_Vibe_Mean).toBe(3);
    expect(a.Recent_Vibe_Slope).toBeCloseTo(10 / 200, 12); // days (0,10,20), scores (2,4,3)
    expect(a.Last_Vibe_Score).toBe(3);
  });

  it('master table: outer join, encodings, median imputation and standardisation of the 20 features', async () => {
    const merged = new Map<string, MasterRow>();
    for (const kind of HR_KINDS) for (const [id, record] of await load(kind)) merged.set(id, { ...merged.get(id), ...record.features });
    const table = buildMasterTable(merged);
    expect(table.employeeIds).toEqual(['A', 'B', 'C']);
    expect(table.rows.map((r) => [r.Onboarding_Feedback_Encoded, r.Manager_Feedback_Encoded])).toEqual([[2.5, 3], [3, 2], [1, null]]);
    expect(table.features.columns).toBe(20);
    const column = (name: string) => {
      const j = FEATURES.findIndex((f) => f.column === name);
      return [0, 1, 2].map((i) => table.features.data[i * 20 + j]!);
    };
    // Manager feedback: C imputed with the median 2.5 → [3, 2, 2.5]; mean 2.5, population std √(1/6).
    // (danfo.js's scaler computes in float32: 6 decimals.)
    const z = 0.5 / Math.sqrt(1 / 6);
    expect(column('Manager_Feedback_Encoded')[0]).toBeCloseTo(z, 6);
    expect(column('Manager_Feedback_Encoded')[1]).toBeCloseTo(-z, 6);
    expect(column('Manager_Feedback_Encoded')[2]).toBeCloseTo(0, 6);
    // A column nobody varies on standardises to 0, not NaN.
    expect(column('Casual Leave_Factor')).toEqual([0, 0, 0]);
    expect(table.summary).toMatchObject({ headcount: 3, meanWorkHours: (9 + 6.5) / 2, employeesWithoutVibe: 1 });
  });
});

describe('the isolation forest', () => {
  const blob = (outliers: number[][]) => {
    const random = seededRandom(1);
    const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const rows = [...Array.from({ length: 400 }, () => [gaussian(), gaussian(), gaussian()]), ...outliers];
    return { rows: rows.length, columns: 3, data: Float64Array.from(rows.flat()) };
  };

  it('flags far outliers, about the contamination share of rows, the same way every time', () => {
    const matrix = blob([[8, 8, 8], [-9, 0, 7], [0, 10, -10]]);
    const forest = new IsolationForest(matrix);
    const decision = forest.decision(forest.scoreSamples(matrix));
    const flagged = [...decision.keys()].filter((i) => decision[i]! < 0);
    expect(flagged).toEqual(expect.arrayContaining([400, 401, 402]));
    expect(flagged.length).toBe(Math.floor(402 * 0.05) + 1); // strictly below the interpolated 5% quantile, as scikit-learn
    const again = new IsolationForest(matrix);
    expect(Array.from(again.decision(again.scoreSamples(matrix)))).toEqual(Array.from(decision));
  });

  it('scores an outlier closer to −1 than an inlier, as scikit-learn scores', () => {
    const matrix = blob([[8, 8, 8]]);
    const forest = new IsolationForest(matrix);
    const scores = forest.scoreSamples(matrix);
    expect(scores[400]!).toBeLessThan(-0.6);
    expect(scores[0]!).toBeGreaterThan(-0.6);
  });
});

describe("the importer's row bookkeeping", () => {
  const H = 'Employee_ID,Response_Date,Vibe_Score';
  const rowErrorsOf = async (text: string) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rows-')), 'vibemeter.csv');
    fs.writeFileSync(file, text);
    const result = await importCsvFile({ kind: 'vibemeter', path: file });
    return result.ok ? `ok: ${result.aggregate.rows} rows` : result.error.rowErrors.map((e) => `${e.row} ${e.column}: ${e.reason}`);
  };

  it("numbers rows as the file's lines, blank lines included, with LF or CRLF", async () => {
    expect(await rowErrorsOf(`${H}\nE1,01-01-2024,3\n\n\nE2,01-01-2024,x\n`)).toEqual(['5 Vibe_Score: expected a whole number 1–5, got "x"']);
    expect(await rowErrorsOf(`${H}\r\nE1,01-01-2024,3\r\n\r\nE2,01-01-2024,x\r\n`)).toEqual(['4 Vibe_Score: expected a whole number 1–5, got "x"']);
    expect(await rowErrorsOf(`${H}\nE1,01-01-2024,3\n\n\n`)).toBe('ok: 1 rows');
    expect(await rowErrorsOf(`${H}\nE1,01-01-2024,3\nE2,01-01-2024,4`)).toBe('ok: 2 rows');
  });

  it('rejects rows with fewer or more fields than the header, the last one too, and keeps counting lines', async () => {
    expect(await rowErrorsOf(`${H}\nE1,01-01-2024\nE2,01-01-2024,4\nE3,01-01-2024,x\n`)).toEqual([
      "2 (row): has fewer fields than the header's 3",
      '4 Vibe_Score: expected a whole number 1–5, got "x"',
    ]);
    expect(await rowErrorsOf(`${H}\nE1,01-01-2024,3\nE2,01-01-2024\n`)).toEqual(["3 (row): has fewer fields than the header's 3"]);
    expect(await rowErrorsOf(`${H}\nE1,01-01-2024,3\nE2,01-01-2024`)).toEqual(["3 (row): has fewer fields than the header's 3"]);
    expect(await rowErrorsOf(`${H}\nE1,01-01-2024,3,9\nE2,01-01-2024,4\n`)).toEqual(["2 (row): has more fields than the header's 3"]);
    expect(await rowErrorsOf(`Note,${H}\n"a, b",E1,01-01-2024,3\n`)).toBe('ok: 1 rows'); // a quoted comma is a value
  });
});
