import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { childServerEnv, startChildServer, type ChildServer } from './support/child-server.js';
import { genericChunks, MistralStandIn } from './support/mistral-stand-in.js';
import { chatAndReports, reportFiles, validReportBody } from './support/reports.js';
import { watchRoom } from './support/room.js';
import { createClient, signUp, startServer, tempDir, waitFor } from './support/server.js';

// Several instances need PostgreSQL and Redis: vitest.config.ts runs this in the postgres-redis project only.
describe('two instances on PostgreSQL + Redis', () => {
  let standIn: MistralStandIn;
  let env: Record<string, string>;
  let summaries: string;
  const running: ChildServer[] = [];
  const start = async () => {
    const server = await startChildServer(env);
    running.push(server);
    return server;
  };

  beforeAll(async () => {
    standIn = await MistralStandIn.start(chatAndReports({ content: validReportBody }));
    const dataDir = tempDir();
    summaries = path.join(dataDir, 'summaries');
    env = await childServerEnv(dataDir, standIn.url, { REPORT_LEASE_MS: '2000' });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.kill()));
  });
  afterAll(() => standIn.close());

  it('shows each member to the other across instances', async () => {
    const [one, two] = [await start(), await start()];
    const a = await signUp(one.url);
    const b = await signUp(one.url);
    // Only HR users see other people's presence.
    const database = openDatabase(env.DATABASE_URL!);
    await database.db.updateTable('users').set({ role: 'hr' }).where('id', 'in', [a.user.id, b.user.id]).execute();
    await database.close();
    const bOnTwo = createClient(two.url, b.token);
    const roomA = watchRoom(a.client, 'shared');
    await roomA.waitFor('members');
    const roomB = watchRoom(bOnTwo, 'shared');
    const members = await roomB.waitFor('members');
    expect(members.users.map((u) => u.id).sort()).toEqual([a.user.id, b.user.id].sort());
    await roomA.waitFor('presence', (e) => e.action === 'joined' && e.user.id === b.user.id);
    roomB.stop();
    await roomA.waitFor('presence', (e) => e.action === 'left' && e.user.id === b.user.id);
    roomA.stop();
    a.client.close();
    bOnTwo.close();
  });

  it('finishes, exactly once, a report job that a killed instance had started', async () => {
    standIn.script = chatAndReports({ content: validReportBody, delayMs: 60_000 });
    const one = await start();
    const employee = await signUp(one.url);
    const stem = `user-${employee.user.id}`; // an account without an employee link
    const room = watchRoom(employee.client, 'handover');
    await room.waitFor('members');
    const { answerId } = await employee.client.chat.send.mutate({ room: 'handover', message: 'I am overwhelmed' });
    await room.waitFor('done', (e) => e.answerId === answerId);
    const requestsBefore = standIn.requests.length;
    await employee.client.chat.end.mutate({ room: 'handover' });
    await waitFor(() => standIn.requests.slice(requestsBefore).find((r) => !r.stream), 10_000, 'instance 1 to start the report');
    room.stop();
    employee.client.close();

    const two = await start();
    await one.kill();
    standIn.script = chatAndReports({ content: validReportBody });
    await waitFor(() => reportFiles(summaries).some((f) => f.startsWith(`${stem}_`)), 20_000, 'instance 2 to write the report');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await two.stop();

    expect(reportFiles(summaries).filter((f) => f.startsWith(`${stem}_`))).toHaveLength(1);
    const database = openDatabase(env.DATABASE_URL!);
    const rows = await database.db.selectFrom('reports').select('employee_id').where('employee_id', '=', stem).execute();
    const jobs = await database.db.selectFrom('report_jobs').select(['status', 'locked_by']).execute();
    await database.close();
    expect(rows).toHaveLength(1);
    expect(jobs).toEqual([{ status: 'done', locked_by: expect.any(String) }]);
  });

  it('resumes on instance 2 a stream that dropped from instance 1, no chunk missing or repeated', async () => {
    standIn.script = (request) => (request.stream ? { chunks: 30, delayMs: 40 } : { content: validReportBody });
    const [one, two] = [await start(), await start()];
    const employee = await signUp(one.url);
    const first = watchRoom(employee.client, 'resume-across');
    await first.waitFor('members');
    const { answerId } = await employee.client.chat.send.mutate({ room: 'resume-across', message: 'Can we talk?' });
    await first.waitFor('chunk', (c) => c.answerId === answerId && c.seq === 5);
    first.stop();
    employee.client.close();
    const lastSeen = first.events.at(-1)!;

    const onTwo = createClient(two.url, employee.token);
    const second = watchRoom(onTwo, 'resume-across', lastSeen.id);
    const done = await second.waitFor('done', (e) => e.answerId === answerId, 15_000);
    const seqs = [...first.ofType('chunk'), ...second.ofType('chunk')].filter((c) => c.answerId === answerId).map((c) => c.seq);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(done.text).toBe(genericChunks(30).join(''));
    second.stop();
    onTwo.close();
  });

  it('keeps chat working on an instance while Redis is unreachable, and says so in /healthz', async () => {
    const server = await startServer({ REDIS_URL: 'redis://127.0.0.1:9', MISTRAL_API_KEY: '' });
    try {
      const employee = await signUp(server.url);
      const room = watchRoom(employee.client, 'no-redis');
      await room.waitFor('members');
      const { answerId } = await employee.client.chat.send.mutate({ room: 'no-redis', message: 'hello?' });
      expect((await room.waitFor('done', (e) => e.answerId === answerId, 15_000)).source).toBe('offline');
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ db: 'ok', redis: 'down' });
      room.stop();
      employee.client.close();
    } finally {
      await server.close();
    }
  });
});
