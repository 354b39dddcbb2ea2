import fs from 'node:fs';
import path from 'node:path';
import { Migrator, type Migration } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { HR_KINDS, KINDS } from '../src/hrdata/kinds.js';
import { signUpHr, signUpLinked } from './support/identity.js';
import { LegacySocket } from './support/legacy.js';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { chatAndReports, readReport, reportFiles, validReportBody } from './support/reports.js';
import { watchRoom } from './support/room.js';
import { createClient, signUp, startServer, tempDir, waitFor, type TestClient, type TestServer } from './support/server.js';

const sample = path.resolve('datasets/sample');
const PASSWORD = 'correct horse battery';

let standIn: MistralStandIn;
let server: TestServer;
let hr: TestClient;
let anonymous: TestClient;
let flagged: Array<{ employeeId: string; concerns: string[] }>;
let counter = 0;
const username = () => `identity${process.pid}_${++counter}`;

beforeAll(async () => {
  standIn = await MistralStandIn.start(chatAndReports({ content: validReportBody }));
  server = await startServer({ MISTRAL_API_KEY: 'k', MISTRAL_SERVER_URL: standIn.url, CHAT_ABANDON_GRACE_MS: '50', REPORT_POLL_MS: '100' });
  hr = (await signUpHr(server)).client;
  anonymous = createClient(server.url);
  const form = new FormData();
  for (const kind of HR_KINDS) form.append(kind, await fs.openAsBlob(path.join(sample, KINDS[kind].fileName)), KINDS[kind].fileName);
  await hr.hrdata.upload.mutate(form);
  flagged = await hr.hrdata.flagged.query();
  expect(flagged.length).toBeGreaterThan(7);
});
afterAll(async () => {
  anonymous.close();
  hr.close();
  await server.close();
  await standIn.close();
});

/** The tRPC error of a call that must fail. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: any = await promise.then(
    () => expect.fail('expected the call to fail'),
    (e: unknown) => e,
  );
  return { code: error.data?.code, message: error.message };
}

const userRow = (name: string) => server.app.services.database.db.selectFrom('users').selectAll().where('username', '=', name).executeTakeFirst();
const inviteRows = (employeeId: string) => server.app.services.database.db.selectFrom('invites').selectAll().where('employee_id', '=', employeeId).execute();

/** The system prompt of the next chat request the stand-in receives while `ask` runs. */
async function systemPromptDuring(ask: () => Promise<unknown>): Promise<string> {
  const before = standIn.requests.length;
  await ask();
  const request = await waitFor(() => standIn.requests.slice(before).find((r) => r.stream), 5000, 'the chat request');
  return request.body.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
}

async function chat(client: TestClient, room: string, message: string) {
  const watcher = watchRoom(client, room);
  await watcher.waitFor('members');
  const system = await systemPromptDuring(async () => {
    const { answerId } = await client.chat.send.mutate({ room, message });
    await watcher.waitFor('done', (e) => e.answerId === answerId);
  });
  return { watcher, system };
}

function expectNoSignalsOf(system: string, employee: { concerns: string[] }) {
  expect(system).not.toContain("HR's data suggests");
  expect(system).not.toContain('Recent signals');
  for (const concern of employee.concerns) expect(system).not.toContain(concern);
}

describe('a self-claimed employee ID', () => {
  it('is refused (BAD_REQUEST naming employeeId, no account); the account registered instead gets no check-in, no HR signals, and reports named after its user id', async () => {
    const target = flagged[0]!;
    const name = username();
    expect(await failure(anonymous.auth.register.mutate({ username: name, password: PASSWORD, employeeId: target.employeeId }))).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^employeeId: .*HR invite/),
    });
    expect(await userRow(name)).toBeUndefined();

    const attacker = await signUp(server.url, { username: name });
    expect(attacker.user.employeeId).toBeNull();
    const selected = await hr.checkins.runDaily.mutate();
    expect(selected.map((s) => s.userId)).not.toContain(attacker.user.id);
    expect(selected.map((s) => s.employeeId)).not.toContain(target.employeeId);

    const { watcher, system } = await chat(attacker.client, 'self-claim', 'How am I doing, according to HR?');
    expect(watcher.events[0]!.data.type).toBe('members'); // no check-in opener first
    expect(watcher.ofType('done').map((e) => e.source)).not.toContain('checkin');
    expectNoSignalsOf(system, target);

    await attacker.client.chat.end.mutate({ room: 'self-claim' });
    watcher.stop();
    const summaries = path.join(server.dataDir, 'summaries');
    const stem = `user-${attacker.user.id}`;
    // The file is written first, then the row.
    for (let i = 0; i < 100 && (await hr.reports.list.query({ employeeId: stem })).items.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const [report] = (await hr.reports.list.query({ employeeId: stem })).items;
    expect(report).toMatchObject({ userId: attacker.user.id, employeeId: stem, fileName: expect.stringMatching(new RegExp(`^${stem}_summary_\\d{8}_\\d{6}\\.json$`)) });
    expect(reportFiles(summaries)).toContain(report!.fileName);
    expect(readReport(summaries, report!.fileName)).toMatchObject({ employee_id: stem, hr_signals: null });
    expect((await hr.reports.list.query({ employeeId: target.employeeId })).items).toEqual([]);
    attacker.client.close();
  });
});

describe('HR invites', () => {
  it('link the account to the employee, once; the account then gets the check-in opener and its HR signals', async () => {
    const target = flagged[1]!;
    const before = Date.now();
    const invite = await hr.auth.createInvite.mutate({ employeeId: target.employeeId });
    expect(invite.code).toMatch(/^[A-Za-z0-9_-]{27,}$/);
    // Default: three days.
    expect(invite.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 72 * 3600_000);
    expect(invite.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 72 * 3600_000);
    // Only the code's hash is stored.
    const [stored] = await inviteRows(target.employeeId);
    expect(JSON.stringify(stored)).not.toContain(invite.code);

    const name = username();
    const { user, token } = await anonymous.auth.register.mutate({ username: name, password: PASSWORD, inviteCode: invite.code });
    expect(user).toMatchObject({ username: name, employeeId: target.employeeId, role: 'employee' });
    expect((await inviteRows(target.employeeId))[0]).toMatchObject({ used_by: user.id, used_at: expect.any(Number) });

    const again = username();
    expect(await failure(anonymous.auth.register.mutate({ username: again, password: PASSWORD, inviteCode: invite.code }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'inviteCode: already used',
    });
    expect(await userRow(again)).toBeUndefined();

    const selected = await hr.checkins.runDaily.mutate();
    const checkin = selected.find((s) => s.userId === user.id)!;
    expect(checkin).toMatchObject({ employeeId: target.employeeId, username: name });

    const client = createClient(server.url, token);
    const watcher = watchRoom(client, 'invited');
    await watcher.waitFor('members');
    expect(watcher.events[0]!.data).toMatchObject({ type: 'done', source: 'checkin', text: checkin.opener });
    const system = await systemPromptDuring(async () => {
      const { answerId } = await client.chat.send.mutate({ room: 'invited', message: 'Thanks, it has been a lot lately.' });
      await watcher.waitFor('done', (e) => e.answerId === answerId);
    });
    expect(system).toContain("HR's data suggests checking in with them");
    for (const concern of target.concerns) expect(system).toContain(concern);
    watcher.stop();
    client.close();
  });

  it('expire (expiresInHours may be a fraction of an hour, up to 720)', async () => {
    const target = flagged[2]!;
    const invite = await hr.auth.createInvite.mutate({ employeeId: target.employeeId, expiresInHours: 0.0001 }); // 0.36 s
    await new Promise((resolve) => setTimeout(resolve, 500));
    const name = username();
    expect(await failure(anonymous.auth.register.mutate({ username: name, password: PASSWORD, inviteCode: invite.code }))).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^inviteCode: expired/),
    });
    expect(await userRow(name)).toBeUndefined();
    expect((await inviteRows(target.employeeId)).every((row) => row.used_at === null)).toBe(true);

    for (const expiresInHours of [0, -1, 721]) {
      const error = await failure(hr.auth.createInvite.mutate({ employeeId: target.employeeId, expiresInHours }));
      expect(error).toEqual({ code: 'BAD_REQUEST', message: expect.stringMatching(/^expiresInHours: /) });
    }
    const longest = await hr.auth.createInvite.mutate({ employeeId: target.employeeId, expiresInHours: 720 });
    expect(longest.expiresAt.getTime()).toBeGreaterThan(Date.now() + 719 * 3600_000);
  });

  it('refuse bad input with an error naming the field, and write nothing', async () => {
    const usersBefore = (await server.app.services.database.db.selectFrom('users').select('id').execute()).length;

    expect(await failure(hr.auth.createInvite.mutate({ employeeId: 'EMP9999' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'employeeId: EMP9999 is not in the imported HR data',
    });
    expect(await failure(hr.auth.createInvite.mutate({ employeeId: '../etc' }))).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^employeeId: /) });
    expect(await inviteRows('EMP9999')).toEqual([]);

    // Already linked (by the previous test's invite).
    expect(await failure(hr.auth.createInvite.mutate({ employeeId: flagged[1]!.employeeId }))).toEqual({
      code: 'CONFLICT',
      message: `employeeId: ${flagged[1]!.employeeId} is already linked to another account`,
    });

    const register = (fields: { inviteCode?: string; employeeId?: string; username?: string }) =>
      failure(anonymous.auth.register.mutate({ username: fields.username ?? username(), password: PASSWORD, ...fields }));
    expect(await register({ inviteCode: 'not-a-code' })).toEqual({ code: 'BAD_REQUEST', message: 'inviteCode: not a valid invite code' });

    // Two invites for one employee: the second is dead once the first is used.
    const target = flagged[3]!;
    const first = await hr.auth.createInvite.mutate({ employeeId: target.employeeId });
    const second = await hr.auth.createInvite.mutate({ employeeId: target.employeeId });
    // The invite's code with another employee ID, or a taken username: refused, and the invite stays usable.
    expect(await register({ inviteCode: first.code, employeeId: flagged[4]!.employeeId })).toEqual({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/^employeeId: not the invite's employee ID/),
    });
    const taken = username();
    await signUp(server.url, { username: taken });
    expect(await register({ inviteCode: first.code, username: taken })).toEqual({ code: 'CONFLICT', message: `username: "${taken}" is already taken` });
    const usersMid = (await server.app.services.database.db.selectFrom('users').select('id').execute()).length;
    expect(usersMid).toBe(usersBefore + 1); // only `taken`
    expect((await inviteRows(target.employeeId)).every((row) => row.used_at === null)).toBe(true);

    // The same employee ID given with its invite is fine.
    const linked = await anonymous.auth.register.mutate({ username: username(), password: PASSWORD, inviteCode: first.code, employeeId: target.employeeId });
    expect(linked.user.employeeId).toBe(target.employeeId);
    const late = username();
    expect(await register({ inviteCode: second.code, username: late })).toEqual({
      code: 'CONFLICT',
      message: "inviteCode: the invite's employee ID is already linked to another account",
    });
    expect(await userRow(late)).toBeUndefined();
    expect((await inviteRows(target.employeeId)).filter((row) => row.used_at !== null)).toHaveLength(1);
  });

  it('link one account when two registrations race for the same invite', async () => {
    const target = flagged[7]!;
    const invite = await hr.auth.createInvite.mutate({ employeeId: target.employeeId });
    const names = [username(), username()];
    const results = await Promise.allSettled(names.map((name) => anonymous.auth.register.mutate({ username: name, password: PASSWORD, inviteCode: invite.code })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason.message).toMatch(/^inviteCode: /);
    const rows = await Promise.all(names.map(userRow));
    expect(rows.filter(Boolean).map((row) => row!.employee_id)).toEqual([target.employeeId]);
  });

  it('keep HR-creating-HR working: an HR caller registers an HR user', async () => {
    const { user } = await hr.auth.register.mutate({ username: username(), password: PASSWORD, role: 'hr' });
    expect(user).toMatchObject({ role: 'hr', employeeId: null });
  });

  it('are honoured by the legacy /api/auth/register/ (invite_code), which refuses a bare employee_id', async () => {
    const call = async (body: unknown) => {
      const response = await fetch(`${server.url}/api/auth/register/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: await response.json() };
    };
    const target = flagged[5]!;
    const claimed = username();
    expect(await call({ username: claimed, password: PASSWORD, employee_id: target.employeeId })).toEqual({
      status: 400,
      body: { employee_id: [expect.stringContaining('HR invite')] },
    });
    expect(await userRow(claimed)).toBeUndefined();

    const invite = await hr.auth.createInvite.mutate({ employeeId: target.employeeId });
    const name = username();
    const created = await call({ username: name, password: PASSWORD, invite_code: invite.code });
    expect(created).toEqual({ status: 201, body: { user: { id: expect.any(Number), username: name, employee_id: target.employeeId, role: 'employee' }, token: expect.any(String) } });
    expect(await call({ username: username(), password: PASSWORD, invite_code: invite.code })).toEqual({ status: 400, body: { invite_code: ['already used'] } });
    expect(await call({ username: username(), password: PASSWORD, invite_code: '' })).toEqual({ status: 400, body: { invite_code: ['must not be empty'] } });

    // The legacy socket reports the link.
    const socket = await LegacySocket.open(server.wsUrl, 'legacy_invited', created.body.token);
    socket.send({ type: 'connection', username: name });
    expect(await socket.next('connection_confirmed')).toMatchObject({ user_id: created.body.user.id, employee_id: target.employeeId });
    socket.close();
  });
});

describe('users.setEmployeeId and users.list (HR)', () => {
  it('links and unlinks an existing account; an unlinked account loses its pending check-in and its HR signals', async () => {
    const target = flagged[6]!;
    const account = await signUp(server.url);
    const socket = await LegacySocket.open(server.wsUrl, 'before_link', account.token);
    socket.send({ type: 'connection', username: account.user.username });
    expect(await socket.next('connection_confirmed')).toMatchObject({ employee_id: '' });
    const linked = await hr.users.setEmployeeId.mutate({ userId: account.user.id, employeeId: target.employeeId });
    expect(linked).toMatchObject({ id: account.user.id, employeeId: target.employeeId });
    // A socket opened before the change is closed, so the client reconnects as the account now is.
    await waitFor(() => socket.closed, 5000, 'the socket to close');
    expect(socket.closed).toEqual({ code: 1008, reason: 'account link changed' });
    expect((await account.client.auth.me.query()).employeeId).toBe(target.employeeId);
    // Setting the same link again is fine; another account may not take it.
    await hr.users.setEmployeeId.mutate({ userId: account.user.id, employeeId: target.employeeId });
    const other = await signUp(server.url);
    expect(await failure(hr.users.setEmployeeId.mutate({ userId: other.user.id, employeeId: target.employeeId }))).toEqual({
      code: 'CONFLICT',
      message: `employeeId: ${target.employeeId} is already linked to another account`,
    });
    expect(await failure(hr.users.setEmployeeId.mutate({ userId: other.user.id, employeeId: 'EMP9999' }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^employeeId: /) });
    expect(await failure(hr.users.setEmployeeId.mutate({ userId: 999_999, employeeId: null }))).toEqual({ code: 'NOT_FOUND', message: 'userId: no account 999999' });
    expect((await other.client.auth.me.query()).employeeId).toBeNull();

    // Chosen for a check-in while linked, then unlinked by HR before opening the chat.
    const selected = await hr.checkins.runDaily.mutate();
    expect(selected.map((s) => s.userId)).toContain(account.user.id);
    const unlinked = await hr.users.setEmployeeId.mutate({ userId: account.user.id, employeeId: null });
    expect(unlinked.employeeId).toBeNull();
    expect((await account.client.auth.me.query()).employeeId).toBeNull();
    const { watcher, system } = await chat(account.client, 'unlinked', 'Anything new?');
    expect(watcher.events[0]!.data.type).toBe('members');
    expect(watcher.ofType('done').map((e) => e.source)).not.toContain('checkin');
    expectNoSignalsOf(system, target);
    watcher.stop();

    // The ID is free again.
    expect((await hr.users.setEmployeeId.mutate({ userId: other.user.id, employeeId: target.employeeId })).employeeId).toBe(target.employeeId);
    account.client.close();
    other.client.close();
  });

  it('lists accounts with their links, by id, page by page', async () => {
    const all: Array<{ id: number; username: string; employeeId: string | null; role: string; createdAt: Date }> = [];
    let cursor: number | null = null;
    do {
      const page: Awaited<ReturnType<typeof hr.users.list.query>> = await hr.users.list.query({ cursor, limit: 3 });
      expect(page.items.length).toBeLessThanOrEqual(3);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    const ids = all.map((u) => u.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    const rows = await server.app.services.database.db.selectFrom('users').select(['id', 'employee_id']).orderBy('id').execute();
    expect(all.map((u) => [u.id, u.employeeId])).toEqual(rows.map((r) => [r.id, r.employee_id]));
    expect(all.some((u) => u.role === 'hr')).toBe(true);
    expect(all[0]!.createdAt).toBeInstanceOf(Date);
    expect((await hr.users.list.query()).items.length).toBe(Math.min(50, rows.length));
  });
});

describe('migration 0005', () => {
  it('unlinks every account linked before it (self-registered links are not trusted)', async () => {
    const database = openDatabase(path.join(tempDir(), 'old.sqlite'));
    const folder = path.resolve('migrations');
    const migrations: Record<string, Migration> = {};
    for (const file of fs.readdirSync(folder).filter((f) => /^\d{4}_.+\.ts$/.test(f))) {
      migrations[file.replace(/\.ts$/, '')] = await import(path.join(folder, file));
    }
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    const to = async (name: string) => {
      const { error } = await migrator.migrateTo(name);
      if (error) throw error;
    };
    const name0004 = Object.keys(migrations).find((n) => n.startsWith('0004_'))!;
    const name0005 = Object.keys(migrations).find((n) => n.startsWith('0005_'))!;
    await to(name0004);
    const user = { email: null, role: 'employee' as const, profile_pic: null, password_hash: 'x', created_at: Date.now() };
    await database.db.insertInto('users').values([{ ...user, username: 'claimed', employee_id: 'EMP0001' }, { ...user, username: 'plain', employee_id: null }]).execute();
    await to(name0005);
    expect(await database.db.selectFrom('users').select(['username', 'employee_id']).orderBy('id').execute()).toEqual([
      { username: 'claimed', employee_id: null },
      { username: 'plain', employee_id: null },
    ]);
    await database.close();
  });
});
