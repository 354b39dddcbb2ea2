import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { childServerEnv, startChildServer, type ChildServer } from './support/child-server.js';
import { signUpHr } from './support/identity.js';
import { LegacySocket } from './support/legacy.js';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { reportFiles, readReport, validReportBody } from './support/reports.js';
import { watchRoom } from './support/room.js';
import { signUp, startServer, tempDir, waitFor, type TestServer } from './support/server.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

async function legacyConnected(server: TestServer, room: string, account: { token: string; user: { id: number; username: string } }) {
  const socket = await LegacySocket.open(server.wsUrl, room, account.token);
  socket.send({ type: 'connection', username: account.user.username });
  await socket.next('connection_confirmed');
  return socket;
}

describe('issue 13: private presence', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it("private presence: an employee in a shared room receives no other employee's presence on either transport, while HR does", async () => {
    const room = 'default';
    const hr = await signUpHr(server);
    const hrWatch = watchRoom(hr.client, room);
    await hrWatch.waitFor('members');
    const hrLegacy = await legacyConnected(server, room, await signUpHr(server));

    const modern = await signUp(server.url);
    const modernWatch = watchRoom(modern.client, room);
    await modernWatch.waitFor('members');
    const legacyAccount = await signUp(server.url);
    const legacy = await legacyConnected(server, room, legacyAccount);
    await legacy.next('connect', (f) => f.user_id === legacyAccount.user.id);

    // A third employee comes and goes while both are in the room.
    const passer = await signUp(server.url);
    const passerWatch = watchRoom(passer.client, room);
    await passerWatch.waitFor('members');
    passerWatch.stop();

    // HR sees every join and leave, on both transports.
    for (const id of [modern.user.id, legacyAccount.user.id, passer.user.id]) {
      await hrWatch.waitFor('presence', (e) => e.action === 'joined' && e.user.id === id);
      await hrLegacy.next('connect', (f) => f.user_id === id);
    }
    await hrWatch.waitFor('presence', (e) => e.action === 'left' && e.user.id === passer.user.id);
    await hrLegacy.next('disconnect', (f) => f.user_id === passer.user.id);
    const hrLate = watchRoom(hr.client, room);
    const hrMembers = await hrLate.waitFor('members');
    expect(hrMembers.users.map((u) => u.id)).toEqual(expect.arrayContaining([modern.user.id, legacyAccount.user.id]));
    await settle();

    // The employees see themselves only.
    expect(modernWatch.ofType('members').flatMap((e) => e.users.map((u) => u.id))).toEqual([modern.user.id]);
    expect(modernWatch.ofType('presence').map((e) => e.user.id)).toEqual([modern.user.id]);
    expect(passerWatch.ofType('members').flatMap((e) => e.users.map((u) => u.id))).toEqual([passer.user.id]);
    const presenceFrames = legacy.frames.filter((f) => f.type === 'connect' || f.type === 'disconnect');
    expect(presenceFrames.map((f) => [f.type, f.user_id])).toEqual([['connect', legacyAccount.user.id]]);

    for (const socket of [legacy, hrLegacy]) socket.close();
    for (const watch of [hrWatch, hrLate, modernWatch]) watch.stop();
    for (const client of [hr.client, modern.client, passer.client]) client.close();
  });
});

describe('issue 14: answers', () => {
  let standIn: MistralStandIn;
  let server: TestServer;
  beforeAll(async () => {
    standIn = await MistralStandIn.start();
    server = await startServer({
      MISTRAL_API_KEY: 'k',
      MISTRAL_SERVER_URL: standIn.url,
      MISTRAL_MODEL: 'primary-model',
      MISTRAL_FALLBACK_MODEL: 'secondary-model',
      MAX_ANSWER_CHARS: '1000',
    });
  });
  afterAll(async () => {
    await server.close();
    await standIn.close();
  });

  it('item 9: a stream cut after the first tokens is followed by a complete answer from the next provider, on both transports', async () => {
    standIn.script = (r) =>
      r.model === 'primary-model' ? { chunks: ['This answer ', 'breaks ', 'off ', 'here'], cutAfter: 2 } : { chunks: ['A complete ', 'answer.'] };
    const { client } = await signUp(server.url);
    const room = watchRoom(client, 'cut');
    await room.waitFor('members');
    const { answerId } = await client.chat.send.mutate({ room: 'cut', message: 'I feel overwhelmed' });
    const done = await room.waitFor('done', (e) => e.replaces === answerId, 10_000);
    expect(done).toMatchObject({ text: 'A complete answer.', source: 'mistral:secondary-model' });
    expect(done.answerId).not.toBe(answerId);
    expect(room.ofType('error')).toEqual([
      expect.objectContaining({ answerId, code: 'ANSWER_INTERRUPTED', replacedBy: done.answerId }),
    ]);
    expect(room.ofType('chunk').filter((c) => c.answerId === answerId).map((c) => c.text).join('')).toBe('This answer breaks ');
    const replacement = room.ofType('chunk').filter((c) => c.answerId === done.answerId);
    expect(replacement.map((c) => [c.seq, c.replaces])).toEqual(replacement.map((_, i) => [i, answerId]));
    expect(replacement.map((c) => c.text).join('')).toBe('A complete answer.');
    const history = await client.chat.history.query({ room: 'cut' });
    expect(history.items.map((m) => [m.direction, m.answerId, m.text])).toEqual([
      ['received', done.answerId, 'A complete answer.'],
      ['sent', null, 'I feel overwhelmed'],
    ]);
    room.stop();
    client.close();

    const account = await signUp(server.url);
    const socket = await legacyConnected(server, 'cut', account);
    const { response } = await socket.ask('I feel overwhelmed', account.user.username);
    expect(response).toEqual({ type: 'chatbot_response', message: 'A complete answer.', user_id: 'chatbot', username: 'HR Assistant' });
    expect(socket.ofType('error')).toEqual([]);
    socket.close();
  });

  it('item 10: a failed question ends with a chatbot_response carrying the apology, so the original client is not stuck', async () => {
    standIn.script = () => ({ chunks: ['Tell me ', 'more.'] });
    const account = await signUp(server.url);
    const notYet = await LegacySocket.open(server.wsUrl, 'stuck', account.token);
    notYet.send({ type: 'chatbot_query', message: 'hello' });
    expect(await notYet.next('error')).toEqual({ type: 'error', message: 'Please establish a connection first with a connection event' });
    expect((await notYet.next('chatbot_response')).message).toMatch(/^I'm sorry, .*establish a connection/);
    notYet.close();

    const socket = await legacyConnected(server, 'stuck', account);
    const start = socket.frames.length;
    socket.send({ type: 'chatbot_query', message: 'x'.repeat(5000) });
    const response = await socket.next('chatbot_response', () => true, 5000, start);
    const error = socket.frames.slice(start).find((f) => f.type === 'error');
    expect(error?.message).toMatch(/^message: /);
    expect(socket.frames.indexOf(error!)).toBeLessThan(socket.frames.indexOf(response));
    expect(response).toEqual({ type: 'chatbot_response', message: `I'm sorry, I could not answer that. ${error!.message}`, user_id: 'chatbot', username: 'HR Assistant' });
    // The next question is answered as usual.
    expect((await socket.ask('still there?', account.user.username)).response.message).toBe('Tell me more.');
    socket.close();
  });

  it('item 11: an answer is capped at MAX_ANSWER_CHARS and the rest of the stream is not read', async () => {
    standIn.script = () => ({ chunks: 5000, delayMs: 1 });
    const start = standIn.requests.length;
    const { client } = await signUp(server.url);
    const room = watchRoom(client, 'long');
    await room.waitFor('members');
    const { answerId } = await client.chat.send.mutate({ room: 'long', message: 'tell me everything' });
    const done = await room.waitFor('done', (e) => e.answerId === answerId, 20_000);
    expect(done.text).toHaveLength(1000);
    expect(done.source).toBe('mistral:primary-model');
    expect(room.ofType('chunk').filter((c) => c.answerId === answerId).map((c) => c.text).join('')).toBe(done.text);
    expect(done.message.text).toBe(done.text);
    const request = await waitFor(() => standIn.requests.slice(start).find((r) => r.stream && r.aborted), 5000, 'the stream to be cancelled');
    expect(request.completed).toBe(false);
    room.stop();
    client.close();
  });
});

describe('issue 14: sessions left open by a crash', () => {
  const servers: ChildServer[] = [];
  let standIn: MistralStandIn;
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill().catch(() => {})));
    await standIn?.close();
  });

  it('item 8: a crash mid-answer still gets its session report, without the employee coming back', async () => {
    // Chat answers stream slowly, so the server dies mid-answer; report requests are answered at once.
    standIn = await MistralStandIn.start((r) => (r.stream ? { chunks: 200, delayMs: 50 } : { content: validReportBody }));
    const dataDir = tempDir();
    const summaries = path.join(dataDir, 'summaries');
    // On PostgreSQL (several instances) a dead instance's sessions are ended once their lease runs out.
    const env = await childServerEnv(dataDir, standIn.url, { CHAT_SESSION_LEASE_MS: '2000' });
    const first = await startChildServer(env);
    servers.push(first);
    const employee = await signUp(first.url);
    const room = watchRoom(employee.client, 'crash');
    await room.waitFor('members');
    const { answerId } = await employee.client.chat.send.mutate({ room: 'crash', message: 'My workload has been heavy this month' });
    await room.waitFor('chunk', (e) => e.answerId === answerId);
    await first.kill();
    room.stop();
    employee.client.close();
    expect(reportFiles(summaries)).toEqual([]);

    // Nobody comes back to the room: the restarted server ends the session by itself.
    const second = await startChildServer(env);
    servers.push(second);
    const files = await waitFor(() => reportFiles(summaries).length > 0 && reportFiles(summaries), 20_000, 'the report file');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await second.stop();

    expect(reportFiles(summaries)).toEqual(files);
    expect(files).toHaveLength(1);
    expect(readReport(summaries, files[0]!)).toMatchObject({ employee_id: `user-${employee.user.id}`, conversation: { messages: 1 } });
    const database = openDatabase(env.DATABASE_URL ?? path.join(dataDir, 'hr-assistant.sqlite'));
    try {
      expect(await database.db.selectFrom('report_jobs').select(['user_id', 'room']).execute()).toEqual([{ user_id: employee.user.id, room: 'crash' }]);
      expect(await database.db.selectFrom('chat_sessions').selectAll().execute()).toEqual([]);
    } finally {
      await database.close();
    }
  }, 60_000);
});
