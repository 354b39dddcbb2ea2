import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineResponder } from '../src/assistant/offline-responder.js';
import { HR_KINDS, KINDS } from '../src/hrdata/kinds.js';
import { LegacySocket } from './support/legacy.js';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { validReportBody } from './support/reports.js';
import { watchRoom } from './support/room.js';
import { signUpLinked } from './support/identity.js';
import { signUp, startServer, waitFor, type TestClient, type TestServer } from './support/server.js';

const HELP = 'call the Employee Assistance line on 0800 123 456';
const sample = path.resolve('datasets/sample');

let standIn: MistralStandIn;
let server: TestServer;
let hr: TestClient;
let flagged: Array<{ employeeId: string; rank: number }>;
const employees: Array<Awaited<ReturnType<typeof signUp>>> = [];
let selected: Awaited<ReturnType<TestClient['checkins']['runDaily']['mutate']>>;

beforeAll(async () => {
  // The model always answers cheerfully; report generation gets a valid JSON report.
  standIn = await MistralStandIn.start((request) => (request.stream ? { chunks: ['Great ', 'to hear, ', 'have a lovely day!'] } : { content: validReportBody }));
  server = await startServer({ MISTRAL_API_KEY: 'k', MISTRAL_SERVER_URL: standIn.url, CHECKIN_DAILY_CAP: '4', CRISIS_HELP_CONTACTS: HELP });
  const account = await signUp(server.url);
  await server.app.services.auth.promoteToHr(account.user.username);
  hr = account.client;
  const form = new FormData();
  for (const kind of HR_KINDS) form.append(kind, await fs.openAsBlob(path.join(sample, KINDS[kind].fileName)), KINDS[kind].fileName);
  await hr.hrdata.upload.mutate(form);
  flagged = await hr.hrdata.flagged.query();
  // Accounts for six of the flagged employees (in a shuffled order) and one employee nobody flagged.
  for (const f of [flagged[5]!, flagged[0]!, flagged[3]!, flagged[1]!, flagged[4]!, flagged[2]!]) employees.push(await signUpLinked(server.url, hr, f.employeeId));
  const rows = (await hr.hrdata.export.query()).rows as Array<Record<string, unknown>>;
  const unremarkable = rows.findLast((row) => row.Flagged === 0 && Number(row.Recent_Vibe_Mean) > 3)!;
  employees.push(await signUpLinked(server.url, hr, String(unremarkable.Employee_ID)));
});
afterAll(async () => {
  await server.close();
  await standIn.close();
});

const employeeOf = (employeeId: string) => employees.find((e) => e.user.employeeId === employeeId)!;

describe('daily selection', () => {
  it('picks the flagged employees with accounts, most anomalous first, with reasons, up to the daily cap', async () => {
    selected = await hr.checkins.runDaily.mutate();
    expect(selected.map((s) => s.employeeId)).toEqual(flagged.slice(0, 4).map((f) => f.employeeId));
    for (const checkin of selected) {
      expect(checkin.reasons.length).toBeGreaterThan(0);
      for (const reason of checkin.reasons) {
        expect(['workload', 'time_off', 'recognition', 'mood', 'onboarding', 'manager', 'collaboration']).toContain(reason.kind);
        expect(reason.words).not.toMatch(/\d/);
      }
      expect(checkin.opener).toMatch(new RegExp(`^Hi ${checkin.username}, I'm the HR assistant`));
      expect(checkin.opener.replace(checkin.username, '')).not.toMatch(/\d/); // never a raw score
    }
    // The generator's distressed employees work long hours with low vibe: that is what the reasons say.
    expect(selected.flatMap((s) => s.reasons.map((r) => r.kind))).toEqual(expect.arrayContaining(['workload']));
  });

  it('keeps to the cap for the rest of the day, and does not contact anyone again within the cool-down', async () => {
    expect(await hr.checkins.runDaily.mutate()).toEqual([]);
    const tomorrow = Date.now() + 86_400_000;
    const next = await server.app.services.checkins.selectDaily(tomorrow);
    expect(next.map((s) => s.employeeId)).toEqual(flagged.slice(4, 6).map((f) => f.employeeId));
  });
});

describe("an employee's check-in history and account, for HR's employee page", () => {
  it("lists a selected employee's check-ins with status and reasons, and the account linked through the invite (audited)", async () => {
    const first = selected[0]!;
    const history = await hr.checkins.history.query({ employeeId: first.employeeId });
    expect(history).toEqual([expect.objectContaining({ checkinId: first.checkinId, status: 'pending', reasons: first.reasons, deliveredAt: null, answeredAt: null })]);
    expect(history[0]!.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await hr.users.byEmployeeId.query({ employeeId: first.employeeId })).toEqual({ id: first.userId, username: first.username });

    // Someone never selected and never invited: nothing, not an error.
    const stranger = flagged.at(-1)!.employeeId;
    expect(await hr.checkins.history.query({ employeeId: stranger })).toEqual([]);
    expect(await hr.users.byEmployeeId.query({ employeeId: stranger })).toBeNull();
    await expect(hr.checkins.history.query({ employeeId: 'not an id' })).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' }, message: expect.stringContaining('employeeId') });

    const reads = (await hr.audit.list.query({ userId: first.userId })).items.filter((r) => r.action === 'hr_employee');
    expect(reads.map((r) => r.detail)).toEqual(expect.arrayContaining(['check-ins', 'linked account']));
  });
});

describe('the sustained low-vibe rule', () => {
  it('selects an employee the detector did not flag whose recent vibe averages 2 or less, with the mood reason', async () => {
    const rows = (await hr.hrdata.export.query()).rows as Array<Record<string, unknown>>;
    const calm = rows.find((row) => row.Flagged === 0 && Number(row.Vibe_Responses) >= 10)!;
    const employeeId = String(calm.Employee_ID);
    // Their last ten vibe answers were low: as if a new vibe file had said so.
    const master = await server.app.services.database.db.selectFrom('hr_master').select('row').where('employee_id', '=', employeeId).executeTakeFirstOrThrow();
    const row = { ...JSON.parse(master.row), Recent_Vibe_Mean: 1.8 };
    await server.app.services.database.db.updateTable('hr_master').set({ row: JSON.stringify(row) }).where('employee_id', '=', employeeId).execute();
    const account = await signUpLinked(server.url, hr, employeeId);
    const inTwoDays = await server.app.services.checkins.selectDaily(Date.now() + 2 * 86_400_000);
    expect(inTwoDays.map((s) => s.employeeId)).toEqual([employeeId]); // the flagged ones are pending or cooling down
    expect(inTwoDays[0]!.reasons).toEqual([{ kind: 'mood', words: 'low mood in their recent vibe check-ins', source: 'low_vibe' }]);
    expect(inTwoDays[0]!.opener).toContain(`Hi ${account.user.username}`);
    account.client.close();
  });
});

describe('the check-in in the chat', () => {
  it('opens a tRPC chat with the grounded opener as the first event, then answers with the signals in context', async () => {
    const first = selected[0]!;
    const employee = employeeOf(first.employeeId);
    const room = watchRoom(employee.client, 'checkin');
    await room.waitFor('members');
    expect(room.events[0]!.data).toMatchObject({ type: 'done', source: 'checkin', text: first.opener });

    const before = standIn.requests.length;
    await employee.client.chat.send.mutate({ room: 'checkin', message: 'Thanks for asking, it has been a lot.' });
    await room.waitFor('done', (e) => e.source.startsWith('mistral'));
    const request = standIn.requests.slice(before).find((r) => r.stream)!;
    const system = request.body.messages.find((m) => m.role === 'system')!.content;
    const details = await hr.hrdata.employee.query({ employeeId: first.employeeId });
    expect(system).toContain("HR's data suggests checking in with them");
    for (const concern of details.concerns) expect(system).toContain(concern);
    expect(system).toContain('Questions HR would like explored');
    // The model knows it opened the conversation, and with what.
    expect(system).toContain(`opened this conversation with: "${first.opener}"`);
    room.stop();
  });

  it('opens a legacy chat with the opener as the first assistant frame', async () => {
    const second = selected[1]!;
    const employee = employeeOf(second.employeeId);
    const socket = await LegacySocket.open(server.wsUrl, 'checkin_legacy', employee.token);
    socket.send({ type: 'connection', username: employee.user.username });
    await socket.next('connection_confirmed');
    expect((await socket.next('chatbot_response')).message).toBe(second.opener);
    socket.send({ type: 'chatbot_query', message: 'Honestly, I could use a break.' });
    await socket.next('chatbot_response');
    socket.close();
  });

  it('delivers a check-in once', async () => {
    const employee = employeeOf(selected[0]!.employeeId);
    const room = watchRoom(employee.client, 'elsewhere');
    await room.waitFor('members');
    expect(room.ofType('done')).toEqual([]);
    room.stop();
  });
});

describe('escalation during a chat', () => {
  it('raises hr.alerts and answers with the help contacts, whatever the model would say', async () => {
    const alerts: any[] = [];
    const subscription = hr.hr.alerts.subscribe(undefined, { onData: (event) => alerts.push(event.data), onError: () => {} });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const employee = employeeOf(selected[2]!.employeeId);
    const room = watchRoom(employee.client, 'crisis');
    await room.waitFor('members');
    const requestsBefore = standIn.requests.filter((r) => r.stream).length;

    await employee.client.chat.send.mutate({ room: 'crisis', message: "I can't go on, some days I want to kill myself." });
    const answer = await room.waitFor('done', (e) => e.source === 'escalation');
    expect(answer.text).toContain(HELP);
    expect(answer.text).toContain("I've let the HR team know");
    expect(answer.text).not.toContain('lovely day');
    const alert = await waitFor(() => alerts.find((a) => a.type === 'escalation'), 5000, 'the escalation alert');
    expect(alert).toMatchObject({ userId: employee.user.id, employeeId: selected[2]!.employeeId, room: 'crisis', concern: 'Possible risk of self-harm' });
    expect(alert.evidence).toContain('kill myself');
    expect(standIn.requests.filter((r) => r.stream).length).toBe(requestsBefore); // the model was not asked
    subscription.unsubscribe();
    room.stop();
  });
});

describe('the daily People-Experience report', () => {
  it("counts the day's contacts, replies, sessions, escalations and writes JSON and Markdown", async () => {
    // Two sessions end now: the first employee's and the one in crisis.
    for (const index of [0, 2]) await employeeOf(selected[index]!.employeeId).client.chat.end.mutate({ room: index === 0 ? 'checkin' : 'crisis' });
    const reportsReady = () => hr.reports.list.query({ limit: 50 }).then((page) => page.items.length >= 2);
    for (let i = 0; i < 100 && !(await reportsReady()); i++) await new Promise((resolve) => setTimeout(resolve, 100));

    const { report, files } = await hr.reports.daily.query({});
    expect(report.contactedCount).toBe(4);
    expect(report.contacted.map((c) => c.employeeId)).toEqual(selected.map((s) => s.employeeId));
    expect(report.answeredCount).toBe(3); // the tRPC and legacy check-ins were answered, and the employee in crisis wrote too
    expect(report.sessions).toBe(2);
    expect(Object.values(report.riskLevels).reduce((a, b) => a + b, 0)).toBe(2);
    expect(report.topThemes.length).toBeGreaterThan(0);
    expect(report.escalations).toHaveLength(1);
    expect(report.escalations[0]).toMatchObject({ concern: 'Possible risk of self-harm', room: 'crisis' });
    expect(report.vibeTrend.length).toBeGreaterThan(0);
    const summaries = server.app.services.config.summariesDir;
    const markdown = fs.readFileSync(path.join(summaries, files.markdown), 'utf8');
    expect(markdown).toContain(`# People-Experience report — ${report.day}`);
    expect(markdown).toContain('Employees contacted: **4**, of whom answered: **3**');
    expect(JSON.parse(fs.readFileSync(path.join(summaries, files.json), 'utf8')).contactedCount).toBe(4);
  });
});

describe('the question bank', () => {
  it('is read and edited by HR as versions, and the next openers use it', async () => {
    const { version, content } = await hr.checkins.questionBank.query();
    const edited = { ...content, workload: { opener: 'your days have been really long', followUps: ['What would help you finish on time?'] } };
    const saved = await hr.checkins.updateQuestionBank.mutate({ content: edited });
    expect(saved.version).toBeGreaterThan(version);
    expect((await hr.checkins.questionBank.query()).content.workload.opener).toBe('your days have been really long');
    const bad = await hr.checkins.updateQuestionBank.mutate({ content: { ...edited, workload: { opener: '', followUps: [] } } }).catch((e) => e);
    expect(bad.data.code).toBe('BAD_REQUEST');
    expect(bad.message).toMatch(/content\.workload\.opener/);
    // A later day's selection words its openers from the new version.
    const later = await server.app.services.checkins.selectDaily(Date.now() + 30 * 86_400_000);
    const aboutWorkload = later.filter((s) => s.reasons.slice(0, 2).some((r) => r.kind === 'workload'));
    expect(aboutWorkload.length).toBeGreaterThan(0);
    for (const checkin of aboutWorkload) expect(checkin.opener).toContain('your days have been really long');
  });
});

describe('the offline responder', () => {
  it("asks the question bank's follow-ups when the employee's words name no theme of their own", () => {
    const followUps = ['What would help you finish on time?', 'When did you last have a proper break?'];
    const turns = [
      { role: 'assistant' as const, content: 'Hi, just checking in.' },
      { role: 'user' as const, content: 'Thanks for reaching out.' },
    ];
    const offline = new OfflineResponder();
    expect(offline.compose({ turns, hrSignals: 'long working days lately', followUps })).toContain(followUps[0]);
    const later = [...turns, { role: 'assistant' as const, content: '…' }, { role: 'user' as const, content: 'Sure.' }];
    expect(offline.compose({ turns: later, hrSignals: 'long working days lately', followUps })).toContain(followUps[1]);
    // Words with a theme of their own keep the theme's question.
    expect(offline.compose({ turns: [{ role: 'user', content: 'My manager ignores me' }], hrSignals: null, followUps })).not.toContain(followUps[0]);
  });

  it('greets a conversation it starts, and does not greet again after a check-in opened it', () => {
    const offline = new OfflineResponder();
    const first = [{ role: 'user' as const, content: 'Hello there' }];
    expect(offline.compose({ turns: first, hrSignals: null, followUps: [] })).toMatch(/^Hi, I'm the HR assistant\. /);
    expect(offline.compose({ turns: first, hrSignals: null, followUps: [], opening: 'Hi, just checking in: how are things?' })).not.toMatch(/^Hi, I'm the HR assistant/);
  });
});
