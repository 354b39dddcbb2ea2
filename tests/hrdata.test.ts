import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HR_KINDS, KINDS, type HrKind } from '../src/hrdata/kinds.js';
import { signUp, startServer, tempDir, type TestClient, type TestServer } from './support/server.js';

const sample = path.resolve('datasets/sample');
const sampleFile = (kind: HrKind) => path.join(sample, KINDS[kind].fileName);

/** FormData with files streamed from disk, as a browser's file input would send them. */
async function formOf(files: Partial<Record<string, string | { path: string; name?: string }>>): Promise<FormData> {
  const form = new FormData();
  for (const [field, file] of Object.entries(files)) {
    if (typeof file === 'string') form.append(field, new Blob([file]), `${field}.csv`);
    else if (file) form.append(field, await fs.openAsBlob(file.path), file.name ?? path.basename(file.path));
  }
  return form;
}
const allSampleFiles = () => Object.fromEntries(HR_KINDS.map((kind) => [kind, { path: sampleFile(kind) }]));

async function errorOf(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error) => error,
  );
}

/** A server and a client signed in as an HR user. */
async function serverWithHr(env: Record<string, string> = {}) {
  const server = await startServer(env);
  const account = await signUp(server.url);
  await server.app.services.auth.promoteToHr(account.user.username);
  return { server, client: account.client, token: account.token, close: async () => (account.client.close(), await server.close()) };
}

let server: TestServer;
let hr: TestClient;
let hrToken: string;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  ({ server, client: hr, token: hrToken, close: closeServer } = await serverWithHr());
});
afterAll(() => closeServer());

describe('hrdata.upload of the sample set', () => {
  let firstFlagged: Awaited<ReturnType<TestClient['hrdata']['flagged']['query']>>;

  it('imports all six kinds and flags about 5% of employees, with problems', async () => {
    const result = await hr.hrdata.upload.mutate(await formOf(allSampleFiles()));
    expect(result.files.map((f) => f.kind).sort()).toEqual([...HR_KINDS].sort());
    expect(result.employees).toBe(200);
    expect(result.flaggedCount).toBe(10);

    firstFlagged = await hr.hrdata.flagged.query();
    expect(firstFlagged).toHaveLength(10);
    const scores = firstFlagged.map((f) => f.score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    for (const flagged of firstFlagged) {
      expect(flagged.score).toBeLessThan(0);
      // Only adverse deviations are problems (tests/hrdata-direction.test.ts): the top five, then the rest.
      expect(flagged.problems.length).toBeGreaterThan(0);
      expect(flagged.problems.length + flagged.otherProblems.length).toBeLessThanOrEqual(20);
      if (flagged.otherProblems.length > 0) expect(flagged.problems).toHaveLength(5);
      for (const [name, score] of flagged.problems) expect([typeof name, typeof score]).toEqual(['string', 'number']);
    }
    // The generator's distressed employees (long hours, low vibe, no awards) are the ones found.
    const stressed = fs.readFileSync(path.join(sample, 'stressed.txt'), 'utf8').trim().split('\n');
    expect(firstFlagged.filter((f) => stressed.includes(f.employeeId)).length).toBeGreaterThanOrEqual(8);
  });

  it('gives the same flagged list for the same input', async () => {
    await hr.hrdata.upload.mutate(await formOf(allSampleFiles()));
    expect(await hr.hrdata.flagged.query()).toEqual(firstFlagged);
  });

  it('answers status, summary, one employee and the export', async () => {
    const status = await hr.hrdata.status.query();
    for (const { kind, last } of status.kinds) {
      expect(last, kind).toMatchObject({ kind, status: 'imported', progressPercent: 100, error: null });
      expect(last!.rows).toBeGreaterThan(0);
    }
    expect(status.running).toEqual([]);

    const summary = (await hr.hrdata.summary.query())!;
    expect(summary.headcount).toBe(200);
    expect(summary.flaggedCount).toBe(10);
    expect(summary.meanWorkHours).toBeGreaterThan(6);
    expect(Object.values(summary.vibeDistribution).reduce((a, b) => a + b, 0) + summary.employeesWithoutVibe).toBe(200);

    const top = firstFlagged[0]!;
    const employee = await hr.hrdata.employee.query({ employeeId: top.employeeId });
    expect(employee).toMatchObject({ employeeId: top.employeeId, flagged: true, problems: top.problems });
    expect(employee.row.Decayed_Vibe).toEqual(expect.any(Number));
    expect(employee.recentSignals.length).toBeGreaterThan(0);
    expect(employee.recentSignals.at(-1)).toMatchObject({ month: expect.stringMatching(/^\d{4}-\d{2}$/), activity_days: expect.any(Number) });
    expect(employee.concerns.length).toBeGreaterThan(0);
    expect(employee.concerns.join(' ')).not.toMatch(/\d/);

    const exported = await hr.hrdata.export.query();
    expect(exported.rows).toHaveLength(200);
    expect(exported.rows.filter((row) => row.Flagged === 1)).toHaveLength(10);
    const csv = await fetch(`${server.url}${exported.downloadUrl}`, { headers: { authorization: `Bearer ${hrToken}` } });
    const lines = (await csv.text()).trim().split('\n');
    expect(lines).toHaveLength(201);
    expect(lines[0]).toContain('Employee_ID');
    expect(lines[0]).toContain('Anomaly_Score');
  });
});

describe('bad uploads: a clear error, and the previous import intact', () => {
  const header = {
    activity_tracker: 'Employee_ID,Date,Teams_Messages_Sent,Emails_Sent,Meetings_Attended,Work_Hours',
    vibemeter: 'Employee_ID,Response_Date,Vibe_Score',
    leave: 'Employee_ID,Leave_Type,Leave_Days,Leave_Start_Date,Leave_End_Date',
  };
  let before: unknown;
  beforeAll(async () => {
    await hr.hrdata.upload.mutate(await formOf(allSampleFiles()));
    before = await hr.hrdata.export.query();
  });
  const unchanged = async () => expect(await hr.hrdata.export.query()).toEqual(before);

  const cases: Array<{ name: string; files: Record<string, string>; kind: string; message: RegExp; row?: number; column?: string }> = [
    { name: 'a missing column', kind: 'activity_tracker', files: { activity_tracker: 'Employee_ID,Date,Teams_Messages_Sent,Emails_Sent,Meetings_Attended\nEMP0001,1/1/2024,1,2,3\n' }, message: /activity_tracker: Missing column Work_Hours/ },
    { name: 'a wrong date format', kind: 'vibemeter', files: { vibemeter: `${header.vibemeter}\nEMP0001,01-02-2024,3\nEMP0002,2024-02-01,4\n` }, message: /vibemeter: 1 row could not be read \(first: row 3, Response_Date: expected a date DD-MM-YYYY, got "2024-02-01"\)/, row: 3, column: 'Response_Date' },
    { name: 'a non-numeric score', kind: 'vibemeter', files: { vibemeter: `${header.vibemeter}\nEMP0001,01-02-2024,great\n` }, message: /row 2, Vibe_Score: expected a whole number 1–5, got "great"/, row: 2, column: 'Vibe_Score' },
    { name: 'an unknown leave type', kind: 'leave', files: { leave: `${header.leave}\nEMP0001,Gardening Leave,2,1/1/2024,1/3/2024\n` }, message: /row 2, Leave_Type: expected one of Sick Leave, Casual Leave, Annual Leave, Unpaid Leave/, row: 2, column: 'Leave_Type' },
    { name: 'a 0-byte file', kind: 'activity_tracker', files: { activity_tracker: '' }, message: /activity_tracker: The file is empty \(0 bytes\)/ },
    { name: 'a header without rows', kind: 'activity_tracker', files: { activity_tracker: `${header.activity_tracker}\n` }, message: /activity_tracker: The file has a header but no data rows/ },
    { name: 'one bad file among good ones', kind: 'vibemeter', files: { activity_tracker: `${header.activity_tracker}\nEMP0001,1/1/2024,1,2,3,8\n`, vibemeter: `${header.vibemeter}\nEMP0001,31-02-2024,3\n` }, message: /vibemeter: .*no such day/, row: 2, column: 'Response_Date' },
  ];

  for (const c of cases) {
    it(`rejects ${c.name}`, async () => {
      const error = await errorOf(hr.hrdata.upload.mutate(await formOf(c.files)));
      expect(error.data.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(c.message);
      expect(error.message).toMatch(/Nothing was imported; the previous data is unchanged/);
      const detail = error.data.importErrors.find((d: any) => d.kind === c.kind);
      expect(error.data.fieldErrors[c.kind]).toHaveLength(1);
      if (c.row) expect(detail.rowErrors[0]).toMatchObject({ row: c.row, column: c.column });
      await unchanged();
      const status = await hr.hrdata.status.query();
      expect(status.kinds.find((k) => k.kind === c.kind)!.last).toMatchObject({ status: 'failed', error: { message: expect.any(String) } });
    });
  }

  it('reports the first 100 bad rows and counts them all', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `EMP${i},01-02-2024,${i % 2 ? 'x' : '9'}`);
    const error = await errorOf(hr.hrdata.upload.mutate(await formOf({ vibemeter: `${header.vibemeter}\n${rows.join('\n')}\n` })));
    const detail = error.data.importErrors[0];
    expect(detail.rowErrorCount).toBe(150);
    expect(detail.rowErrors).toHaveLength(100);
    expect(detail.rowErrors[0]).toEqual({ row: 2, column: 'Vibe_Score', reason: 'expected a whole number 1–5, got "9"' });
    await unchanged();
  });

  it('imports a file with a BOM, CRLF line ends, quoted fields, blank lines and extra columns', async () => {
    const text = '\ufeffNote,Vibe_Score,Employee_ID,Response_Date,Emotion_Zone\r\n"hello, world",2,EMP0001,01-03-2024,Sad Zone\r\n\r\n"",4,"EMP0002",02-03-2024,\r\n';
    const result = await hr.hrdata.upload.mutate(await formOf({ vibemeter: text }));
    expect(result.files).toEqual([{ kind: 'vibemeter', fileName: 'vibemeter.csv', rows: 2, employees: 2 }]);
    // The upload replaced the vibe data only: every employee's other kinds are still there.
    expect((await hr.hrdata.employee.query({ employeeId: 'EMP0001' })).row).toMatchObject({ Last_Vibe_Score: 2, Work_Hours_mean: expect.any(Number) });
    expect((await hr.hrdata.employee.query({ employeeId: 'EMP0003' })).row.Last_Vibe_Score).toBeUndefined();
  });

  it('refuses an unknown field name', async () => {
    const error = await errorOf(hr.hrdata.upload.mutate(await formOf({ salaries: 'a,b\n1,2\n' })));
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/^salaries: not an HR data kind/);
  });
});

describe('upload limits', () => {
  let small: TestServer;
  let client: TestClient;
  let token: string;
  let closeSmall: () => Promise<void>;
  beforeAll(async () => {
    ({ server: small, client, token, close: closeSmall } = await serverWithHr({ UPLOAD_MAX_FILE_BYTES: '2000' }));
  });
  afterAll(() => closeSmall());

  it('answers PAYLOAD_TOO_LARGE naming the field, streams nothing into the import and leaves no file behind', async () => {
    const error = await errorOf(client.hrdata.upload.mutate(await formOf({ activity_tracker: { path: sampleFile('activity_tracker') } })));
    expect(error.data.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.message).toBe('activity_tracker: the file is larger than the 2000 bytes limit');
    expect((await client.hrdata.status.query()).kinds.every((k) => k.last === null)).toBe(true);
    expect(fs.readdirSync(small.app.services.config.hrData.dir)).toEqual([]);
  });

  it('answers 413 on the legacy path too', async () => {
    const response = await fetch(`${small.url}/api/process-hr-metrics/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: await formOf(allSampleFiles()),
    });
    expect(response.status).toBe(413);
    expect((await response.json()).detail).toMatch(/the file is larger than the 2000 bytes limit/);
  });
});

describe('legacy POST /api/process-hr-metrics/', () => {
  const post = async (form: FormData) => {
    const response = await fetch(`${server.url}/api/process-hr-metrics/`, { method: 'POST', headers: { authorization: `Bearer ${hrToken}` }, body: form });
    return { status: response.status, body: await response.json() };
  };

  it('imports the six files under their original `*_file` names', async () => {
    const files = Object.fromEntries(HR_KINDS.map((kind) => [`${kind}_file`, { path: sampleFile(kind) }]));
    const { status, body } = await post(await formOf(files));
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, employees: 200, flagged_count: 10 });
    expect(body.flagged_employees).toHaveLength(10);
    expect(body.message).toMatch(/200 employees; 10 flagged/);
  });

  it('requires all six files, and CSV files only', async () => {
    const { status, body } = await post(await formOf({ vibemeter: { path: sampleFile('vibemeter') } }));
    expect(status).toBe(400);
    expect(body.error).toBe('Missing required CSV files: activity_tracker, leave, onboarding, performance, rewards');
    expect(body.required_files).toEqual([...HR_KINDS]);
    const renamed = { ...allSampleFiles(), leave: { path: sampleFile('leave'), name: 'leave.xlsx' } };
    const notCsv = await post(await formOf(renamed));
    expect(notCsv).toEqual({ status: 400, body: { error: 'Uploaded file leave.xlsx must be a CSV' } });
  });

  it('answers a bad file with its row errors', async () => {
    const dir = tempDir('bad-hr-');
    const bad = path.join(dir, 'vibemeter.csv');
    fs.writeFileSync(bad, 'Employee_ID,Response_Date,Vibe_Score\nEMP0001,01-02-2024,0\n');
    const { status, body } = await post(await formOf({ ...allSampleFiles(), vibemeter: { path: bad } }));
    expect(status).toBe(400);
    expect(body.error).toMatch(/^vibemeter: 1 row could not be read/);
    expect(body.details[0].rowErrors[0]).toEqual({ row: 2, column: 'Vibe_Score', reason: 'expected a whole number 1–5, got "0"' });
  });
});
