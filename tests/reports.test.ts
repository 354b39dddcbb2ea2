import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportFileSchema } from '../src/reports/report-schema.js';
import { writeReportFile } from '../src/reports/report-writer.js';
import { LegacySocket } from './support/legacy.js';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { chatAndReports, readReport, reportFiles, validReportBody } from './support/reports.js';
import { watchRoom } from './support/room.js';
import { importEmployees, signUpLinked } from './support/identity.js';
import { createClient, signUp, startServer, tempDir, waitFor, type TestServer } from './support/server.js';

let standIn: MistralStandIn;
let server: TestServer;
let summaries: string;
let hr: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  standIn = await MistralStandIn.start(chatAndReports({ content: validReportBody }));
  server = await startServer({
    MISTRAL_API_KEY: 'k',
    MISTRAL_SERVER_URL: standIn.url,
    CHAT_ABANDON_GRACE_MS: '50',
    REPORT_POLL_MS: '100',
    REPORT_RETRY_BASE_MS: '50',
  });
  summaries = path.join(server.dataDir, 'summaries');
  hr = await signUp(server.url, { username: 'hr_reports' });
  await server.app.services.auth.promoteToHr('hr_reports');
  await importEmployees(hr.client, ['EMP0201', 'EMP0202', 'EMP0203', 'EMP0204', 'EMP0205', 'EMP0206', 'EMP0207', 'EMP0208', 'EMP0209']);
});
afterAll(async () => {
  await server.close();
  await standIn.close();
});

/** An employee chats over tRPC in `room`, then leaves; resolves once their report row exists. */
async function tRpcSession(employeeId: string, room: string, message = 'I keep working late and nobody notices') {
  const employee = await signUpLinked(server.url, hr.client, employeeId);
  const watcher = watchRoom(employee.client, room);
  await watcher.waitFor('members');
  const { answerId } = await employee.client.chat.send.mutate({ room, message });
  await watcher.waitFor('done', (e) => e.answerId === answerId);
  watcher.stop();
  employee.client.close();
  const { items } = await waitForReports(employeeId, 1);
  return { employee, items };
}

async function waitForReports(employeeId: string, count: number) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await hr.client.reports.list.query({ employeeId });
    if (page.items.length >= count) return page;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} report(s) of ${employeeId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const filesOf = (employeeId: string) => reportFiles(summaries).filter((f) => f.startsWith(`${employeeId}_summary_`));

describe('HR reports', () => {
  it('writes exactly one schema-valid report (file and row) when a tRPC session ends', async () => {
    const { items } = await tRpcSession('EMP0201', 'report-trpc');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(items).toHaveLength(1);
    const files = filesOf('EMP0201');
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^EMP0201_summary_\d{8}_\d{6}\.json$/);
    const file = reportFileSchema.parse(readReport(summaries, files[0]!));
    expect(file).toMatchObject({ employee_id: 'EMP0201', source: 'mistral', report: validReportBody, conversation: { messages: 2 } });
    const full = await hr.client.reports.get.query({ id: items[0]!.id });
    expect(full.report).toEqual(file);
    expect(full.fileName).toBe(files[0]);
    // The report request used JSON mode.
    expect(standIn.requests.some((r) => !r.stream && (r.body.response_format as any)?.type === 'json_object')).toBe(true);
  });

  it('writes exactly one report when a legacy session ends', async () => {
    const employee = await signUpLinked(server.url, hr.client, 'EMP0202');
    const socket = await LegacySocket.open(server.wsUrl, 'report_legacy', employee.token);
    socket.send({ type: 'connection', username: employee.user.username });
    await socket.next('connection_confirmed');
    await socket.ask('My manager yells at me', employee.user.username);
    socket.close();
    const { items } = await waitForReports('EMP0202', 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(items).toHaveLength(1);
    expect(filesOf('EMP0202')).toHaveLength(1);
    expect(reportFileSchema.safeParse(readReport(summaries, filesOf('EMP0202')[0]!)).success).toBe(true);
  });

  it('falls back to a deterministic, schema-valid report on garbage JSON and on a 500', async () => {
    for (const [employeeId, behaviour] of [
      ['EMP0203', { content: 'this is { not json' }],
      ['EMP0204', { content: { summary: 'wrong shape' } }],
      ['EMP0205', { status: 500 }],
    ] as const) {
      standIn.script = chatAndReports(behaviour);
      const { items } = await tRpcSession(employeeId, `fallback-${employeeId}`, 'I am being harassed by a colleague');
      expect(items[0]).toMatchObject({ source: 'fallback', riskLevel: 'high', escalate: true });
      const file = reportFileSchema.parse(readReport(summaries, filesOf(employeeId)[0]!));
      expect(file.source).toBe('fallback');
      expect(file.report.risk_assessment.concerns).toContain('Harassment or mistreatment');
    }
    standIn.script = chatAndReports({ content: validReportBody });
  });

  it('writes no report for a session without an employee message, and one per session', async () => {
    const employee = await signUpLinked(server.url, hr.client, 'EMP0206');
    const idle = watchRoom(employee.client, 'quiet');
    await idle.waitFor('members');
    idle.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await hr.client.reports.list.query({ employeeId: 'EMP0206' })).items).toEqual([]);

    // An explicit end, then leaving: still one report for the one session.
    const room = watchRoom(employee.client, 'explicit');
    await room.waitFor('members');
    const { answerId } = await employee.client.chat.send.mutate({ room: 'explicit', message: 'hello' });
    await room.waitFor('done', (e) => e.answerId === answerId);
    await employee.client.chat.end.mutate({ room: 'explicit' });
    await waitForReports('EMP0206', 1);
    room.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await hr.client.reports.list.query({ employeeId: 'EMP0206' })).items).toHaveLength(1);
    employee.client.close();
  });

  it('keeps an unsafe employee id from escaping summaries/', async () => {
    const employee = await signUp(server.url);
    await server.app.services.database.db.updateTable('users').set({ employee_id: '../../etc/x' }).where('id', '=', employee.user.id).execute();
    employee.client.close();
    const evil = createClient(server.url, employee.token);
    const watcher = watchRoom(evil, 'escape');
    await watcher.waitFor('members');
    const { answerId } = await evil.chat.send.mutate({ room: 'escape', message: 'hi' });
    await watcher.waitFor('done', (e) => e.answerId === answerId);
    watcher.stop();
    const stem = `user-${employee.user.id}`;
    await waitForReports(stem, 1);
    expect(filesOf(stem)).toHaveLength(1);
    expect(fs.existsSync(path.resolve(summaries, '../../etc'))).toBe(false);
    evil.close();

    const dir = tempDir();
    const report = readReport(summaries, filesOf(stem)[0]!);
    await expect(writeReportFile(path.join(dir, 'summaries'), '../../etc/x', report)).rejects.toThrow(/unsafe/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('produces a job once however often it is retried', async () => {
    const { items } = await tRpcSession('EMP0207', 'idempotent');
    const row = await server.app.services.database.db.selectFrom('reports').selectAll().where('id', '=', items[0]!.id).executeTakeFirstOrThrow();
    const job = await server.app.services.database.db.selectFrom('report_jobs').selectAll().where('id', '=', row.job_id).executeTakeFirstOrThrow();
    await server.app.services.reports.produce(job);
    await server.app.services.reports.produce(job);
    expect(filesOf('EMP0207')).toHaveLength(1);
    expect((await hr.client.reports.list.query({ employeeId: 'EMP0207' })).items).toHaveLength(1);
  });

  it('lists with filters and paging', async () => {
    const high = await hr.client.reports.list.query({ riskLevel: 'high' });
    expect(high.items.length).toBeGreaterThan(0);
    expect(high.items.every((r) => r.riskLevel === 'high')).toBe(true);
    const page = await hr.client.reports.list.query({ limit: 2 });
    expect(page.items).toHaveLength(2);
    const next = await hr.client.reports.list.query({ limit: 2, cursor: page.nextCursor });
    expect(next.items[0]!.id).toBeLessThan(page.items[1]!.id);
    const future = await hr.client.reports.list.query({ from: new Date(Date.now() + 3600_000) });
    expect(future.items).toEqual([]);
  });
});

describe('reports authorisation and alerts', () => {
  it('forbids employees reports.* and hr.alerts, including their own', async () => {
    const { employee, items } = await tRpcSession('EMP0208', 'authz');
    const client = createClient(server.url, employee.token);
    await expect(client.reports.list.query({})).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    await expect(client.reports.get.query({ id: items[0]!.id })).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    const error = await new Promise<any>((resolve) => client.hr.alerts.subscribe(undefined, { onError: resolve, onData: () => resolve(null) }));
    expect(error?.data?.code).toBe('FORBIDDEN');
    client.close();
  });

  it('alerts HR about a high-risk report', async () => {
    const alerts: any[] = [];
    const subscription = hr.client.hr.alerts.subscribe(undefined, { onData: (e) => alerts.push(e.data) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    standIn.script = chatAndReports({
      content: { ...validReportBody, risk_assessment: { level: 'high', score: 0.8, concerns: ['Burnout'], indicators: [] }, escalate_to_hr: true },
    });
    const { items } = await tRpcSession('EMP0209', 'alert', 'I am completely burnt out');
    // (Saying it outright also raised an immediate escalation alert, before the report's.)
    const alert = await waitFor(() => alerts.find((a) => a.employeeId === 'EMP0209' && a.type === 'report'), 5000, 'an HR alert');
    expect(alert).toMatchObject({ type: 'report', reportId: items[0]!.id, riskLevel: 'high', escalate: true });
    expect(alert.at).toBeInstanceOf(Date);
    subscription.unsubscribe();
    standIn.script = chatAndReports({ content: validReportBody });
  });
});
