import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HR_KINDS, KINDS } from '../src/hrdata/kinds.js';
import { backend } from './support/backend.js';
import { signUpHr } from './support/identity.js';
import { startServer, type TestClient, type TestServer } from './support/server.js';

const sample = path.resolve('datasets/sample');
const VIBE_HEADER = 'Employee_ID,Response_Date,Vibe_Score,Emotion_Zone';
/** The sample's vibemeter file: 8,331 rows from 200 employees; its first two rows are EMP0001 and EMP0002 on 01-01-2024. */
const SAMPLE_VIBE_ROWS = 8331;
const SAMPLE_VIBE_EMPLOYEES = 200;

/** FormData: files (CSV texts, or sample files from disk) under their kinds' names, and the text options. */
async function formOf(files: Record<string, string | { sample: string }>, options: Record<string, string> = {}): Promise<FormData> {
  const form = new FormData();
  for (const [field, file] of Object.entries(files)) {
    if (typeof file === 'string') form.append(field, new Blob([file]), `${field}.csv`);
    else form.append(field, await fs.openAsBlob(path.join(sample, file.sample)), file.sample);
  }
  for (const [name, value] of Object.entries(options)) form.append(name, value);
  return form;
}
const allSampleFiles = () => Object.fromEntries(HR_KINDS.map((kind) => [kind, { sample: KINDS[kind].fileName }]));

async function errorOf(promise: Promise<unknown>): Promise<any> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error) => error,
  );
}

let server: TestServer;
let hr: TestClient;
let hrToken: string;
let hrUserId: number;

/** The master table as HR downloads it. */
async function exportCsv(): Promise<string> {
  const response = await fetch(`${server.url}/hrdata/export.csv`, { headers: { authorization: `Bearer ${hrToken}` } });
  expect(response.status).toBe(200);
  return response.text();
}

beforeAll(async () => {
  server = await startServer();
  const account = await signUpHr(server);
  ({ client: hr, token: hrToken } = account);
  hrUserId = account.user.id;
});
afterAll(async () => {
  hr.close();
  await server.close();
});

describe('imports HR can undo', () => {
  let original: string;
  let afterAppend: string;
  let firstImport: number;
  let appendImport: number;
  let replaceImport: number;
  // The same employee and date as the sample's first row, with another score; a new day for EMP0001; a new employee.
  const appended = `${VIBE_HEADER}\nEMP0001,01-01-2024,1,Frustrated Zone\nEMP0001,31-12-2024,2,Sad Zone\nEMP9999,31-12-2024,5,Excited Zone\n`;
  const twoRows = `${VIBE_HEADER}\nEMP0001,01-01-2024,4,Happy Zone\nEMP0002,01-01-2024,1,Sad Zone\n`;

  it('imports the sample set (replace, the default) and lists it among the imports', async () => {
    expect(fs.readFileSync(path.join(sample, KINDS.vibemeter.fileName), 'utf8').trim().split('\n')).toHaveLength(SAMPLE_VIBE_ROWS + 1);
    const result = await hr.hrdata.upload.mutate(await formOf(allSampleFiles()));
    expect(result).toMatchObject({ dryRun: false, mode: 'replace', changes: null, employees: 200 });
    firstImport = result.importId!;
    original = await exportCsv();
    const [listed] = await hr.hrdata.imports.query();
    expect(listed).toMatchObject({ importId: firstImport, mode: 'replace', status: 'applied', uploadedBy: hrUserId, rolledBackAt: null });
    expect(listed!.startedAt).toBeInstanceOf(Date);
    expect(listed!.files.map((f) => f.kind).sort()).toEqual([...HR_KINDS].sort());
    expect(listed!.files.find((f) => f.kind === 'vibemeter')).toMatchObject({ fileName: KINDS.vibemeter.fileName, rows: SAMPLE_VIBE_ROWS, employees: SAMPLE_VIBE_EMPLOYEES, status: 'imported' });
    // On SQLite each file is kept beside the database as uploaded (a hard link of the staged file); on PostgreSQL, in it.
    const kept = path.join(server.dataDir, 'hrdata-versions');
    if (backend === 'sqlite') {
      const files = fs.readdirSync(kept).map((name) => fs.readFileSync(path.join(kept, name), 'utf8')).sort();
      expect(files).toEqual(HR_KINDS.map((kind) => fs.readFileSync(path.join(sample, KINDS[kind].fileName), 'utf8')).sort());
    } else expect(fs.existsSync(kept)).toBe(false);
  });

  it('a dry run of a 2-row vibemeter file in replace mode reports the 8,329 rows it would remove, and changes nothing', async () => {
    const importsBefore = await hr.hrdata.imports.query();
    const statusBefore = await hr.hrdata.status.query();
    const result = await hr.hrdata.upload.mutate(await formOf({ vibemeter: twoRows }, { dryRun: 'true' }));
    expect(result).toMatchObject({ dryRun: true, importId: null, mode: 'replace', files: [{ kind: 'vibemeter', rows: 2, employees: 2 }] });
    // EMP0001's row is the same as stored, EMP0002's has another score; every other row would go.
    expect(result.changes!.vibemeter).toEqual({ rowsAdded: 0, rowsUpdated: 1, rowsRemoved: SAMPLE_VIBE_ROWS - 2, employeesGained: 0, employeesLost: SAMPLE_VIBE_EMPLOYEES - 2 });
    expect(result.changes!.vibemeter!.rowsRemoved).toBeGreaterThan(8000);
    expect(await exportCsv()).toBe(original);
    expect(await hr.hrdata.imports.query()).toEqual(importsBefore);
    expect(await hr.hrdata.status.query()).toEqual(statusBefore);
    expect(fs.readdirSync(server.app.services.config.hrData.dir)).toEqual([]);
  });

  it('append adds rows and updates a row with the same employee and date instead of doubling it', async () => {
    const preview = await hr.hrdata.upload.mutate(await formOf({ vibemeter: appended }, { mode: 'append', dryRun: 'true' }));
    const expected = { rowsAdded: 2, rowsUpdated: 1, rowsRemoved: 0, employeesGained: 1, employeesLost: 0 };
    expect(preview.changes).toEqual({ vibemeter: expected });
    expect(await exportCsv()).toBe(original);

    const result = await hr.hrdata.upload.mutate(await formOf({ vibemeter: appended }, { mode: 'append' }));
    expect(result).toMatchObject({ dryRun: false, mode: 'append', changes: { vibemeter: expected }, employees: 201 });
    appendImport = result.importId!;
    afterAppend = await exportCsv();
    expect(afterAppend).not.toBe(original);
    const employee = await hr.hrdata.employee.query({ employeeId: 'EMP0001' });
    expect(employee.row.Recent_Vibe_Scores).toMatch(/2024-12-31:2$/);
    expect(employee.row.Work_Hours_mean).toEqual(expect.any(Number)); // the other kinds are untouched
    // The same file again: every row is already there, nothing is added or doubled.
    const again = await hr.hrdata.upload.mutate(await formOf({ vibemeter: appended }, { mode: 'append', dryRun: 'true' }));
    expect(again.changes).toEqual({ vibemeter: { rowsAdded: 0, rowsUpdated: 0, rowsRemoved: 0, employeesGained: 0, employeesLost: 0 } });
    // Replacing with the sample file would remove exactly the two appended rows and restore the updated one.
    const back = await hr.hrdata.upload.mutate(await formOf({ vibemeter: { sample: KINDS.vibemeter.fileName } }, { dryRun: 'true' }));
    expect(back.changes).toEqual({ vibemeter: { rowsAdded: 0, rowsUpdated: 1, rowsRemoved: 2, employeesGained: 0, employeesLost: 1 } });
  });

  it('replace, then rollback of it restores the master table byte for byte, and re-runs the analysis', async () => {
    const replaced = await hr.hrdata.upload.mutate(await formOf({ vibemeter: twoRows }));
    replaceImport = replaced.importId!;
    expect(await exportCsv()).not.toBe(afterAppend);
    expect((await hr.hrdata.employee.query({ employeeId: 'EMP0003' })).row.Last_Vibe_Score).toBeUndefined();

    const analysedBefore = (await hr.hrdata.status.query()).analysedAt!;
    const rolledBack = await hr.hrdata.rollback.mutate({ importId: replaceImport });
    expect(rolledBack).toMatchObject({ importId: replaceImport, rolledBack: [replaceImport], kinds: ['vibemeter'], employees: 201 });
    expect(await exportCsv()).toBe(afterAppend);
    expect((await hr.hrdata.status.query()).analysedAt!.getTime()).toBeGreaterThanOrEqual(analysedBefore.getTime());
    const listed = await hr.hrdata.imports.query();
    expect(listed.find((i) => i.importId === replaceImport)).toMatchObject({ status: 'rolled_back', rolledBackBy: hrUserId, rolledBackAt: expect.any(Date) });
    expect(listed.find((i) => i.importId === appendImport)).toMatchObject({ status: 'applied', mode: 'append', changes: { vibemeter: { rowsAdded: 2 } } });
  });

  it('rolling back the append too brings back the first import byte for byte', async () => {
    await hr.hrdata.rollback.mutate({ importId: appendImport });
    expect(await exportCsv()).toBe(original);
    // A rollback is not an upload: appending again works from the restored rows.
    const preview = await hr.hrdata.upload.mutate(await formOf({ vibemeter: appended }, { mode: 'append', dryRun: 'true' }));
    expect(preview.changes!.vibemeter).toMatchObject({ rowsAdded: 2, rowsUpdated: 1 });
  });

  it('rolling back an earlier import undoes the later ones as well (the data as it was before it)', async () => {
    const second = await hr.hrdata.upload.mutate(await formOf({ vibemeter: twoRows }));
    const third = await hr.hrdata.upload.mutate(await formOf({ leave: 'Employee_ID,Leave_Type,Leave_Days,Leave_Start_Date,Leave_End_Date\nEMP0001,Sick Leave,1,1/2/2024,1/2/2024\n' }));
    const result = await hr.hrdata.rollback.mutate({ importId: second.importId! });
    expect(result.rolledBack).toEqual([second.importId, third.importId]);
    expect(result.kinds.sort()).toEqual(['leave', 'vibemeter']);
    expect(await exportCsv()).toBe(original);
  });

  it('refuses to roll back an unknown import (NOT_FOUND naming importId) or one rolled back already (CONFLICT)', async () => {
    const unknown = await errorOf(hr.hrdata.rollback.mutate({ importId: 987_654 }));
    expect(unknown.data.code).toBe('NOT_FOUND');
    expect(unknown.message).toBe('importId: there is no import 987654');
    const twice = await errorOf(hr.hrdata.rollback.mutate({ importId: replaceImport }));
    expect(twice.data.code).toBe('CONFLICT');
    expect(twice.message).toMatch(/^importId: import \d+ is rolled back/);
    const bad = await errorOf(hr.hrdata.rollback.mutate({ importId: -1 }));
    expect(bad.data.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/^importId: /);
    expect(await exportCsv()).toBe(original);
  });

  it('a failed upload is listed as failed and cannot be rolled back', async () => {
    const error = await errorOf(hr.hrdata.upload.mutate(await formOf({ vibemeter: `${VIBE_HEADER}\nEMP0001,01-01-2024,9,\n` }, { mode: 'append' })));
    expect(error.data.code).toBe('BAD_REQUEST');
    const [failed] = await hr.hrdata.imports.query();
    expect(failed).toMatchObject({ mode: 'append', status: 'failed', files: [{ kind: 'vibemeter', status: 'failed', error: { rowErrorCount: 1 } }] });
    const refused = await errorOf(hr.hrdata.rollback.mutate({ importId: failed!.importId }));
    expect(refused.data.code).toBe('CONFLICT');
    expect(await exportCsv()).toBe(original);
  });

  it('names a bad option: mode, dryRun, or a field that is neither a kind nor an option', async () => {
    const mode = await errorOf(hr.hrdata.upload.mutate(await formOf({ vibemeter: twoRows }, { mode: 'merge' })));
    expect([mode.data.code, mode.message]).toEqual(['BAD_REQUEST', 'mode: expected "replace" or "append", got "merge"']);
    const dryRun = await errorOf(hr.hrdata.upload.mutate(await formOf({ vibemeter: twoRows }, { dryRun: 'yes' })));
    expect([dryRun.data.code, dryRun.message]).toEqual(['BAD_REQUEST', 'dryRun: expected "true" or "false", got "yes"']);
    const other = await errorOf(hr.hrdata.upload.mutate(await formOf({ vibemeter: twoRows }, { note: 'hello' })));
    expect(other.message).toMatch(/^note: expected a CSV file named after its kind/);
    const nothing = await errorOf(hr.hrdata.upload.mutate(await formOf({}, { mode: 'append' })));
    expect(nothing.message).toMatch(/^files: attach at least one CSV/);
    expect(fs.readdirSync(server.app.services.config.hrData.dir)).toEqual([]);
    expect(await exportCsv()).toBe(original);
  });

  it('the legacy path imports as before, and takes mode and dryRun too', async () => {
    const form = await formOf(Object.fromEntries(HR_KINDS.map((kind) => [`${kind}_file`, { sample: KINDS[kind].fileName }])), { dryRun: 'true' });
    const response = await fetch(`${server.url}/api/process-hr-metrics/`, { method: 'POST', headers: { authorization: `Bearer ${hrToken}` }, body: form });
    const body = await response.json();
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ success: true, dry_run: true, mode: 'replace' });
    expect(body.changes.vibemeter).toEqual({ rowsAdded: 0, rowsUpdated: 0, rowsRemoved: 0, employeesGained: 0, employeesLost: 0 });
    const real = await fetch(`${server.url}/api/process-hr-metrics/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${hrToken}` },
      body: await formOf(Object.fromEntries(HR_KINDS.map((kind) => [`${kind}_file`, { sample: KINDS[kind].fileName }]))),
    });
    expect(real.status).toBe(200);
    expect(await real.json()).toMatchObject({ success: true, employees: 200, flagged_count: 10 });
    expect(await exportCsv()).toBe(original);
  });
});

describe('the employee directory', () => {
  const header = 'Employee_ID,Name,Email,Department,Post,Manager';
  const directory = [
    header,
    'EMP0001,Ada Lovelace,ada@example.com,Engineering,Engineer,EMP0003',
    'EMP0002,"Hopper, Grace",,Engineering,,EMP0003',
    'EMP0003,Alan Turing,alan@example.com,Research,Head of Research,',
  ].join('\n');

  it('is an optional seventh kind: it feeds departments and leaves the analysis alone', async () => {
    const before = await exportCsv();
    const result = await hr.hrdata.upload.mutate(await formOf({ employees: directory }));
    expect(result.files).toEqual([{ kind: 'employees', fileName: 'employees.csv', rows: 3, employees: 3 }]);
    const listed = await hr.hrdata.directory.query();
    expect(listed.departments).toEqual([
      { department: 'Engineering', employees: 2 },
      { department: 'Research', employees: 1 },
    ]);
    expect(listed.employees).toContainEqual({ employeeId: 'EMP0002', name: 'Hopper, Grace', email: null, department: 'Engineering', post: null, manager: 'EMP0003' });
    const audit = await hr.audit.list.query({});
    expect(audit.items[0]).toMatchObject({ action: 'hr_directory', detail: '3 employees', subject: null });
    expect(await server.app.services.hrdata.departmentOf('EMP0003')).toBe('Research');
    expect(await server.app.services.hrdata.departmentOf('EMP0150')).toBeNull();
    expect(await exportCsv()).toBe(before);
    expect((await hr.hrdata.status.query()).directory).toMatchObject({ kind: 'employees', status: 'imported', rows: 3 });
  });

  it('is validated like the others: a bad e-mail or a missing department names its row and column', async () => {
    const error = await errorOf(hr.hrdata.upload.mutate(await formOf({ employees: `${header}\nEMP0001,Ada,not-an-address,Engineering,,\nEMP0002,Grace,,,,\n` })));
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.importErrors[0].rowErrors).toEqual([
      { row: 2, column: 'Email', reason: 'expected an e-mail address, got "not-an-address"' },
      { row: 3, column: 'Department', reason: 'must not be empty' },
    ]);
    const missing = await errorOf(hr.hrdata.upload.mutate(await formOf({ employees: 'Employee_ID,Name\nEMP0001,Ada\n' })));
    expect(missing.message).toMatch(/^employees: Missing column Department/);
    expect((await hr.hrdata.directory.query()).employees).toHaveLength(3);
  });

  it('can be rolled back like any import', async () => {
    const replaced = await hr.hrdata.upload.mutate(await formOf({ employees: `${header}\nEMP0001,Ada Lovelace,,Finance,,\n` }));
    expect(await server.app.services.hrdata.departmentOf('EMP0001')).toBe('Finance');
    await hr.hrdata.rollback.mutate({ importId: replaced.importId! });
    expect(await server.app.services.hrdata.departmentOf('EMP0001')).toBe('Engineering');
    expect((await hr.hrdata.directory.query()).employees).toHaveLength(3);
  });
});
