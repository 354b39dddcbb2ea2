import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describe as describeValues } from '../src/hrdata/aggregators.js';
import { importCsvFile, joinParts, readPart, type ImportResult } from '../src/hrdata/csv-import.js';
import { readCsvExactly } from '../src/hrdata/csv-parse-reader.js';
import { CsvFormatError } from '../src/hrdata/csv-records.js';
import type { HrKind } from '../src/hrdata/kinds.js';
import { importFiles } from '../src/hrdata/parallel-import.js';
import { readPlainCsv } from '../src/hrdata/plain-csv.js';
import { signUpHr } from './support/identity.js';
import { startServer, type TestClient, type TestServer } from './support/server.js';

const fixtures = path.resolve('tests/fixtures/hrdata/parsing');
const fixture = (name: string) => path.join(fixtures, name);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hrdata-parsing-'));
let written = 0;
const fileWith = (content: string | Buffer) => {
  const file = path.join(scratch, `${written++}.csv`);
  fs.writeFileSync(file, content);
  return file;
};

const problems = (result: ImportResult) => (result.ok ? [] : result.error.rowErrors.map((e) => `${e.row} ${e.column}: ${e.reason}`));
const messageOf = (result: ImportResult) => (result.ok ? 'imported' : result.error.message);
const employeesOf = (result: ImportResult) => (result.ok ? [...result.aggregate.employees.keys()].sort() : []);

describe('quoted fields with commas and line breaks', () => {
  it('imports a line break inside a quoted field of an ignored extra column (was: "row 3 has fewer fields")', async () => {
    const result = await importCsvFile({ kind: 'vibemeter', path: fixture('vibemeter-quoted-break-in-extra-column.csv') });
    expect(messageOf(result)).toBe('imported');
    expect(result.ok && result.aggregate.rows).toBe(3);
    expect(employeesOf(result)).toEqual(['EMP0001', 'EMP0002', 'EMP0003']);
  });

  it('reads quoted commas and line breaks in used columns as the values', async () => {
    const result = await importCsvFile({ kind: 'rewards', path: fixture('rewards-quoted-used-columns.csv') });
    expect(messageOf(result)).toBe('imported');
    const features = result.ok ? result.aggregate.employees.get('EMP0001')!.features : {};
    expect(features['Award_Count:Spot, Team\nAward']).toBe(1);
    expect(result.ok && result.aggregate.employees.get('EMP0002')!.features['Award_Count:Bonus']).toBe(1);
  });

  it('numbers rows as a spreadsheet does: a multi-line record is one row, a blank line is a row', async () => {
    // Row 1 header, row 2 a record over three lines, row 3 blank, row 4 the bad score.
    const result = await importCsvFile({ kind: 'vibemeter', path: fixture('vibemeter-bad-score-after-multiline.csv') });
    expect(problems(result)).toEqual(['4 Vibe_Score: expected a whole number 1–5, got "9"']);
  });

  it('reports short and long rows with their row in a quoted file too', async () => {
    const text = 'Employee_ID,Response_Date,Vibe_Score,Note\nE1,01-01-2024,3,"a\nb"\nE2,01-01-2024\nE3,01-01-2024,4,x,"y"\n';
    expect(problems(await importCsvFile({ kind: 'vibemeter', path: fileWith(text) }))).toEqual([
      "3 (row): has fewer fields than the header's 4",
      "4 (row): has more fields than the header's 4",
    ]);
  });

  it('names the row of broken quoting', async () => {
    const result = await importCsvFile({ kind: 'vibemeter', path: fileWith('Employee_ID,Response_Date,Vibe_Score\nE1,01-01-2024,3\nE2,"01-01-2024,4\n') });
    expect(messageOf(result)).toMatch(/^Row 3 is not valid CSV \(Quote Not Closed/);
  });
});

describe('BOM and line ends', () => {
  it('reads a UTF-8 BOM and CRLF line ends, blank rows counted', async () => {
    const result = await importCsvFile({ kind: 'vibemeter', path: fixture('vibemeter-bom-crlf.csv') });
    expect(messageOf(result)).toBe('imported');
    expect(employeesOf(result)).toEqual(['EMP0001', 'EMP0002']);
    const bad = fs.readFileSync(fixture('vibemeter-bom-crlf.csv'), 'latin1').replace('02-01-2024,3', '02-01-2024,x');
    expect(problems(await importCsvFile({ kind: 'vibemeter', path: fileWith(Buffer.from(bad, 'latin1')) }))).toEqual(['4 Vibe_Score: expected a whole number 1–5, got "x"']);
  });

  it('reads CR-only line ends (through csv-parse)', async () => {
    const result = await importCsvFile({ kind: 'vibemeter', path: fileWith('Employee_ID,Response_Date,Vibe_Score\rE1,01-01-2024,3\rE2,01-01-2024,x\r') });
    expect(problems(result)).toEqual(['3 Vibe_Score: expected a whole number 1–5, got "x"']);
  });
});

describe('another separator or encoding is named', () => {
  it.each([
    ['vibemeter-semicolon.csv', "this file uses ';' as its separator"],
    ['vibemeter-semicolon-no-header.csv', "this file uses ';' as its separator"],
    ['vibemeter-tab.csv', 'this file uses tab as its separator'],
    ['vibemeter-utf16le.csv', 'this file is UTF-16 encoded'],
  ])('%s: "%s"', async (name, start) => {
    const result = await importCsvFile({ kind: 'vibemeter', path: fixture(name) });
    expect(messageOf(result).startsWith(start)).toBe(true);
    expect(messageOf(result)).toContain('CSV');
  });

  it('names the separator of a quoted file too', async () => {
    const result = await importCsvFile({ kind: 'vibemeter', path: fileWith('"Employee_ID";"Response_Date";"Vibe_Score"\n"E1";"01-01-2024";"3"\n') });
    expect(messageOf(result)).toMatch(/^this file uses ';' as its separator/);
  });

  it('a data row is never shown as a header of missing columns', async () => {
    expect(messageOf(await importCsvFile({ kind: 'vibemeter', path: fixture('vibemeter-semicolon-no-header.csv') }))).not.toMatch(/Missing column/);
  });

  it('UTF-16 without a BOM is recognised by its NUL bytes', async () => {
    const result = await importCsvFile({ kind: 'vibemeter', path: fileWith(Buffer.from('Employee_ID,Response_Date,Vibe_Score\nE1,01-01-2024,3\n', 'utf16le')) });
    expect(messageOf(result)).toMatch(/^this file is UTF-16 encoded/);
  });

  it('Latin-1 bytes that are not UTF-8 name the row, in a plain file and in a quoted one', async () => {
    expect(messageOf(await importCsvFile({ kind: 'rewards', path: fixture('rewards-latin1.csv') }))).toMatch(/^this file is not UTF-8: row 3 has bytes/);
    const quoted = Buffer.concat([fs.readFileSync(fixture('rewards-latin1.csv')), Buffer.from('EMP0003,"Team, Spot",2024-01-04,5\n')]);
    expect(messageOf(await importCsvFile({ kind: 'rewards', path: fileWith(quoted) }))).toMatch(/^this file is not UTF-8: row 3 has bytes/);
  });

  it('still names missing columns when the header is comma-separated', async () => {
    expect(messageOf(await importCsvFile({ kind: 'vibemeter', path: fileWith('Employee_ID,Vibe_Score\nE1,3\n') }))).toBe(
      'Missing column Response_Date: row 1 must be the header, naming Employee_ID, Response_Date, Vibe_Score (it has Employee_ID, Vibe_Score)',
    );
  });
});

/** Every record a reader hands over, as `row: fields`; a CsvFormatError as its message. */
async function recordsOf(read: typeof readCsvExactly, bytes: Buffer, cuts: number[]): Promise<string[]> {
  const out: string[] = [];
  const pieces = [0, ...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length];
  async function* chunks() {
    for (let i = 0; i + 1 < pieces.length; i++) if (pieces[i + 1]! > pieces[i]!) yield bytes.subarray(pieces[i], pieces[i + 1]);
  }
  try {
    await read(chunks(), (fields, row) => void out.push(`${row}: ${JSON.stringify(fields)}`));
  } catch (error) {
    if (!(error instanceof CsvFormatError)) throw error;
    out.push(error.message);
  }
  return out;
}

describe('the fast path for quote-free files agrees with csv-parse', () => {
  it('on random quote-free files: same records, same rows, any chunking', async () => {
    const cell = fc.oneof(
      fc.constantFrom('EMP0001', '1/2/2024', '7.5', '', ' ', ' padded ', '\tx\t', 'é', '日本', '\u00a0nbsp\u00a0', '\u3000', '\ufeff', 'a;b', "it's"),
      fc.string({ maxLength: 6 }).map((s) => s.replace(/["\r\n,]/g, '')),
    );
    const file = fc.record({
      rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
      crlf: fc.boolean(),
      finalBreak: fc.boolean(),
      bom: fc.boolean(),
      cuts: fc.array(fc.nat(400), { maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(file, async ({ rows, crlf, finalBreak, bom, cuts }) => {
        const text = (bom ? '\ufeff' : '') + rows.map((r) => r.join(',')).join(crlf ? '\r\n' : '\n') + (finalBreak ? (crlf ? '\r\n' : '\n') : '');
        const bytes = Buffer.from(text);
        const fast: string[] = [];
        let outcome: string = 'done';
        async function* chunks() {
          yield* [bytes];
        }
        outcome = await readPlainCsv(chunks(), (fields, row) => void fast.push(`${row}: ${JSON.stringify(fields)}`));
        expect(outcome).toBe('done');
        expect(await recordsOf(readPlainAsReader, bytes, cuts)).toEqual(fast);
        expect(fast).toEqual(await recordsOf(readCsvExactly, bytes, cuts));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the file to csv-parse when it has a quote or a bare CR', async () => {
    for (const text of ['a,b\n1,"2"\n', 'a,b\r1,2\r', 'a,b\n1,2\r', '"a",b\n']) {
      async function* chunks() {
        yield Buffer.from(text);
      }
      expect(await readPlainCsv(chunks(), () => {})).toBe('not-plain');
    }
  });

  it('imports the same aggregate from a quoted copy of a file as from the plain file', async () => {
    const plain = fs.readFileSync(path.resolve('datasets/sample/vibemeter_dataset.csv'), 'utf8');
    const quoted = plain.replace(/^(EMP\d+),/gm, '"$1",');
    const a = await importCsvFile({ kind: 'vibemeter', path: fileWith(plain) });
    const b = await importCsvFile({ kind: 'vibemeter', path: fileWith(quoted) });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(b.aggregate.rows).toBe(a.aggregate.rows);
      expect([...b.aggregate.employees]).toEqual([...a.aggregate.employees]);
    }
  });
});

describe("the activity file's byte-level rows agree with the string way", () => {
  const pick = <T>(values: T[]) => fc.constantFrom(...values);
  // Mostly good values (so that many files import and their aggregates are compared), some bad or unusual.
  const cell = (good: string[], odd: string[]) => fc.oneof({ weight: 30, arbitrary: pick(good) }, { weight: 1, arbitrary: pick(odd) });
  const id = cell(['EMP0001', 'EMP0002', 'E3', ' EMP0001', 'EMP_4-b', 'x'.repeat(32)], ['', 'x'.repeat(33), 'EMP 4', '../x', '=A1']);
  const date = cell(['1/2/2024', '01/02/2024', '12/31/2023', '2/29/2024', '1/1/1900', '12/31/1969', '1/2/2024 '], ['2/30/2024', '13/1/2024', '1/2/24', '1-2-2024', '001/2/2024', '1/1/0050']);
  const count = cell(['0', '7', '49', '007', '123456789012345', ' 3'], ['', '-1', '+1', '1.0', '9999999999999999']);
  const hours = cell(['6.85', '6', '06.50', '24', '24.0', '0.1', '8.333333333333333', '8.3333333333333333', '23.99'], ['24.01', '6.', '.5', '1e1', 'NaN', '']);
  const row = fc.tuple(id, date, count, count, count, hours).map((cells) => `${cells.join(',')},x`);
  const rows = fc.array(fc.oneof({ weight: 30, arbitrary: row }, { weight: 1, arbitrary: pick(['', 'EMP0001,1/2/2024,1,2,3', ',,,,,,']) }), { minLength: 1, maxLength: 30 });
  const header = 'Employee_ID,Date,Teams_Messages_Sent,Emails_Sent,Meetings_Attended,Work_Hours';
  const outcome = (result: ImportResult) => (result.ok ? { rows: result.aggregate.rows, employees: [...result.aggregate.employees] } : { error: result.error });

  it('on random activity files: the same aggregate, or the same row errors', async () => {
    let imported = 0;
    await fc.assert(
      fc.asyncProperty(rows, async (lines) => {
        const body = `${lines.join('\n')}\n`;
        const plain = await importCsvFile({ kind: 'activity_tracker', path: fileWith(`${header},Note\n${body}`) });
        const quoted = await importCsvFile({ kind: 'activity_tracker', path: fileWith(`${header},"Note"\n${body}`) }); // csv-parse, strings only
        expect(outcome(plain)).toEqual(outcome(quoted));
        if (plain.ok) imported++;
      }),
      { numRuns: 300 },
    );
    expect(imported).toBeGreaterThan(30); // the aggregates were compared, not only the errors
  });

  it('read in parts at any line starts and joined: the same aggregate, or the same row errors numbered in the whole file', async () => {
    let imported = 0;
    let failed = 0;
    const file = fc.tuple(rows, fc.array(fc.nat(), { maxLength: 3 }), fc.boolean());
    await fc.assert(
      fc.asyncProperty(file, async ([lines, cuts, lf]) => {
        const content = Buffer.from(`${header},Note\n${lines.join('\n')}${lf ? '\n' : ''}`);
        const filePath = fileWith(content);
        const lineStarts = [...content.entries()].filter(([at, byte]) => byte === 10 && at + 1 < content.length).map(([at]) => at + 1);
        const ends = [...new Set(cuts.map((cut) => lineStarts[cut % lineStarts.length]!))].filter((end) => end !== undefined).sort((a, b) => a - b);
        const bounds = [0, ...ends, content.length];
        const parts = [];
        for (let i = 0; i + 1 < bounds.length; i++) parts.push(await readPart({ kind: 'activity_tracker', path: filePath, range: { start: bounds[i]!, end: bounds[i + 1]! } }));
        // As between threads: the later parts' rows are copied (structured clone), their aggregators dropped.
        const later = parts.slice(1).map(({ found, aggregator }) => ({ found, part: structuredClone(found.plain && found.rowErrorCount === 0 ? aggregator.part!() : null) }));
        const joined = joinParts('activity_tracker', parts[0]!, later);
        const whole = await importCsvFile({ kind: 'activity_tracker', path: filePath });
        expect(joined).not.toBeNull();
        expect(outcome(joined!)).toEqual(outcome(whole));
        if (whole.ok) imported++;
        else failed++;
      }),
      { numRuns: 300 },
    );
    expect(imported).toBeGreaterThan(30);
    expect(failed).toBeGreaterThan(30);
  });

  it('a part that is not quote-free (or not UTF-8) makes the file be read whole', async () => {
    const content = `${header}\nEMP0001,1/2/2024,1,2,3,4\n"EMP0002",1/2/2024,1,2,3,4\n`;
    const filePath = fileWith(content);
    const cut = content.indexOf('"');
    const first = await readPart({ kind: 'activity_tracker', path: filePath, range: { start: 0, end: cut } });
    const second = await readPart({ kind: 'activity_tracker', path: filePath, range: { start: cut, end: content.length } });
    expect(first.found.plain).toBe(true);
    expect(second.found).toEqual({ plain: false });
    expect(joinParts('activity_tracker', first, [{ found: second.found, part: null }])).toBeNull();
    const latin1 = Buffer.concat([Buffer.from(`${header}\nEMP0001,1/2/2024,1,2,3,4\n`), Buffer.from('EMP\xe90002,1/2/2024,1,2,3,4\n', 'latin1')]);
    const notUtf8 = await readPart({ kind: 'activity_tracker', path: fileWith(latin1), range: { start: cut, end: latin1.length } });
    expect(notUtf8.found).toEqual({ plain: false });
  });
});

describe('a big activity file read in parts on the worker threads', () => {
  const header = 'Employee_ID,Date,Teams_Messages_Sent,Emails_Sent,Meetings_Attended,Work_Hours';
  /** Every employee for a day, then the next day, as HR's exports are. */
  const activity = (employees: number, days: number, rowAt?: (line: number) => string | null) => {
    const lines = [header];
    for (let d = 0; d < days; d++) {
      for (let e = 0; e < employees; e++) lines.push(rowAt?.(lines.length + 1) ?? `EMP${String(e).padStart(4, '0')},${1 + (d % 12)}/${1 + (d % 28)}/2024,${(e * 7 + d) % 50},${(e + d) % 30},${d % 6},${(4 + ((e * d) % 500) / 100).toFixed(2)}`);
    }
    return `${lines.join('\n')}\n`;
  };
  const vibemeter = fs.readFileSync(path.resolve('datasets/sample/vibemeter_dataset.csv'), 'utf8');
  const jobs = (activityFile: string) =>
    [
      { kind: 'activity_tracker' as const, path: activityFile },
      { kind: 'vibemeter' as const, path: fileWith(vibemeter) },
    ].map((job) => ({ ...job, bytes: fs.statSync(job.path).size }));
  const outcome = (result: ImportResult) => (result.ok ? { rows: result.aggregate.rows, employees: [...result.aggregate.employees] } : { error: result.error });
  const inParts = (jobList: ReturnType<typeof jobs>) => importFiles(jobList, { minPartBytes: 1 });
  const whole = (jobList: ReturnType<typeof jobs>) => Promise.all(jobList.map((job) => importCsvFile(job)));

  it('gives the aggregates of reading each file whole, and reports the whole file read', async () => {
    const list = jobs(fileWith(activity(300, 40)));
    const read: number[] = [];
    const parted = await importFiles([{ ...list[0]!, onProgress: (p) => read.push(p.bytesRead) }, list[1]!], { minPartBytes: 1 });
    expect(parted.map(outcome)).toEqual((await whole(list)).map(outcome));
    expect(parted[0]!.ok).toBe(true);
    expect(read.at(-1)).toBeGreaterThanOrEqual(list[0]!.bytes);
  });

  it('joins when the first part is read last (a big other file leaves the later part small)', async () => {
    const bigVibemeter = ['Employee_ID,Response_Date,Vibe_Score', ...Array.from({ length: 60_000 }, (_, i) => `EMP${String(i % 300).padStart(4, '0')},${String(1 + (i % 28)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-2024,${1 + (i % 5)}`)].join('\n');
    const list = [
      { kind: 'activity_tracker' as const, path: fileWith(activity(300, 20)) },
      { kind: 'vibemeter' as const, path: fileWith(bigVibemeter) },
    ].map((job) => ({ ...job, bytes: fs.statSync(job.path).size }));
    const parted = await importFiles(list, { minPartBytes: 1 });
    expect(parted.map(outcome)).toEqual((await whole(list)).map(outcome));
    expect(parted.map((result) => (result.ok ? 'ok' : result.error.message))).toEqual(['ok', 'ok']);
  });

  it('numbers a bad row near the end as in the whole file', async () => {
    const list = jobs(fileWith(activity(300, 40, (line) => (line === 11_000 ? 'EMP0001,2/30/2024,1,2,3,4' : line === 11_990 ? 'EMP0002,1/2/2024,1,2' : null))));
    const [parted] = await inParts(list);
    expect(parted!.ok).toBe(false);
    expect(outcome(parted!)).toEqual(outcome((await whole(list))[0]!));
    expect(problems(parted!)).toEqual([expect.stringMatching(/^11000 Date: /), '11990 (row): has fewer fields than the header\'s 6']);
  });

  it('reads the file whole when its later part has a quoted field', async () => {
    const list = jobs(fileWith(activity(300, 40, (line) => (line === 11_500 ? '"EMP0003",3/4/2024,1,2,3,"4.5"' : null))));
    const [parted] = await inParts(list);
    expect(parted!.ok).toBe(true);
    expect(outcome(parted!)).toEqual(outcome((await whole(list))[0]!));
  });
});

describe("the vibemeter file's byte-level rows agree with the string way", () => {
  it('on random vibemeter files, in any column order: the same aggregate, or the same row errors', async () => {
    const pick = <T>(values: T[]) => fc.constantFrom(...values);
    const cell = (good: string[], odd: string[]) => fc.oneof({ weight: 30, arbitrary: pick(good) }, { weight: 1, arbitrary: pick(odd) });
    const id = cell(['EMP0001', 'EMP0002', 'E3', ' EMP0001', 'EMP_4-b', 'x'.repeat(32)], ['', 'x'.repeat(33), 'ÉMP5', 'EMP 4']);
    const date = cell(
      ['01-01-2023', '1-1-2023', '01-1-2023', '31-12-2023', '29-02-2024', '15-06-2023', '01-01-1900', '31-12-1969', ' 02-01-2023'],
      ['31-02-2023', '29-02-2023', '1-13-2023', '00-01-2023', '01-01-23', '01/01/2023', '001-01-2023', '2023-01-01', '', '01-01-0050'],
    );
    const score = cell(['1', '2', '3', '4', '5', '03', ' 3'], ['0', '6', '3.5', '', '-1', '+3', '1e0']);
    const zone = cell(['', 'Frustrated Zone', 'Sad Zone', 'Okay Zone', 'Happy Zone', 'Excited Zone', ' Okay Zone'], ['okay zone', 'OKAY ZONE', 'Okay  Zone', 'Calm Zone', 'Sad Zone!']);
    // Each layout names its columns; a row is written in that order (Note: an ignored extra column).
    const layouts = [
      ['Employee_ID', 'Response_Date', 'Vibe_Score', 'Emotion_Zone'],
      ['Emotion_Zone', 'Vibe_Score', 'Note', 'Employee_ID', 'Response_Date'],
      ['Note', 'Response_Date', 'Employee_ID', 'Vibe_Score'],
    ];
    const values = fc.record({ Employee_ID: id, Response_Date: date, Vibe_Score: score, Emotion_Zone: zone, Note: pick(['x', '', 'a b']) });
    const line = fc.oneof({ weight: 30, arbitrary: values }, { weight: 1, arbitrary: pick(['', ',,,,', 'EMP0001,01-01-2023,3,Okay Zone,x,y']) });
    const file = fc.record({ layout: fc.nat(layouts.length - 1), lines: fc.array(line, { minLength: 1, maxLength: 30 }) });
    let imported = 0;
    const outcome = (result: ImportResult) => (result.ok ? { rows: result.aggregate.rows, employees: [...result.aggregate.employees] } : { error: result.error });
    await fc.assert(
      fc.asyncProperty(file, async ({ layout, lines }) => {
        const columns = layouts[layout]!;
        const body = lines.map((l) => (typeof l === 'string' ? l : columns.map((c) => l[c as keyof typeof l]).join(','))).join('\n');
        const plain = await importCsvFile({ kind: 'vibemeter', path: fileWith(`${columns.join(',')}\n${body}\n`) });
        const quoted = await importCsvFile({ kind: 'vibemeter', path: fileWith(`"${columns[0]}",${columns.slice(1).join(',')}\n${body}\n`) }); // csv-parse, strings only
        expect(outcome(plain)).toEqual(outcome(quoted));
        expect(JSON.stringify(outcome(plain))).toBe(JSON.stringify(outcome(quoted))); // key order too
        if (plain.ok) imported++;
      }),
      { numRuns: 300 },
    );
    expect(imported).toBeGreaterThan(30);
  });
});

describe("the activity summary's median (quickselect)", () => {
  it('equals the middle of the sorted values, duplicates and odd or even counts alike', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.double({ min: 0, max: 24, noNaN: true })), { minLength: 1, maxLength: 300 }), (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        const middle = sorted.length >> 1;
        const expected = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
        expect(describeValues(Float64Array.from(values)).median).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

/** readPlainCsv with the signature of readCsvExactly (a quote-free file never answers 'not-plain'). */
async function readPlainAsReader(chunks: AsyncIterable<Buffer>, onRecord: Parameters<typeof readCsvExactly>[1]): Promise<void> {
  if ((await readPlainCsv(chunks, onRecord)) !== 'done') throw new Error('expected a plain file');
}

describe('through hrdata.upload', () => {
  let server: TestServer;
  let hr: TestClient;
  beforeAll(async () => {
    server = await startServer();
    ({ client: hr } = await signUpHr(server));
  });
  afterAll(async () => {
    hr?.close();
    await server?.close();
  });

  const upload = (kind: HrKind, file: string) => {
    const form = new FormData();
    form.append(kind, new Blob([fs.readFileSync(file)]), path.basename(file));
    return hr.hrdata.upload.mutate(form);
  };

  it("answers a ';'-separated file with the separator, naming the kind", async () => {
    const error = await upload('vibemeter', fixture('vibemeter-semicolon-no-header.csv')).then(
      () => null,
      (e: unknown) => e as { message: string; data?: { code?: string } },
    );
    expect(error?.data?.code).toBe('BAD_REQUEST');
    expect(error?.message).toMatch(/^vibemeter: this file uses ';' as its separator/);
  });

  it('imports the quoted line break in an ignored column', async () => {
    const result = await upload('vibemeter', fixture('vibemeter-quoted-break-in-extra-column.csv'));
    expect(result.files).toEqual([expect.objectContaining({ kind: 'vibemeter', rows: 3, employees: 3 })]);
  });
});
