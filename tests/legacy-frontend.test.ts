import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HR_KINDS } from '../src/hrdata/kinds.js';
import { SESSION_COOKIE, sessionCookie } from '../src/legacy/session-cookie.js';
import { reportsSummaryPdf } from '../src/reports/reports-pdf.js';
import { WEB_DIST_DIR } from '../src/http/web-app.js';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { signUpHr, signUpLinked } from './support/identity.js';
import { signUp, startServer, tempDir, waitFor, type TestClient, type TestServer } from './support/server.js';

const PASSWORD = 'correct horse battery';

async function sampleForm(): Promise<FormData> {
  const form = new FormData();
  for (const kind of HR_KINDS) form.append(kind, await fs.openAsBlob(path.resolve(`datasets/sample/${kind}_dataset.csv`)), `${kind}_dataset.csv`);
  return form;
}

/** A call the way the original frontend makes it: JSON, `Authorization: Bearer` from its stored `jwt`. */
async function call(server: TestServer, method: string, pathname: string, options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${server.url}${pathname}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body: body as any };
}

/** A legacy chat socket that keeps every frame it receives. */
function legacySocket(server: TestServer, room: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${server.wsUrl}/ws/chat/${room}/`, { headers });
  const frames: any[] = [];
  let closed: { code: number; reason: string } | null = null;
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  ws.on('close', (code, reason) => (closed = { code, reason: String(reason) }));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames, opened, closed: () => closed, send: (frame: unknown) => ws.send(JSON.stringify(frame)) };
}

let server: TestServer;
let hr: { token: string; client: TestClient; user: { id: number; username: string } };
let flaggedId: string;
let calmId: string;
/** Linked to a flagged employee of the sample, and to one not flagged. */
let flaggedEmployee: Awaited<ReturnType<typeof signUp>>;
let calmEmployee: Awaited<ReturnType<typeof signUp>>;
let unlinked: Awaited<ReturnType<typeof signUp>>;

beforeAll(async () => {
  server = await startServer({ ALLOWED_ORIGINS: 'https://elara.example' });
  hr = await signUpHr(server);
  await hr.client.hrdata.upload.mutate(await sampleForm());
  const flagged = await hr.client.hrdata.flagged.query();
  flaggedId = flagged[0]!.employeeId;
  calmId = ['EMP0001', 'EMP0002', 'EMP0003', 'EMP0004'].find((id) => !flagged.some((f) => f.employeeId === id))!;
  flaggedEmployee = await signUpLinked(server.url, hr.client, flaggedId);
  calmEmployee = await signUpLinked(server.url, hr.client, calmId);
  unlinked = await signUp(server.url);
}, 120_000);

afterAll(async () => {
  for (const account of [hr, flaggedEmployee, calmEmployee, unlinked]) account?.client.close();
  await server?.close();
});

describe('POST /login/', () => {
  it("answers the original's shape, with is_flagged from the HR data and notified for a pending check-in", async () => {
    const calm = await call(server, 'POST', '/login/', { body: { username: calmEmployee.user.username, password: PASSWORD } });
    expect(calm.status).toBe(200);
    expect(calm.body).toEqual({
      refresh: expect.any(String),
      access: expect.any(String),
      user: { id: calmEmployee.user.id, username: calmEmployee.user.username, company_id: calmId },
      role: 'employee',
      is_flagged: false,
      id: calmEmployee.user.id,
      notified: false,
    });
    const hrLogin = await call(server, 'POST', '/login/', { body: { username: hr.user.username, password: PASSWORD } });
    expect(hrLogin.body).toMatchObject({ role: 'hr', is_flagged: false, user: { company_id: null } });

    const before = await call(server, 'POST', '/login/', { body: { username: flaggedEmployee.user.username, password: PASSWORD } });
    expect(before.body).toMatchObject({ is_flagged: true, notified: false });
    const selected = await hr.client.checkins.runDaily.mutate();
    expect(selected.some((s) => s.userId === flaggedEmployee.user.id)).toBe(true);
    const after = await call(server, 'POST', '/login/', { body: { username: flaggedEmployee.user.username, password: PASSWORD } });
    expect(after.body).toMatchObject({ is_flagged: true, notified: true });
  });

  it('sets an HttpOnly, SameSite=Lax session cookie for the whole site (Secure over HTTPS or in production)', async () => {
    const login = await call(server, 'POST', '/login/', { body: { username: calmEmployee.user.username, password: PASSWORD } });
    const cookie = login.headers.get('set-cookie')!;
    const attributes = cookie.split(';').map((part) => part.trim());
    expect(attributes[0]).toBe(`${SESSION_COOKIE}=${login.body.access}`);
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${720 * 3600}`]));
    expect(attributes).not.toContain('Secure'); // plain HTTP in a test

    const overTls = { socket: { encrypted: true } } as unknown as IncomingMessage;
    const overHttp = { socket: {} } as unknown as IncomingMessage;
    expect(sessionCookie(overTls, 't', { lifetimeHours: 1, production: false })).toContain('; Secure');
    expect(sessionCookie(overHttp, 't', { lifetimeHours: 1, production: true })).toContain('; Secure');
    expect(sessionCookie(overHttp, 't', { lifetimeHours: 1, production: false })).not.toContain('Secure');
  });

  it('refuses bad credentials and bad input with 400 and field errors, as the original did', async () => {
    const wrong = await call(server, 'POST', '/login/', { body: { username: calmEmployee.user.username, password: 'not it at all' } });
    expect(wrong).toMatchObject({ status: 400, body: { non_field_errors: ['Invalid credentials'] } });
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const missing = await call(server, 'POST', '/login/', { body: {} });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body).sort()).toEqual(['password', 'username']);
    expect(await call(server, 'POST', '/login/', { raw: '{"username":' })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('JSON parse error') } });
  });
});

describe('POST /auth/refresh/', () => {
  it('answers { token } while the session lives, 401 after it ended, 400 without a token', async () => {
    const { body: login } = await call(server, 'POST', '/login/', { body: { username: calmEmployee.user.username, password: PASSWORD } });
    expect(await call(server, 'POST', '/auth/refresh/', { body: { token: login.refresh } })).toMatchObject({ status: 200, body: { token: login.refresh } });
    expect(await call(server, 'POST', '/auth/refresh/', { body: {} })).toMatchObject({ status: 400, body: { token: ['This field is required.'] } });
    await server.app.services.auth.logout((await server.app.services.auth.authenticate(login.access))!.sessionId);
    expect(await call(server, 'POST', '/auth/refresh/', { body: { token: login.refresh } })).toMatchObject({ status: 401, body: { code: 'token_not_valid' } });
    expect((await call(server, 'GET', '/employee/profile/', { token: login.access })).status).toBe(401);
  });
});

describe('/employee/profile/', () => {
  it('reads and updates the own profile; what the page sends back read-only is ignored', async () => {
    const read = await call(server, 'GET', '/employee/profile/', { token: flaggedEmployee.token });
    expect(read).toMatchObject({
      status: 200,
      body: { user: { id: flaggedEmployee.user.id, username: flaggedEmployee.user.username, company_id: flaggedId, role: 'employee', is_flagged: true, name: null, department: null, profile_pic: null } },
    });
    // The original page PUTs its whole state back, read-only fields included.
    const update = { ...read.body.user, username: 'someone-else', role: 'hr', is_flagged: false, name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958', post: 'Engineer', department: 'Engineering', profile_pic: 'https://cdn.example.com/ada.png' };
    const saved = await call(server, 'PUT', '/employee/profile/', { token: flaggedEmployee.token, body: update });
    expect(saved).toMatchObject({
      status: 200,
      body: { user: { username: flaggedEmployee.user.username, role: 'employee', is_flagged: true, name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0958', post: 'Engineer', department: 'Engineering', profile_pic: 'https://cdn.example.com/ada.png' } },
    });
    expect((await call(server, 'GET', '/employee/profile/', { token: flaggedEmployee.token })).body.user.department).toBe('Engineering');
    // A field left out stays; an empty one is cleared.
    const partial = await call(server, 'PUT', '/employee/profile/', { token: flaggedEmployee.token, body: { phone: '' } });
    expect(partial.body.user).toMatchObject({ phone: null, department: 'Engineering', name: 'Ada Lovelace' });
    await call(server, 'PUT', '/employee/profile/', { token: calmEmployee.token, body: { department: 'Sales', name: 'Grace Hopper' } });
  });

  it('validates each field, with 400 and field errors', async () => {
    const bad = await call(server, 'PUT', '/employee/profile/', {
      token: calmEmployee.token,
      body: { email: 'not-an-address', phone: 'call me maybe', profile_pic: 'javascript:alert(1)', post: 'x'.repeat(101), name: 42 },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body).sort()).toEqual(['email', 'name', 'phone', 'post', 'profile_pic']);
    expect(bad.body.profile_pic[0]).toMatch(/http\(s\) URL/);
    expect((await call(server, 'PUT', '/employee/profile/', { token: calmEmployee.token, body: { profile_pic: 'data:image/png;base64,AAAA' } })).status).toBe(400);
    expect((await call(server, 'PUT', '/employee/profile/', { token: calmEmployee.token, body: ['name'] })).status).toBe(400);
    // Nothing of a refused update was stored.
    expect((await call(server, 'GET', '/employee/profile/', { token: calmEmployee.token })).body.user).toMatchObject({ email: null, department: 'Sales' });
    expect(await call(server, 'PUT', '/employee/profile/', { token: calmEmployee.token, body: { profile_pic: '/images/user.png' } })).toMatchObject({ status: 200, body: { user: { profile_pic: '/images/user.png' } } });
  });

  it('answers 401 without a token', async () => {
    expect(await call(server, 'GET', '/employee/profile/')).toMatchObject({ status: 401, body: { detail: expect.any(String) } });
    expect((await call(server, 'PUT', '/employee/profile/', { body: { name: 'x' } })).status).toBe(401);
  });
});

describe('/employee/mood|activity|rewards/<username>/', () => {
  it("gives an employee their own monthly signals from the HR data, in the original's fields", async () => {
    const name = calmEmployee.user.username;
    const mood = await call(server, 'GET', `/employee/mood/${name}/`, { token: calmEmployee.token });
    expect(mood.status).toBe(200);
    expect(mood.body.length).toBeGreaterThan(0);
    for (const month of mood.body) {
      expect(month).toEqual({ month: expect.stringMatching(/^\d{4}-\d{2}$/), vibe_score: expect.any(Number), responses: expect.any(Number) });
      expect(month.vibe_score).toBeGreaterThanOrEqual(1);
      expect(month.vibe_score).toBeLessThanOrEqual(5);
    }
    expect(mood.body.map((m: any) => m.month)).toEqual(mood.body.map((m: any) => m.month).sort());

    const activity = await call(server, 'GET', `/employee/activity/${name}/`, { token: calmEmployee.token });
    expect(activity.body[0]).toMatchObject({ month: expect.any(String), work_hours: expect.any(Number), activity_days: expect.any(Number), meetings: expect.any(Number) });
    expect(activity.body[0].work_hours).toBeLessThanOrEqual(24);

    // The sample's rewards of this employee, month by month, newest first.
    const rows = fs
      .readFileSync('datasets/sample/rewards_dataset.csv', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .filter((cells) => cells[0] === calmId);
    const rewards = await call(server, 'GET', `/employee/rewards/${name}/`, { token: calmEmployee.token });
    expect(rewards.body.reduce((sum: number, m: any) => sum + m.reward_points, 0)).toBe(rows.reduce((sum, cells) => sum + Number(cells[3]), 0));
    expect(rows.length).toBeGreaterThan(0);
    expect(rewards.body[0]).toMatchObject({ reward_points: expect.any(Number), award_type: expect.any(String), awards: expect.any(Number) });
    expect(rows.map((cells) => cells[1])).toContain(rewards.body[0].award_type);
    expect(rewards.body.map((m: any) => m.month)).toEqual(rewards.body.map((m: any) => m.month).sort().reverse());
  });

  it("refuses another employee's data (403), lets HR read anyone's (audited), and 401 anonymous", async () => {
    for (const kind of ['mood', 'activity', 'rewards']) {
      expect((await call(server, 'GET', `/employee/${kind}/${flaggedEmployee.user.username}/`, { token: calmEmployee.token })).status).toBe(403);
      expect((await call(server, 'GET', `/employee/${kind}/nobody-at-all/`, { token: calmEmployee.token })).status).toBe(403);
      expect((await call(server, 'GET', `/employee/${kind}/${calmEmployee.user.username}/`)).status).toBe(401);
    }
    const read = await call(server, 'GET', `/employee/mood/${flaggedEmployee.user.username}/`, { token: hr.token });
    expect(read.status).toBe(200);
    expect(read.body.length).toBeGreaterThan(0);
    const audit = await hr.client.audit.list.query({ userId: flaggedEmployee.user.id });
    expect(audit.items.some((item) => item.action === 'hr_employee' && item.actor.userId === hr.user.id && item.detail === 'monthly signals')).toBe(true);

    expect((await call(server, 'GET', '/employee/mood/nobody-at-all/', { token: hr.token })).status).toBe(404);
    expect(await call(server, 'GET', `/employee/activity/${unlinked.user.username}/`, { token: unlinked.token })).toMatchObject({ status: 200, body: [] });
    expect((await call(server, 'GET', '/employee/mood/%E0%A4%A/', { token: hr.token })).status).toBe(404);
  });
});

describe('POST /employee/ai-mood-tips/', () => {
  it('answers offline tips without a key, and 400 for a bad score', async () => {
    const tips = await call(server, 'POST', '/employee/ai-mood-tips/', { token: calmEmployee.token, body: { mood_score: '2' } });
    expect(tips.status).toBe(200);
    expect(tips.body.mood_score).toBe(2);
    expect(tips.body.tips.length).toBeGreaterThanOrEqual(3);
    for (const tip of tips.body.tips) expect(typeof tip).toBe('string');
    expect(await call(server, 'POST', '/employee/ai-mood-tips/', { token: calmEmployee.token, body: { mood_score: 7 } })).toMatchObject({ status: 400, body: { mood_score: ['must be from 1 to 5'] } });
    expect(await call(server, 'POST', '/employee/ai-mood-tips/', { token: calmEmployee.token, body: {} })).toMatchObject({ status: 400, body: { mood_score: ['This field is required.'] } });
    expect((await call(server, 'POST', '/employee/ai-mood-tips/', { token: calmEmployee.token, body: { mood_score: true } })).status).toBe(400);
    expect((await call(server, 'POST', '/employee/ai-mood-tips/', { body: { mood_score: 3 } })).status).toBe(401);
  });

  it("asks the model when there is one: its lines are the tips", async () => {
    const mistral = await MistralStandIn.start(() => ({ chunks: ['1. Take a short walk.\n', '2. Drink some water.\n', '- Call a friend tonight.'] }));
    const withModel = await startServer({ MISTRAL_API_KEY: 'test-key', MISTRAL_SERVER_URL: mistral.url });
    try {
      const account = await signUp(withModel.url);
      const tips = await call(withModel, 'POST', '/employee/ai-mood-tips/', { token: account.token, body: { mood_score: 4 } });
      expect(tips.body).toEqual({ mood_score: 4, tips: ['Take a short walk.', 'Drink some water.', 'Call a friend tonight.'] });
      expect(mistral.requests.at(-1)!.body.messages.at(-1)!.content).toContain('4 out of 5');
      account.client.close();
    } finally {
      await withModel.close();
      await mistral.close();
    }
  });
});

describe("HR's lists and the report", () => {
  it('GET /flagged-employees/ lists the accounts of flagged employees (HR only)', async () => {
    const list = await call(server, 'GET', '/flagged-employees/', { token: hr.token });
    expect(list.status).toBe(200);
    expect(list.body.flagged_employees).toContainEqual({ id: flaggedEmployee.user.id, username: flaggedEmployee.user.username, company_id: flaggedId, role: 'employee', is_flagged: true });
    expect(list.body.flagged_employees.some((e: any) => e.id === calmEmployee.user.id)).toBe(false);
    expect((await call(server, 'GET', '/flagged-employees/', { token: flaggedEmployee.token })).status).toBe(403);
    expect((await call(server, 'GET', '/flagged-employees/')).status).toBe(401);
  });

  it('GET /admin-dashboard/<id>/dashboard/ lists every account with flags and reward points (HR only, audited)', async () => {
    const dashboard = await call(server, 'GET', `/admin-dashboard/${hr.user.id}/dashboard/`, { token: hr.token });
    expect(dashboard.status).toBe(200);
    const flagged = dashboard.body.employees.find((e: any) => e.id === flaggedEmployee.user.id);
    expect(flagged).toMatchObject({ username: flaggedEmployee.user.username, company_id: flaggedId, role: 'employee', is_flagged: true, email: 'ada@example.com', department: 'Engineering' });
    expect(typeof flagged.reward_points === 'number' || flagged.reward_points === null).toBe(true);
    expect(dashboard.body.employees.find((e: any) => e.id === unlinked.user.id)).toMatchObject({ company_id: null, is_flagged: false, reward_points: null });
    const audit = await hr.client.audit.list.query({});
    expect(audit.items.some((item) => item.action === 'hr_export' && /reward points/.test(item.detail ?? ''))).toBe(true);
    expect((await call(server, 'GET', `/admin-dashboard/${calmEmployee.user.id}/dashboard/`, { token: calmEmployee.token })).status).toBe(403);
    expect((await call(server, 'GET', `/admin-dashboard/${hr.user.id}/dashboard/`)).status).toBe(401);
  });

  it('GET /department-hours/ and /department-performance-rewards/ group by the profiles’ departments without a directory (HR only)', async () => {
    const hours = await call(server, 'GET', '/department-hours/', { token: hr.token });
    expect(hours.status).toBe(200);
    expect(hours.body.department_averages.map((d: any) => d.department)).toEqual(['Engineering', 'Sales']);
    for (const d of hours.body.department_averages) expect(d.average_hours).toBeGreaterThan(0);
    const performance = await call(server, 'GET', '/department-performance-rewards/', { token: hr.token });
    expect(performance.body).toEqual([
      { department: 'Engineering', avg_performance_activity: expect.any(Number), total_reward_points: expect.any(Number), employee_count: 1 },
      { department: 'Sales', avg_performance_activity: expect.any(Number), total_reward_points: expect.any(Number), employee_count: 1 },
    ]);
    const sales = performance.body[1];
    const calmRewards = await call(server, 'GET', `/employee/rewards/${calmEmployee.user.username}/`, { token: hr.token });
    expect(sales.total_reward_points).toBe(calmRewards.body.reduce((sum: number, m: any) => sum + m.reward_points, 0));
    for (const pathname of ['/department-hours/', '/department-performance-rewards/']) {
      expect((await call(server, 'GET', pathname, { token: calmEmployee.token })).status).toBe(403);
      expect((await call(server, 'GET', pathname)).status).toBe(401);
    }
  });

  it('GET /department-hours/ and /department-performance-rewards/ take departments from HR’s directory once one is uploaded', async () => {
    const others = (await hr.client.hrdata.flagged.query()).map((f) => f.employeeId).filter((id) => id !== flaggedId).slice(0, 2);
    const directory = ['Employee_ID,Name,Department', `${flaggedId},A,Research`, `${calmId},B,Research`, ...others.map((id, i) => `${id},C${i},Support`)].join('\n');
    const form = new FormData();
    form.append('employees', new Blob([directory]), 'employees.csv');
    await hr.client.hrdata.upload.mutate(form);

    const hours = await call(server, 'GET', '/department-hours/', { token: hr.token });
    expect(hours.body.department_averages.map((d: any) => d.department)).toEqual(['Research', 'Support']);
    const performance = await call(server, 'GET', '/department-performance-rewards/', { token: hr.token });
    expect(performance.body.map((d: any) => [d.department, d.employee_count])).toEqual([['Research', 2], ['Support', 2]]);
  });

  it('GET /employee/report/ is a PDF summary of the HR reports (HR only)', async () => {
    const pdf = await call(server, 'GET', '/employee/report/', { token: hr.token });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toContain('attachment');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect((pdf.body as Buffer).length).toBeGreaterThan(500);
    expect((await call(server, 'GET', '/employee/report/', { token: calmEmployee.token })).status).toBe(403);
    // With reports: one line each, over as many pages as it takes.
    const reports = Array.from({ length: 120 }, (_, i) => ({
      id: i + 1, userId: 1, employeeId: `EMP${String(i).padStart(4, '0')}`, sessionId: `s${i}`, reportDate: new Date(Date.UTC(2025, 0, 1, 0, i)),
      source: 'fallback' as const, riskLevel: (['low', 'medium', 'high', 'critical'] as const)[i % 4]!, riskScore: i / 10, escalate: i % 4 === 3, fileName: `r${i}.json`,
    }));
    const chunks: Buffer[] = [];
    for await (const chunk of await reportsSummaryPdf(reports)) chunks.push(chunk as Buffer);
    const many = Buffer.concat(chunks).toString('latin1');
    expect(many.startsWith('%PDF-')).toBe(true);
    expect(many.match(/\/Type \/Page\b/g)!.length).toBeGreaterThanOrEqual(3);
    expect((await call(server, 'GET', '/employee/report/')).status).toBe(401);
  });
});

describe('CORS for the original frontend on another allowed origin', () => {
  it('allows PUT and credentials for a listed origin, nothing for others', async () => {
    const preflight = await fetch(`${server.url}/employee/profile/`, { method: 'OPTIONS', headers: { origin: 'https://elara.example', 'access-control-request-method': 'PUT' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    const foreign = await fetch(`${server.url}/employee/profile/`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'PUT' } });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('the legacy chat socket with the /login/ session cookie', () => {
  it('authenticates a socket without a token, streams answers, and closes when the session ends', async () => {
    const { body: login, headers } = await call(server, 'POST', '/login/', { body: { username: calmEmployee.user.username, password: PASSWORD } });
    const cookie = headers.get('set-cookie')!.split(';')[0]!;
    const socket = legacySocket(server, 'elara', { cookie });
    await socket.opened;
    socket.send({ type: 'connection', username: calmEmployee.user.username });
    const confirmed = await waitFor(() => socket.frames.find((f) => f.type === 'connection_confirmed'), 5000, 'connection_confirmed');
    expect(confirmed).toMatchObject({ user_id: calmEmployee.user.id, employee_id: calmId });
    socket.send({ type: 'chatbot_query', message: 'I feel a bit tired this week' });
    const answer = await waitFor(() => socket.frames.find((f) => f.type === 'chatbot_response'), 10_000, 'chatbot_response');
    const streamed = socket.frames.filter((f) => f.type === 'chatbot_stream').map((f) => f.chunk).join('');
    expect(streamed.length).toBeGreaterThan(0);
    expect(answer.message).toBe(streamed);

    // Someone else's name on this cookie's socket is refused.
    socket.send({ type: 'connection', username: flaggedEmployee.user.username });
    await waitFor(() => socket.frames.find((f) => f.type === 'error' && /does not match/.test(f.message)), 5000, 'mismatch');

    // Ending the session (here through tRPC, with the same token) closes the socket.
    const { createClient } = await import('./support/server.js');
    const client = createClient(server.url, login.access);
    await client.auth.logout.mutate();
    client.close();
    await waitFor(() => socket.closed(), 5000, 'socket closed by the logout');
    expect(socket.closed()!.code).toBe(1008);

    // The cookie of an ended session authenticates nothing: the socket must authenticate in its frame.
    const stale = legacySocket(server, 'elara', { cookie });
    await stale.opened;
    stale.send({ type: 'connection', username: calmEmployee.user.username });
    await waitFor(() => stale.closed(), 5000, 'stale cookie refused');
    expect(stale.frames.find((f) => f.type === 'error')?.message).toMatch(/Authentication required/);
  });

  it('closes the socket when HR revokes every session of the account', async () => {
    const { headers } = await call(server, 'POST', '/login/', { body: { username: unlinked.user.username, password: PASSWORD } });
    const socket = legacySocket(server, 'revoked', { cookie: headers.get('set-cookie')!.split(';')[0]! });
    await socket.opened;
    socket.send({ type: 'connection', username: unlinked.user.username });
    await waitFor(() => socket.frames.find((f) => f.type === 'connection_confirmed'), 5000, 'connection_confirmed');
    await server.app.services.auth.logoutEverywhere(unlinked.user.id);
    await waitFor(() => socket.closed(), 5000, 'socket closed by the revocation');
  });

  it('keeps the unauthenticated wait: no cookie and no token still times out', async () => {
    const quick = await startServer({ LEGACY_AUTH_TIMEOUT_MS: '200' });
    try {
      const socket = legacySocket(quick, 'waiting', { cookie: `${SESSION_COOKIE}=not-a-session` });
      await socket.opened;
      await waitFor(() => socket.closed(), 5000, 'auth timeout');
      expect(socket.closed()!.code).toBe(1008);
    } finally {
      await quick.close();
    }
  });
});

describe('LEGACY_WEB_DIR', () => {
  let legacy: TestServer;
  const dir = tempDir('elara-dist-');

  beforeAll(async () => {
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><title>Elara</title></head><body><div id="root"></div><script src="/assets/app-1234.js"></script></body></html>');
    fs.writeFileSync(path.join(dir, 'assets', 'app-1234.js'), 'console.log("elara")');
    legacy = await startServer({ LEGACY_WEB_DIR: dir });
  });
  afterAll(() => legacy?.close());

  it('serves the original frontend at / with its client routes; API paths keep answering; the web app moves to /app/', async () => {
    for (const page of ['/', '/login', '/chatbot', '/dashboard/hr']) {
      const response = await fetch(`${legacy.url}${page}`);
      expect(response.status, page).toBe(200);
      expect(await response.text(), page).toContain('<title>Elara</title>');
    }
    const asset = await fetch(`${legacy.url}/assets/app-1234.js`);
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${legacy.url}/assets/missing.js`)).status).toBe(404);

    // The same path as a page (GET /login) and as the API (POST /login/).
    const account = await signUp(legacy.url);
    const login = await call(legacy, 'POST', '/login/', { body: { username: account.user.username, password: PASSWORD } });
    expect(login).toMatchObject({ status: 200, body: { role: 'employee' } });
    expect(await call(legacy, 'GET', '/employee/profile/')).toMatchObject({ status: 401, body: { detail: expect.any(String) } });
    expect((await call(legacy, 'GET', '/employee/profile/', { token: login.body.access })).body.user.username).toBe(account.user.username);
    expect((await call(legacy, 'GET', '/healthz')).body.status).toBe('ok');
    account.client.close();

    const app = await fetch(`${legacy.url}/app/hr/reports`);
    const appPage = await app.text();
    expect(appPage).not.toContain('<title>Elara</title>');
    if (fs.existsSync(path.join(WEB_DIST_DIR, 'index.html'))) {
      expect(app.status).toBe(200);
      expect(appPage).toContain('<base href="/app/">');
    } else expect(app.status).toBe(503);
    expect(await (await fetch(`${legacy.url}/chatbot`)).text()).not.toContain('<base');
    const bare = await fetch(`${legacy.url}/app`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/app/');
  });

  it('without it, GET /login is the web app’s page and POST /login/ the API', async () => {
    const page = await fetch(`${server.url}/login`);
    expect([200, 503]).toContain(page.status);
    expect(page.headers.get('content-type')).not.toContain('json');
    expect((await call(server, 'POST', '/login/', { body: {} })).status).toBe(400);
  });
});
