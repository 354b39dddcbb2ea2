import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HR_KINDS, KINDS } from '../src/hrdata/kinds.js';
import { importEmployees, signUpHr, signUpLinked } from './support/identity.js';
import { watchRoom } from './support/room.js';
import { signUp, startServer, type TestClient, type TestServer } from './support/server.js';

type Account = Awaited<ReturnType<typeof signUp>>;

let server: TestServer;
let hr: Account;
let employee: Account;
let bystander: Account;
const EMPLOYEE_ID = 'EMP0301';

beforeAll(async () => {
  server = await startServer({ CHAT_ABANDON_GRACE_MS: '50', REPORT_POLL_MS: '50' });
  hr = await signUpHr(server);
  await importEmployees(hr.client, [EMPLOYEE_ID, 'EMP0302']);
  employee = await signUpLinked(server.url, hr.client, EMPLOYEE_ID);
  bystander = await signUp(server.url);
  await employee.client.messages.store.mutate({ message: 'I have been working late', response: 'Tell me more' });
});
afterAll(async () => {
  for (const account of [hr, employee, bystander]) account.client.close();
  await server.close();
});

const audit = (client: TestClient, input: Parameters<TestClient['audit']['list']['query']>[0] = {}) => client.audit.list.query(input);
/** Every entry, newest first, through the pages. */
async function everything(input: { userId?: number } = {}) {
  const items = [];
  let cursor: number | null = null;
  do {
    const page: Awaited<ReturnType<typeof audit>> = await audit(hr.client, { ...input, cursor, limit: 200 });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}
/** Runs `read` and returns the audit entries it added. */
async function recordedBy(read: () => Promise<unknown>) {
  const before = (await everything()).length;
  const started = Date.now();
  await read();
  const after = await everything();
  const added = after.slice(0, after.length - before);
  for (const entry of added) {
    expect(entry.at.getTime()).toBeGreaterThanOrEqual(started);
    expect(entry.at.getTime()).toBeLessThanOrEqual(Date.now());
  }
  return added;
}
const aboutEmployee = () => ({ userId: employee.user.id, username: employee.user.username, employeeId: EMPLOYEE_ID });
const byHr = () => ({ userId: hr.user.id, username: hr.user.username });

describe("HR's reads are recorded: who, whose, what, when", () => {
  it("messages over tRPC and over the legacy REST path", async () => {
    const trpc = await recordedBy(() => hr.client.messages.list.query({ userId: employee.user.id }));
    expect(trpc).toEqual([expect.objectContaining({ actor: byHr(), subject: aboutEmployee(), action: 'messages', detail: '2 messages' })]);

    const legacy = await recordedBy(async () => {
      const response = await fetch(`${server.url}/api/messages/${employee.user.id}/`, { headers: { authorization: `Bearer ${hr.token}` } });
      expect(response.status).toBe(200);
    });
    expect(legacy).toEqual([expect.objectContaining({ actor: byHr(), subject: aboutEmployee(), action: 'messages' })]);
  });

  it('one report, and the report list', async () => {
    const room = watchRoom(employee.client, 'audit');
    await room.waitFor('members');
    const { answerId } = await employee.client.chat.send.mutate({ room: 'audit', message: 'Nobody notices my work' });
    await room.waitFor('done', (e) => e.answerId === answerId);
    room.stop();
    await employee.client.chat.end.mutate({ room: 'audit' });
    const db = server.app.services.database.db;
    let report: { id: number } | undefined;
    for (let i = 0; i < 200 && !report; i++) {
      report = await db.selectFrom('reports').select('id').where('user_id', '=', employee.user.id).executeTakeFirst();
      if (!report) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(report).toBeDefined();

    const one = await recordedBy(() => hr.client.reports.get.query({ id: report!.id }));
    expect(one).toEqual([expect.objectContaining({ actor: byHr(), subject: aboutEmployee(), action: 'report', detail: `report ${report!.id}` })]);
    const list = await recordedBy(() => hr.client.reports.list.query({ employeeId: EMPLOYEE_ID }));
    expect(list).toEqual([expect.objectContaining({ subject: aboutEmployee(), action: 'report_list', detail: '1 reports' })]);
    const all = await recordedBy(() => hr.client.reports.list.query({}));
    expect(all).toEqual([expect.objectContaining({ subject: null, action: 'report_list' })]);
  });

  it('HR data over tRPC and HTTP: one employee, the flagged list, the export and its download', async () => {
    const one = await recordedBy(() => hr.client.hrdata.employee.query({ employeeId: EMPLOYEE_ID }));
    expect(one).toEqual([expect.objectContaining({ actor: byHr(), subject: aboutEmployee(), action: 'hr_employee' })]);
    const flagged = await recordedBy(() => hr.client.hrdata.flagged.query({}));
    expect(flagged).toEqual([expect.objectContaining({ actor: byHr(), subject: null, action: 'hr_flagged' })]);
    const exported = await recordedBy(() => hr.client.hrdata.export.query());
    expect(exported).toEqual([expect.objectContaining({ actor: byHr(), subject: null, action: 'hr_export', detail: '2 employees as json' })]);
    const downloaded = await recordedBy(async () => {
      const response = await fetch(`${server.url}/hrdata/export.csv`, { headers: { authorization: `Bearer ${hr.token}` } });
      expect(response.status).toBe(200);
      await response.text();
    });
    expect(downloaded).toEqual([expect.objectContaining({ actor: byHr(), subject: null, action: 'hr_export', detail: '2 employees as csv' })]);
    // An aggregate names nobody: not a read of a person's data.
    expect(await recordedBy(() => hr.client.hrdata.summary.query())).toEqual([]);
  });

  it('HR data over the legacy upload, whose answer lists the flagged employees', async () => {
    const form = new FormData();
    for (const kind of HR_KINDS) form.append(kind, await fs.openAsBlob(path.resolve('datasets/sample', KINDS[kind].fileName)), KINDS[kind].fileName);
    const added = await recordedBy(async () => {
      const response = await fetch(`${server.url}/api/process-hr-metrics/`, { method: 'POST', headers: { authorization: `Bearer ${hr.token}` }, body: form });
      expect(response.status).toBe(200);
    });
    expect(added).toEqual([expect.objectContaining({ actor: byHr(), subject: null, action: 'hr_flagged', detail: '10 employees' })]);
  });

  it('not: an employee reading their own messages, over either transport, or HR reading their own', async () => {
    const own = await recordedBy(async () => {
      await employee.client.messages.list.query({});
      await employee.client.messages.list.query({ userId: employee.user.id });
      const response = await fetch(`${server.url}/api/messages/${employee.user.id}/`, { headers: { authorization: `Bearer ${employee.token}` } });
      expect(response.status).toBe(200);
      await hr.client.messages.list.query({});
    });
    expect(own).toEqual([]);
  });

  it('not: a refused read', async () => {
    const refused = await recordedBy(async () => {
      await expect(bystander.client.messages.list.query({ userId: employee.user.id })).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
      await expect(hr.client.hrdata.employee.query({ employeeId: 'NOBODY' })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
    });
    expect(refused).toEqual([]);
  });
});

describe('audit.list', () => {
  it('is newest first and filters by whose data was read', async () => {
    const all = await everything();
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    const aboutThem = await everything({ userId: employee.user.id });
    expect(aboutThem.map((e) => e.action).sort()).toEqual(['hr_employee', 'messages', 'messages', 'report', 'report_list']);
    for (const entry of aboutThem) expect(entry.subject).toEqual(aboutEmployee());
    expect(await everything({ userId: bystander.user.id })).toEqual([]);
  });

  it('filters by time', async () => {
    const all = await everything();
    const middle = all[Math.floor(all.length / 2)]!.at;
    const upTo = await audit(hr.client, { to: middle, limit: 200 });
    const since = await audit(hr.client, { from: middle, limit: 200 });
    expect(upTo.items.every((e) => e.at <= middle)).toBe(true);
    expect(since.items.every((e) => e.at >= middle)).toBe(true);
    expect(new Set([...upTo.items, ...since.items].map((e) => e.id)).size).toBe(all.length);
    expect((await audit(hr.client, { from: new Date(Date.now() + 60_000) })).items).toEqual([]);
  });

  it('pages with the cursor, without gaps or repeats', async () => {
    const all = await everything();
    expect(all.length).toBeGreaterThan(5);
    const paged = [];
    let cursor: number | null = null;
    do {
      const page: Awaited<ReturnType<typeof audit>> = await audit(hr.client, { cursor, limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(all);
  });

  it('rejects bad input with an error naming the field', async () => {
    const fromAfterTo = await audit(hr.client, { from: new Date('2025-02-01'), to: new Date('2025-01-01') }).catch((e) => e);
    expect(fromAfterTo.data.code).toBe('BAD_REQUEST');
    expect(fromAfterTo.message).toMatch(/^from: /);
    for (const cursor of [0, -3, 1.5]) {
      const bad = await audit(hr.client, { cursor }).catch((e) => e);
      expect(bad.data.code).toBe('BAD_REQUEST');
      expect(bad.message).toMatch(/^cursor: /);
    }
    const raw = await fetch(`${server.url}/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ json: { cursor: 'abc' } }))}`, { headers: { authorization: `Bearer ${hr.token}` } });
    expect(raw.status).toBe(400);
    expect((await raw.json()).error.json.message).toMatch(/^cursor: /);
    const badUser = await audit(hr.client, { userId: -1 }).catch((e) => e);
    expect(badUser.message).toMatch(/^userId: /);
  });

  it('is for HR only', async () => {
    await expect(audit(employee.client)).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
  });
});
