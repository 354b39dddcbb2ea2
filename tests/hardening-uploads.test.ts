import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as hrDataWorkers from '../src/hrdata/parallel-import.js';
import { backendEnv } from './support/backend.js';
import { startChildServer, type ChildServer } from './support/child-server.js';
import { signUpHr } from './support/identity.js';
import { signUp, startServer, tempDir, waitFor, type TestClient, type TestServer } from './support/server.js';

const VIBE_HEADER = 'Employee_ID,Response_Date,Vibe_Score';

/** Collects unhandled rejections while a test runs: any is a defect (the server's process would exit on it). */
function watchUnhandledRejections() {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  beforeEach(() => {
    seen.length = 0;
    process.on('unhandledRejection', listener);
  });
  afterEach(() => {
    process.off('unhandledRejection', listener);
  });
  return seen;
}

/** A raw HTTP request (`connection: close`) with its head sent: `send` writes body bytes, `cut` drops the connection, `answer` is whatever came back. */
function openRawRequest(url: string, head: { path: string; headers: Record<string, string | number> }) {
  const { port } = new URL(url);
  const socket = net.connect(Number(port), '127.0.0.1');
  const lines = [`POST ${head.path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...Object.entries(head.headers).map(([k, v]) => `${k}: ${v}`)];
  socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  const answer = new Promise<string>((resolve) => {
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', () => resolve(received));
    socket.on('close', () => resolve(received));
  });
  return {
    answer,
    send: (body: string) => new Promise<void>((resolve, reject) => socket.write(body, (error) => (error ? reject(error) : resolve()))),
    cut: () => socket.destroy(),
  };
}

/**
 * Sends a raw HTTP request whose body is `body`, then either waits for the server to answer and
 * close, or cuts the connection; resolves with whatever came back.
 */
async function rawRequest(url: string, head: { path: string; headers: Record<string, string | number> }, body: string, then: 'wait' | 'abort'): Promise<string> {
  const request = openRawRequest(url, head);
  await request.send(body);
  // Let the server start staging the file, then drop the connection as a timed-out curl does.
  if (then === 'abort') setTimeout(request.cut, 150);
  return request.answer;
}

const BOUNDARY = 'xYzBoundary';
const multipartHead = (token: string, route: string, contentLength: number) => ({
  path: route,
  headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}`, 'content-length': contentLength, connection: 'close' },
});
const filePart = (field: string, content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${field}"; filename="${field}.csv"\r\nContent-Type: text/csv\r\n\r\n${content}`;
const vibeRows = (n: number) => `${VIBE_HEADER}\n${Array.from({ length: n }, (_, i) => `EMP${i},01-02-2024,3`).join('\n')}\n`;

const ROUTES = [
  { name: 'hrdata.upload', path: '/trpc/hrdata.upload', field: 'vibemeter' },
  { name: 'the legacy /api/process-hr-metrics/', path: '/api/process-hr-metrics/', field: 'vibemeter_file' },
];

describe('item 1: an interrupted HR upload does not take the server down', () => {
  let server: TestServer;
  let token: string;
  const unhandled = watchUnhandledRejections();
  beforeAll(async () => {
    server = await startServer();
    ({ token } = await signUpHr(server));
  });
  afterAll(() => server.close());

  const stagingDir = () => server.app.services.config.hrData.dir;
  const stagingIsClean = () => waitFor(() => !fs.existsSync(stagingDir()) || fs.readdirSync(stagingDir()).length === 0, 5000, 'an empty staging directory');
  const healthy = async () => expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

  for (const route of ROUTES) {
    it(`item 1: an upload cut off mid-file on ${route.name} leaves the server up and nothing staged`, async () => {
      const part = filePart(route.field, vibeRows(2000));
      // The declared length promises far more than is sent: the file is still being written when the client goes.
      await rawRequest(server.url, multipartHead(token, route.path, part.length + 50_000_000), part, 'abort');
      await stagingIsClean();
      await healthy();
      expect(unhandled).toEqual([]);
    });

    it(`item 1: a body without its closing boundary on ${route.name} is a 400 naming the body, with nothing staged`, async () => {
      const part = filePart(route.field, vibeRows(50)); // no closing --boundary--
      const answer = await rawRequest(server.url, multipartHead(token, route.path, part.length), part, 'wait');
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toMatch(/body: not a readable multipart upload \(Unexpected end of form\)/);
      await stagingIsClean();
      await healthy();
      expect(unhandled).toEqual([]);
    });

    it(`item 1: a multipart request without a boundary on ${route.name} is a 400, not a 500`, async () => {
      const response = await fetch(`${server.url}${route.path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data' },
        body: 'whatever',
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/content-type: not a readable multipart upload \(Multipart: Boundary not found\)/);
      await healthy();
    });
  }

  // Not uploads, but the same client: one that goes away while its JSON body is on the wire.
  for (const jsonPath of ['/trpc/auth.login', '/api/auth/login/', '/login/', '/api/messages/']) {
    it(`a JSON body cut off mid-way on ${jsonPath} leaves the server up`, async () => {
      const request = openRawRequest(server.url, {
        path: jsonPath,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': 10_000, connection: 'close' },
      });
      await request.send('{"username":"someone","password":"');
      await new Promise((resolve) => setTimeout(resolve, 100));
      request.cut();
      await request.answer;
      await healthy();
      expect(unhandled).toEqual([]);
    });
  }

  it('item 1: files a crash left in DATA_DIR/uploads are removed at start-up', async () => {
    const dataDir = tempDir();
    const uploads = path.join(dataDir, 'uploads');
    const leftovers = ['0b8c7e9e-6f1d-4c4e-9d55-1a0f2b3c4d5e', `${process.pid}-before-a-restart`, '999999999-dead-process'];
    for (const name of leftovers) {
      fs.mkdirSync(path.join(uploads, name), { recursive: true });
      fs.writeFileSync(path.join(uploads, name, 'vibemeter.csv'), `${VIBE_HEADER}\nEMP1,01-02-`);
    }
    // An upload in progress in another live process sharing DATA_DIR (here: the test runner's parent) is not touched.
    const live = `${process.ppid}-in-progress`;
    fs.mkdirSync(path.join(uploads, live));
    const restarted = await startServer({}, dataDir);
    try {
      expect(fs.readdirSync(uploads)).toEqual([live]);
    } finally {
      await restarted.close();
    }
  });
});

/** FormData with CSV texts, one file per field. */
function formOf(files: Record<string, string>): FormData {
  const form = new FormData();
  for (const [field, text] of Object.entries(files)) form.append(field, new Blob([text]), `${field}.csv`);
  return form;
}

const MiB = 2 ** 20;

describe('item 2: an oversized CSV line is a clear error, and imports run off the event loop', () => {
  // A real server process, as `npm start` runs it: if an import held its event loop, /healthz would not answer.
  let child: ChildServer;
  let token: string;
  beforeAll(async () => {
    const dataDir = tempDir();
    const env = { ...(await backendEnv(dataDir)), DATA_DIR: dataDir, RATE_LIMIT_UPLOAD_PER_HOUR: '100000' };
    child = await startChildServer(env);
    const account = { username: `hr_${process.pid}_${Date.now()}`, password: 'correct horse battery' };
    const post = (route: string) =>
      fetch(`${child.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
    expect((await post('/api/auth/register/')).status).toBe(201);
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/create-hr.ts', account.username], {
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    });
    token = ((await (await post('/api/auth/login/')).json()) as { access: string }).access;
  }, 60_000);
  afterAll(() => child?.stop());

  /** Uploads over tRPC while asking /healthz again and again; every health check must answer (10 s each, far above any normal answer). */
  async function uploadWhileCheckingHealth(files: Record<string, string>) {
    let done = false;
    const upload = fetch(`${child.url}/trpc/hrdata.upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: formOf(files) })
      .then(async (response) => ({ status: response.status, body: (await response.json()) as any }))
      .finally(() => (done = true));
    let healthChecks = 0;
    while (!done) {
      const health = await fetch(`${child.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(200);
      healthChecks++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(healthChecks).toBeGreaterThan(0);
    return upload;
  }

  it('item 2: a header line over 1 MiB is a clear error naming the kind, and /healthz answers meanwhile', async () => {
    const { status, body } = await uploadWhileCheckingHealth({ vibemeter: `${VIBE_HEADER},${'x'.repeat(1.5 * MiB)}\nEMP1,01-02-2024,3\n` });
    expect(status).toBe(400);
    expect(body.error.json.message).toMatch(/^vibemeter: The header line is longer than 1 MiB/);
  });

  it('item 2: with two files, a header without any line break fails its kind alone, and the next upload is not stuck behind it', async () => {
    const leave = 'Employee_ID,Leave_Type,Leave_Days,Leave_Start_Date,Leave_End_Date\nEMP1,Sick Leave,1,1/2/2024,1/2/2024\n';
    const { status, body } = await uploadWhileCheckingHealth({ vibemeter: 'Employee_ID'.repeat(200_000), leave });
    expect(status).toBe(400);
    expect(body.error.json.message).toMatch(/^vibemeter: The header line is longer than 1 MiB/);
    expect(body.error.json.data.importErrors.map((e: { kind: string }) => e.kind)).toEqual(['vibemeter']);
    const next = await uploadWhileCheckingHealth({ vibemeter: vibeRows(3), leave });
    expect(next.status).toBe(200);
  });

  it('item 2: a data line over 1 MiB is a clear error naming the kind and the row', async () => {
    const { status, body } = await uploadWhileCheckingHealth({ vibemeter: `${VIBE_HEADER}\nEMP1,01-02-2024,3\nEMP2,01-02-2024,${'9'.repeat(2 * MiB)}\n` });
    expect(status).toBe(400);
    expect(body.error.json.message).toMatch(/^vibemeter: Row 3 is longer than 1 MiB/);
  });
});

describe('item 2: a single-file import does not run on the main thread', () => {
  let server: TestServer;
  let hr: TestClient;
  beforeAll(async () => {
    server = await startServer();
    ({ client: hr } = await signUpHr(server));
  });
  afterAll(async () => {
    hr.close();
    await server.close();
  });

  it('item 2: one file is parsed, and the table analysed, on worker threads', async () => {
    const before = hrDataWorkers.hrDataWorkersStarted();
    const result = await hr.hrdata.upload.mutate(formOf({ vibemeter: vibeRows(30) }));
    expect(result.files).toEqual([{ kind: 'vibemeter', fileName: 'vibemeter.csv', rows: 30, employees: 30 }]);
    expect(hrDataWorkers.hrDataWorkersStarted() - before).toBe(2); // one to parse the file, one to analyse
  });
});

describe('each file of an upload is read as soon as it has arrived', () => {
  let server: TestServer;
  let hr: TestClient;
  let token: string;
  const unhandled = watchUnhandledRejections();
  beforeAll(async () => {
    server = await startServer();
    ({ client: hr, token } = await signUpHr(server));
  });
  afterAll(async () => {
    hr.close();
    await server.close();
  });

  const leave = `Employee_ID,Leave_Type,Leave_Days,Leave_Start_Date,Leave_End_Date\n${Array.from({ length: 20 }, (_, i) => `EMP${i},Casual Leave,2,3/6/2024,3/8/2024`).join('\n')}\n`;

  /** Sends the first file and the start of the second, then waits for `whileOpen` before the rest (or cutting the connection). */
  async function uploadInTwoGoes(route: (typeof ROUTES)[number], whileOpen: () => Promise<void>, then: 'finish' | 'abort'): Promise<string> {
    const first = filePart(route.field, vibeRows(30));
    const secondField = route.field.replace('vibemeter', 'leave');
    const second = `\r\n${filePart(secondField, leave)}\r\n--${BOUNDARY}--\r\n`;
    const cut = second.indexOf('Casual'); // the second file's header is sent, its rows not yet
    const request = openRawRequest(server.url, multipartHead(token, route.path, first.length + second.length));
    await request.send(`${first}${second.slice(0, cut)}`);
    await whileOpen();
    if (then === 'finish') await request.send(second.slice(cut));
    else request.cut();
    return request.answer;
  }

  const firstFileRead = (before: number) => async () => {
    await waitFor(() => hrDataWorkers.hrDataWorkersStarted() > before, 5000, 'a worker reading the first file');
  };
  const stagingIsClean = () => waitFor(() => fs.readdirSync(server.app.services.config.hrData.dir).length === 0, 5000, 'an empty staging directory');

  it('the first file is being read while the second is still arriving', async () => {
    const answer = await uploadInTwoGoes(ROUTES[0]!, firstFileRead(hrDataWorkers.hrDataWorkersStarted()), 'finish');
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    const kinds = (await hr.hrdata.status.query()).kinds;
    expect(kinds.find((k) => k.kind === 'vibemeter')?.last).toMatchObject({ status: 'imported', rows: 30 });
    expect(kinds.find((k) => k.kind === 'leave')?.last).toMatchObject({ status: 'imported', rows: 20 });
    await stagingIsClean();
    expect(unhandled).toEqual([]);
  });

  it('the legacy path, which wants all six files, refuses the two after reading the first early: nothing imported, nothing staged', async () => {
    const imports = (await hr.hrdata.imports.query()).length;
    const answer = await uploadInTwoGoes(ROUTES[1]!, firstFileRead(hrDataWorkers.hrDataWorkersStarted()), 'finish');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('Missing required CSV files: activity_tracker, onboarding, performance, rewards');
    expect((await hr.hrdata.imports.query()).length).toBe(imports);
    await stagingIsClean();
    await new Promise((resolve) => setTimeout(resolve, 300)); // the early reading settles, unused
    expect(unhandled).toEqual([]);
  });

  for (const route of ROUTES) {
    it(`on ${route.name}: an upload cut off after its first file was read leaves the server up, nothing staged and nothing imported`, async () => {
      const imports = (await hr.hrdata.imports.query()).length;
      await uploadInTwoGoes(route, firstFileRead(hrDataWorkers.hrDataWorkersStarted()), 'abort');
      await stagingIsClean();
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect((await hr.hrdata.imports.query()).length).toBe(imports);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the early reading settles, its failure or result unused
      expect(unhandled).toEqual([]);
    });
  }
});

/** GET with a Host header of our choosing (fetch does not let one set it). */
function getWithHost(url: string, host: string, extra: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { host, ...extra } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
  });
}

describe('item 5: /panel keeps one page whatever the Host', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ PANEL_ENABLED: 'true' });
  });
  afterAll(() => server.close());

  it('item 5: many Host and X-Forwarded-Proto values get the same page, which carries none of them', async () => {
    const first = await getWithHost(`${server.url}/panel`, 'panel.example');
    expect(first).toContain('tRPC.ui()');
    for (let i = 0; i < 40; i++) {
      const page = await getWithHost(`${server.url}/panel`, `host-${i}.example`, { 'x-forwarded-proto': `proto${i}` });
      expect(page === first, `request ${i}`).toBe(true);
    }
    expect(first).not.toMatch(/host-\d+\.example|proto\d+|panel\.example/);
  });

  it('item 5: a Host with a script in it is not reflected into the page', async () => {
    const page = await getWithHost(`${server.url}/panel`, 'evil.example</script><script>alert(1)</script>', { 'x-forwarded-proto': 'x"</script><script>alert(2)//' });
    expect(page.includes('alert(1)'), 'the Host reflected').toBe(false);
    expect(page.includes('alert(2)'), 'X-Forwarded-Proto reflected').toBe(false);
  });
});

describe('item 6: the HR data export is a CSV download, safe to open in a spreadsheet', () => {
  let server: TestServer;
  let hr: TestClient;
  let hrToken: string;
  beforeAll(async () => {
    server = await startServer();
    ({ client: hr, token: hrToken } = await signUpHr(server));
    // Employee IDs are letters, digits, _ and - (formula text or a comma is refused at import, hardening-review.test.ts):
    // one starting with "-" is what a spreadsheet could still read as a formula.
    const ids = ['-42', '-SUM', '-1-555', 'E_4', 'EMP0005', 'EMP0001', 'EMP0002', 'EMP0003'];
    const rows = ids.flatMap((id, i) => [`${id},01-02-2024,${(i % 5) + 1}`, `${id},02-02-2024,${i === 0 ? 1 : 4}`]);
    await hr.hrdata.upload.mutate(formOf({ vibemeter: `${VIBE_HEADER}\n${rows.join('\n')}\n` }));
  });
  afterAll(async () => {
    hr.close();
    await server.close();
  });

  const download = (token?: string) => fetch(`${server.url}/hrdata/export.csv`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const parseCsv = (text: string) => {
    const [header, ...table] = parse(text) as string[][];
    return { header: header!, table };
  };

  it('item 6: answers text/csv as an attachment with a .csv file name', async () => {
    const response = await download(hrToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[\w.-]+\.csv"$/);
  });

  it('item 6: every row keeps its columns, formula-looking text is neutralised, numbers stay numbers', async () => {
    const text = await (await download(hrToken)).text();
    const { header, table } = parseCsv(text);
    expect(table).toHaveLength(8);
    for (const row of table) expect(row).toHaveLength(header.length);
    const idColumn = header.indexOf('Employee_ID');
    const ids = table.map((row) => row[idColumn]);
    expect(ids).toEqual(expect.arrayContaining(["'-42", "'-SUM", "'-1-555", 'E_4']));
    for (const id of ids) expect(id).not.toMatch(/^[=+\-@\t\r]/);
    // The detector's scores of flagged employees are negative numbers, and are written as such.
    const scores = table.map((row) => row[header.indexOf('Anomaly_Score')]!);
    expect(scores.some((score) => /^-\d/.test(score))).toBe(true);
    for (const score of scores) expect(Number.isFinite(Number(score))).toBe(true);
  });

  it('item 6: the download is for HR only (anonymous 401, employee 403); hrdata.export gives the rows and the download URL', async () => {
    expect((await download()).status).toBe(401);
    expect((await download('not-a-token')).status).toBe(401);
    const employee = await signUp(server.url);
    expect((await download(employee.token)).status).toBe(403);
    employee.client.close();

    const exported = await hr.hrdata.export.query();
    expect(exported.downloadUrl).toBe('/hrdata/export.csv');
    expect(exported.rows.map((row) => row.Employee_ID)).toContain('E_4');
  });
});

describe('item 11: calendar dates and security headers', () => {
  let server: TestServer;
  let hr: TestClient;
  beforeAll(async () => {
    server = await startServer({ PANEL_ENABLED: 'true', ALLOWED_ORIGINS: 'http://app.example' });
    ({ client: hr } = await signUpHr(server));
  });
  afterAll(async () => {
    hr.close();
    await server.close();
  });

  it('item 11: reports.daily refuses a date that is not on the calendar, naming `date`, and writes nothing', async () => {
    for (const date of ['2024-13-45', '2023-02-29', '2024-04-31']) {
      const error = await hr.reports.daily.query({ date }).then(
        () => null,
        (e) => e,
      );
      expect(error?.data?.code, date).toBe('BAD_REQUEST');
      expect(error.message).toMatch(/^date: /);
    }
    const summaries = server.app.services.config.summariesDir;
    expect(fs.existsSync(summaries) ? fs.readdirSync(summaries).filter((f) => f.includes('2024-13-45')) : []).toEqual([]);
    await expect(hr.reports.daily.query({ date: '2024-02-29' })).resolves.toBeTruthy();
  });

  it('item 11: every HTTP response says nosniff and no-referrer, and refuses framing', async () => {
    const responses = [
      await fetch(`${server.url}/healthz`),
      await fetch(`${server.url}/trpc/auth.me`),
      await fetch(`${server.url}/panel`),
      await fetch(`${server.url}/api/messages/1/`),
      await fetch(`${server.url}/hrdata/export.csv`),
      await fetch(`${server.url}/no-such-page`),
      await fetch(`${server.url}/trpc/auth.me`, { method: 'OPTIONS', headers: { origin: 'http://app.example', 'access-control-request-method': 'GET' } }),
    ];
    for (const response of responses) {
      expect(response.headers.get('x-content-type-options'), response.url).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), response.url).toBe('no-referrer');
      expect(response.headers.get('x-frame-options'), response.url).toBe('DENY');
      expect(response.headers.get('content-security-policy'), response.url).toMatch(/frame-ancestors 'none'/);
    }
    expect(responses[2]!.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
