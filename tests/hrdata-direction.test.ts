import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUESTION_BANK } from '../src/checkins/question-bank.js';
import { FEATURES } from '../src/hrdata/features.js';
import { HR_KINDS, KINDS } from '../src/hrdata/kinds.js';
import { signUpHr, signUpLinked } from './support/identity.js';
import { startServer, tempDir, type TestClient, type TestServer } from './support/server.js';

// Two employees added to a copy of the sample set: one who stands out only for good signals
// (top vibe, many awards, excellent feedback, plenty of leave, short regular days), and one
// with good vibe and awards but very long days and no leave.
const FAVOURABLE = 'EMP0901';
const MIXED = 'EMP0902';

const weekdays = Array.from({ length: 120 }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000)).filter((d) => d.getUTCDay() % 6 !== 0);
const mdy = (d: Date) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
const dmy = (d: Date) => `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;

const extraRows: Record<(typeof HR_KINDS)[number], string[]> = {
  activity_tracker: weekdays.flatMap((d) => [`${FAVOURABLE},${mdy(d)},45,27,9,6.00`, `${MIXED},${mdy(d)},25,15,5,12.50`]),
  vibemeter: weekdays.flatMap((d) => [`${FAVOURABLE},${dmy(d)},5,Excited Zone`, `${MIXED},${dmy(d)},5,Excited Zone`]),
  leave: [`${FAVOURABLE},Annual Leave,14,3/1/2024,3/15/2024`, `${FAVOURABLE},Annual Leave,10,4/8/2024,4/18/2024`, `${FAVOURABLE},Casual Leave,5,4/22/2024,4/27/2024`],
  onboarding: [`${FAVOURABLE},2019-03-01,Excellent,True,True`, `${MIXED},2019-03-01,Excellent,True,True`],
  performance: ['H1 2024', 'H2 2024', 'Annual 2024'].flatMap((p) => [`${FAVOURABLE},${p},4,Exceeds Expectations,TRUE`, `${MIXED},${p},1,Needs Improvement,FALSE`]),
  rewards: Array.from({ length: 8 }, (_, i) => [`${FAVOURABLE},Star Performer,2024-04-${String(10 + i).padStart(2, '0')},498`, `${MIXED},Star Performer,2024-04-${String(10 + i).padStart(2, '0')},498`]).flat(),
};

let server: TestServer;
let hr: TestClient;

beforeAll(async () => {
  const dir = tempDir('hr-direction-');
  const form = new FormData();
  for (const kind of HR_KINDS) {
    const sample = fs.readFileSync(path.resolve('datasets/sample', KINDS[kind].fileName), 'utf8');
    fs.writeFileSync(path.join(dir, KINDS[kind].fileName), `${sample.trimEnd()}\n${extraRows[kind].join('\n')}\n`);
    form.append(kind, await fs.openAsBlob(path.join(dir, KINDS[kind].fileName)), KINDS[kind].fileName);
  }
  server = await startServer();
  hr = (await signUpHr(server)).client;
  await hr.hrdata.upload.mutate(form);
});
afterAll(async () => {
  hr.close();
  await server.close();
});

const featureOf = (display: string) => FEATURES.find((f) => f.display === display)!;

describe('concerns have a direction', () => {
  it('turns only adverse deviations into problems, for every flagged employee', async () => {
    const rows = (await hr.hrdata.export.query()).rows as Array<Record<string, unknown>>;
    // The typical employee's raw value (median, after median imputation): standardising keeps the sides.
    const typical = (column: string) => {
      const present = rows.map((r) => r[column]).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
      const values = rows.map((r) => (typeof r[column] === 'number' ? (r[column] as number) : present[present.length >> 1]!)).sort((a, b) => a - b);
      return values.length % 2 ? values[values.length >> 1]! : (values[values.length / 2 - 1]! + values[values.length / 2]!) / 2;
    };
    const flagged = await hr.hrdata.flagged.query({ limit: 1000 });
    expect(flagged.length).toBeGreaterThan(5);
    let checked = 0;
    for (const employee of flagged) {
      const row = rows.find((r) => r.Employee_ID === employee.employeeId)!;
      expect(employee.problems.length).toBeLessThanOrEqual(5);
      if (employee.otherProblems.length > 0) expect(employee.problems).toHaveLength(5);
      for (const [display, score] of [...employee.problems, ...employee.otherProblems]) {
        const feature = featureOf(display);
        expect(score, `${employee.employeeId} ${display}`).toBeGreaterThan(0);
        const value = typeof row[feature.column] === 'number' ? (row[feature.column] as number) : typical(feature.column);
        if (feature.adverse === 'high') expect(value, `${employee.employeeId} ${display}`).toBeGreaterThan(typical(feature.column));
        else expect(value, `${employee.employeeId} ${display}`).toBeLessThan(typical(feature.column));
        checked++;
      }
      const words = new Set(employee.problems.map(([display]) => featureOf(display).words));
      expect(new Set(employee.concerns)).toEqual(words);
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('flags a favourable-only outlier without any problem or concern', async () => {
    const employee = await hr.hrdata.employee.query({ employeeId: FAVOURABLE });
    expect(employee.flagged).toBe(true);
    expect(employee).toMatchObject({ problems: [], otherProblems: [], concerns: [] });
  });

  it('gives a mixed employee only the adverse concerns', async () => {
    const employee = await hr.hrdata.employee.query({ employeeId: MIXED });
    expect(employee.flagged).toBe(true);
    const names = [...employee.problems, ...employee.otherProblems].map(([display]) => display);
    expect(names).toEqual(expect.arrayContaining(['Average Work Hours', 'Median Work Hours']));
    for (const favourable of ['Decayed Vibe Score', 'Recent Reward Points', 'Days Since Joining', 'Onboarding Feedback']) expect(names).not.toContain(favourable);
    expect(employee.concerns).toContain('long working hours lately');
  });

  it('selects the mixed employee for a check-in about the adverse concerns only, and never the favourable-only one', async () => {
    const favourable = await signUpLinked(server.url, hr, FAVOURABLE);
    const mixed = await signUpLinked(server.url, hr, MIXED);
    const selected = await hr.checkins.runDaily.mutate();
    expect(selected.map((s) => s.employeeId)).toEqual([MIXED]);
    const [checkin] = selected;
    const kinds = checkin!.reasons.map((r) => r.kind);
    expect(kinds).toContain('workload');
    expect(kinds).not.toContain('mood');
    expect(kinds).not.toContain('recognition');
    for (const kind of ['mood', 'recognition'] as const) expect(checkin!.opener).not.toContain(DEFAULT_QUESTION_BANK[kind].opener);
    // Not on a later day either: favourable signals are never a reason to reach out.
    const later = await server.app.services.checkins.selectDaily(Date.now() + 60 * 86_400_000);
    expect(later.map((s) => s.employeeId)).not.toContain(FAVOURABLE);
    favourable.client.close();
    mixed.client.close();
  });
});
