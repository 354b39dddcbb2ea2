import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/trpc/root.js';
import { LegacySocket } from './support/legacy.js';
import { createClient, signUp, startServer, type TestClient, type TestServer } from './support/server.js';

type Role = 'anonymous' | 'employee' | 'other' | 'hr';
type Outcome = 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND';
const ROLES: Role[] = ['anonymous', 'employee', 'other', 'hr'];

let server: TestServer;
const clients = {} as Record<Role, TestClient>;
const tokens = {} as Record<Role, string | undefined>;
let employeeId = 0;
let counter = 0;

beforeAll(async () => {
  server = await startServer();
  const employee = await signUp(server.url);
  const other = await signUp(server.url);
  const hr = await signUp(server.url);
  await server.app.services.auth.promoteToHr(hr.user.username);
  employeeId = employee.user.id;
  Object.assign(tokens, { anonymous: undefined, employee: employee.token, other: other.token, hr: hr.token });
  for (const role of ROLES) clients[role] = createClient(server.url, tokens[role]);
  await clients.employee.messages.store.mutate({ message: 'mine', response: 'ok' });
  await clients.hr.hrdata.upload.mutate(vibeUpload()); // employee IDs for auth.createInvite
});
afterAll(async () => {
  for (const role of ROLES) clients[role].close();
  await server.close();
});

/** A client signed in as a throwaway user of `role`, for calls that end sessions. */
async function throwaway(role: Role): Promise<TestClient> {
  if (role === 'anonymous') return createClient(server.url);
  const account = await signUp(server.url);
  if (role === 'hr') await server.app.services.auth.promoteToHr(account.user.username);
  return account.client;
}

function firstEvent(subscribe: (handlers: { onData: () => void; onError: (e: any) => void }) => { unsubscribe(): void }) {
  return new Promise<unknown>((resolve, reject) => {
    const sub = subscribe({
      onData: () => {
        sub.unsubscribe();
        resolve('ok');
      },
      onError: reject,
    });
  });
}

type Call = (client: TestClient, role: Role) => Promise<unknown>;

function vibeUpload(): FormData {
  const form = new FormData();
  form.append('vibemeter', new Blob(['Employee_ID,Response_Date,Vibe_Score\nEMP1,01-02-2024,3\nEMP2,02-02-2024,4\n']), 'vibemeter.csv');
  return form;
}
const expectations = (anonymous: Outcome, employee: Outcome, other: Outcome, hr: Outcome) => ({ anonymous, employee, other, hr });

// Every procedure of the router: a call, and the outcome for each role.
const matrix: Array<{ procedure: string; name: string; call: Call; expected: Record<Role, Outcome> }> = [
  { procedure: 'auth.register', name: 'as employee', call: (c) => c.auth.register.mutate({ username: `m${++counter}`, password: 'password123' }), expected: expectations('ok', 'ok', 'ok', 'ok') },
  { procedure: 'auth.register', name: 'as hr', call: (c) => c.auth.register.mutate({ username: `m${++counter}`, password: 'password123', role: 'hr' }), expected: expectations('FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'auth.login', name: '', call: (c) => c.auth.login.mutate({ username: 'nobody', password: 'x' }).catch((e) => (e.data?.code === 'UNAUTHORIZED' ? 'ok' : Promise.reject(e))), expected: expectations('ok', 'ok', 'ok', 'ok') },
  { procedure: 'auth.logout', name: '', call: async (_c, role) => (await throwaway(role)).auth.logout.mutate(), expected: expectations('UNAUTHORIZED', 'ok', 'ok', 'ok') },
  { procedure: 'auth.me', name: '', call: (c) => c.auth.me.query(), expected: expectations('UNAUTHORIZED', 'ok', 'ok', 'ok') },
  { procedure: 'auth.changePassword', name: '', call: async (_c, role) => (await throwaway(role)).auth.changePassword.mutate({ currentPassword: 'correct horse battery', newPassword: 'another password' }), expected: expectations('UNAUTHORIZED', 'ok', 'ok', 'ok') },
  { procedure: 'messages.list', name: 'own', call: (c) => c.messages.list.query({}), expected: expectations('UNAUTHORIZED', 'ok', 'ok', 'ok') },
  { procedure: 'messages.list', name: "employee's", call: (c) => c.messages.list.query({ userId: employeeId }), expected: expectations('UNAUTHORIZED', 'ok', 'FORBIDDEN', 'ok') },
  { procedure: 'messages.store', name: 'own', call: (c) => c.messages.store.mutate({ message: 'a', response: 'b' }), expected: expectations('UNAUTHORIZED', 'ok', 'ok', 'ok') },
  { procedure: 'messages.store', name: "for employee", call: (c) => c.messages.store.mutate({ userId: employeeId, message: 'a', response: 'b' }), expected: expectations('UNAUTHORIZED', 'ok', 'FORBIDDEN', 'FORBIDDEN') },
  { procedure: 'chat.join', name: '', call: (c) => firstEvent((h) => c.chat.join.subscribe({ room: 'matrix' }, h)), expected: expectations('UNAUTHORIZED', 'ok', 'ok', 'ok') },
  { procedure: 'chat.send', name: '', call: (c) => c.chat.send.mutate({ room: 'matrix', message: 'hello' }), expected: expectations('UNAUTHORIZED', 'ok', 'ok', 'ok') },
  { procedure: 'chat.history', name: '', call: (c) => c.chat.history.query({ room: 'matrix' }), expected: expectations('UNAUTHORIZED', 'ok', 'ok', 'ok') },
  { procedure: 'chat.end', name: '', call: (c) => c.chat.end.mutate({ room: 'matrix' }), expected: expectations('UNAUTHORIZED', 'ok', 'ok', 'ok') },
  { procedure: 'reports.list', name: '', call: (c) => c.reports.list.query({}), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'reports.get', name: 'missing', call: (c) => c.reports.get.query({ id: 999_999 }), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'NOT_FOUND') },
  { procedure: 'hrdata.upload', name: '', call: (c) => c.hrdata.upload.mutate(vibeUpload()), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'hrdata.status', name: '', call: (c) => c.hrdata.status.query(), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'hrdata.flagged', name: '', call: (c) => c.hrdata.flagged.query(), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'hrdata.employee', name: 'missing', call: (c) => c.hrdata.employee.query({ employeeId: 'NOBODY' }), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'NOT_FOUND') },
  { procedure: 'hrdata.summary', name: '', call: (c) => c.hrdata.summary.query(), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'hrdata.export', name: '', call: (c) => c.hrdata.export.query(), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'hrdata.imports', name: '', call: (c) => c.hrdata.imports.query(), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'hrdata.rollback', name: 'unknown import', call: (c) => c.hrdata.rollback.mutate({ importId: 999_999 }), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'NOT_FOUND') },
  { procedure: 'hrdata.directory', name: '', call: (c) => c.hrdata.directory.query(), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'checkins.runDaily', name: '', call: (c) => c.checkins.runDaily.mutate(), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'checkins.questionBank', name: '', call: (c) => c.checkins.questionBank.query(), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'checkins.updateQuestionBank', name: '', call: async (c) => c.checkins.updateQuestionBank.mutate({ content: (await clients.hr.checkins.questionBank.query()).content }), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'checkins.history', name: '', call: (c) => c.checkins.history.query({ employeeId: 'NOBODY' }), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'reports.daily', name: '', call: (c) => c.reports.daily.query({}), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'hr.recentAlerts', name: '', call: (c) => c.hr.recentAlerts.query({}), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'hr.alerts', name: '', call: (c) => firstEvent((h) => c.hr.alerts.subscribe(undefined, h)), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'auth.createInvite', name: '', call: (c) => c.auth.createInvite.mutate({ employeeId: 'EMP1' }), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'users.list', name: '', call: (c) => c.users.list.query(), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'users.byEmployeeId', name: '', call: (c) => c.users.byEmployeeId.query({ employeeId: 'NOBODY' }), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'users.setEmployeeId', name: '', call: (c) => c.users.setEmployeeId.mutate({ userId: employeeId, employeeId: null }), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
  { procedure: 'users.setNotifications', name: 'own', call: (c) => c.users.setNotifications.mutate({ invitations: true }), expected: expectations('UNAUTHORIZED', 'ok', 'ok', 'ok') },
  { procedure: 'audit.list', name: '', call: (c) => c.audit.list.query({ userId: employeeId }), expected: expectations('UNAUTHORIZED', 'FORBIDDEN', 'FORBIDDEN', 'ok') },
];

async function outcomeOf(call: Call, role: Role): Promise<Outcome | string> {
  try {
    await Promise.race([
      call(clients[role], role),
      // A subscription that is allowed but has nothing to say yet (hr.alerts) counts as ok.
      new Promise((resolve) => setTimeout(() => resolve('ok'), 1500)),
    ]);
    return 'ok';
  } catch (error: any) {
    return error?.data?.code ?? String(error);
  }
}

describe('authorisation matrix: every procedure × anonymous, employee, another employee, HR', () => {
  it('covers every procedure of the router', () => {
    const covered = new Set(matrix.map((row) => row.procedure));
    const procedures = Object.keys(appRouter._def.procedures);
    expect(procedures.filter((p) => !covered.has(p))).toEqual([]);
  });

  for (const row of matrix) {
    it(`${row.procedure} ${row.name}`.trim(), async () => {
      const actual: Record<string, string> = {};
      for (const role of ROLES) actual[role] = await outcomeOf(row.call, role);
      expect(actual).toEqual(row.expected);
    });
  }
});

describe('authorisation matrix: legacy paths', () => {
  const call = async (method: string, path: string, role: Role, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(tokens[role] ? { authorization: `Bearer ${tokens[role]}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.status;
  };
  const statuses = async (method: string, path: () => string, body?: () => unknown) =>
    Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await call(method, path(), role, body?.())] as const)));

  it('REST paths', async () => {
    expect(await statuses('POST', () => '/api/auth/register/', () => ({ username: `legacy${++counter}`, password: 'password123' }))).toEqual({ anonymous: 201, employee: 201, other: 201, hr: 201 });
    expect(await statuses('POST', () => '/api/auth/login/', () => ({ username: 'nobody', password: 'wrong' }))).toEqual({ anonymous: 400, employee: 400, other: 400, hr: 400 });
    expect(await statuses('GET', () => `/api/messages/${employeeId}/`)).toEqual({ anonymous: 401, employee: 200, other: 403, hr: 200 });
    expect(await statuses('POST', () => '/api/messages/', () => ({ user_id: employeeId, message: 'm', response: 'r' }))).toEqual({ anonymous: 401, employee: 201, other: 403, hr: 403 });
    const upload = await statuses('POST', () => '/api/process-hr-metrics/');
    expect(upload.anonymous).toBe(401);
    expect(upload.employee).toBe(403);
    expect(upload.other).toBe(403);
    expect(upload.hr).toBe(400); // allowed, but no files attached
  });

  it('the /ws/chat/ socket', async () => {
    const result: Record<string, string> = {};
    for (const role of ROLES) {
      const socket = await LegacySocket.open(server.wsUrl, 'matrix_ws', tokens[role]);
      const me = role === 'anonymous' ? { username: 'anyone' } : await clients[role].auth.me.query();
      socket.send({ type: 'connection', username: me.username });
      const reply = await Promise.race([socket.next('connection_confirmed'), socket.next('error')]);
      result[role] = reply.type === 'connection_confirmed' ? 'ok' : 'refused';
      socket.close();
    }
    expect(result).toEqual({ anonymous: 'refused', employee: 'ok', other: 'ok', hr: 'ok' });
  });
});
