import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegacySocket } from './support/legacy.js';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { watchRoom } from './support/room.js';
import { signUpHr } from './support/identity.js';
import { signUp, startServer, type TestServer } from './support/server.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
let standIn: MistralStandIn;
let server: TestServer;
beforeAll(async () => {
  standIn = await MistralStandIn.start(() => ({ chunks: ['I hear ', 'you. ', 'What is ', 'weighing on you?'], delayMs: 20 }));
  server = await startServer({ MISTRAL_API_KEY: 'k', MISTRAL_SERVER_URL: standIn.url, LEGACY_MAX_FRAME_BYTES: '65536' });
});
afterAll(async () => {
  await server.close();
  await standIn.close();
});

async function connected(room: string, options: { username?: string; hr?: boolean } = {}) {
  const account = await signUp(server.url, { ...(options.username ? { username: options.username } : {}) });
  // Only HR users see other people's presence.
  if (options.hr) await server.app.services.auth.promoteToHr(account.user.username);
  const socket = await LegacySocket.open(server.wsUrl, room, account.token);
  socket.send({ type: 'connection', username: account.user.username });
  const confirmed = await socket.next('connection_confirmed');
  await socket.next('connect', (f) => f.user_id === account.user.id);
  return { ...account, socket, confirmed };
}

function expectMessageItem(item: any, user: { id: number; username: string }) {
  expect(Object.keys(item).sort()).toEqual(['direction', 'id', 'message', 'timestamp', 'user']);
  expect(typeof item.id).toBe('number');
  expect(typeof item.message).toBe('string');
  expect(['sent', 'received']).toContain(item.direction);
  expect(item.timestamp).toMatch(ISO);
  expect(item.user).toEqual({ id: user.id, username: user.username, profile_pic: null });
}

describe('legacy /ws/chat/ protocol', () => {
  it('behaves as the original React client expects, including chat_messages after a reconnect', async () => {
    const account = await signUp(server.url);
    const { username, id } = account.user;
    const socket = await LegacySocket.open(server.wsUrl, 'general', account.token);
    socket.send({ type: 'connection', username });
    const confirmed = await socket.next('connection_confirmed');
    expect(confirmed).toEqual({ type: 'connection_confirmed', user_id: id, employee_id: '', chat_messages: [] });
    const connect = await socket.next('connect');
    expect(connect).toEqual({ type: 'connect', message: `${username} joined the room`, user_id: id, username });

    const { chunks, response } = await socket.ask('I am exhausted', username);
    for (const chunk of chunks) {
      expect(chunk).toEqual({ type: 'chatbot_stream', chunk: expect.any(String), user_id: 'chatbot', username: 'HR Assistant' });
    }
    expect(chunks.map((c) => c.chunk).join('')).toBe('I hear you. What is weighing on you?');
    expect(response).toEqual({
      type: 'chatbot_response',
      message: 'I hear you. What is weighing on you?',
      user_id: 'chatbot',
      username: 'HR Assistant',
    });
    socket.close();
    await socket.waitClosed();

    const again = await LegacySocket.open(server.wsUrl, 'general', account.token);
    again.send({ type: 'connection', username });
    const reconfirmed = await again.next('connection_confirmed');
    expect(reconfirmed.chat_messages).toHaveLength(2);
    reconfirmed.chat_messages.forEach((item: any) => expectMessageItem(item, account.user));
    expect(reconfirmed.chat_messages.map((m: any) => [m.direction, m.message])).toEqual([
      ['sent', 'I am exhausted'],
      ['received', 'I hear you. What is weighing on you?'],
    ]);
    again.close();
  });

  it('accepts the token in the connection frame', async () => {
    const account = await signUp(server.url);
    const socket = await LegacySocket.open(server.wsUrl, 'frame_token');
    socket.send({ type: 'connection', username: account.user.username, token: account.token });
    expect((await socket.next('connection_confirmed')).user_id).toBe(account.user.id);
    socket.close();
  });

  it('sends the original error texts', async () => {
    const account = await signUp(server.url);
    const socket = await LegacySocket.open(server.wsUrl, 'errors', account.token);
    socket.send({ type: 'chatbot_query', message: 'hello', username: account.user.username });
    expect(await socket.next('error')).toEqual({ type: 'error', message: 'Please establish a connection first with a connection event' });
    socket.send({ type: 'connection' });
    expect(await socket.next('error', (f) => f.message.startsWith('Username'))).toEqual({
      type: 'error',
      message: 'Username is required for connection',
    });
    socket.close();
  });

  it('refuses unauthenticated connections and a token used with another username', async () => {
    const anonymous = await LegacySocket.open(server.wsUrl, 'auth');
    anonymous.send({ type: 'connection', username: 'someone' });
    expect((await anonymous.next('error')).message).toMatch(/^Authentication required/);
    expect((await anonymous.waitClosed()).code).toBe(1008);

    const refused = new WebSocket(`${server.wsUrl}/ws/chat/auth/?token=not-a-token`);
    const status = await new Promise((resolve) => refused.on('unexpected-response', (_req, res) => resolve(res.statusCode)));
    expect(status).toBe(401);

    const a = await signUp(server.url);
    const b = await signUp(server.url);
    const socket = await LegacySocket.open(server.wsUrl, 'auth', a.token);
    socket.send({ type: 'connection', username: b.user.username });
    expect((await socket.next('error')).message).toBe('Username does not match the authenticated user');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(socket.ofType('connection_confirmed')).toEqual([]);
    socket.send({ type: 'chatbot_query', message: 'hi' });
    expect((await socket.next('error', (f) => f.message.startsWith('Please'))).message).toMatch(/establish a connection/);
    socket.close();
  });

  it('refuses bad room names and unknown paths at the upgrade', async () => {
    const statusOf = (path: string) =>
      new Promise((resolve) => new WebSocket(`${server.wsUrl}${path}`).on('unexpected-response', (_req, res) => resolve(res.statusCode)).on('error', () => {}));
    expect(await statusOf('/ws/chat/bad-name!/')).toBe(400);
    expect(await statusOf(`/ws/chat/${'x'.repeat(65)}/`)).toBe(400);
    expect(await statusOf('/ws/elsewhere/')).toBe(404);
  });

  it('answers bad frames with an error or a policy close, and keeps serving other sockets', async () => {
    const bystander = await connected('frames');
    const { socket, user } = await connected('frames');

    socket.send('this is not json');
    expect((await socket.next('error')).message).toMatch(/^Invalid JSON/);
    socket.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await socket.next('error', (f) => f.message.startsWith('Binary'))).message).toMatch(/Binary frames/);
    socket.send({ type: 'chatbot_query', username: user.username });
    expect((await socket.next('error', (f) => f.message.startsWith('message'))).message).toMatch(/message/);
    await socket.next('chatbot_response'); // a failed question ends with an apology
    const before = socket.frames.length;
    socket.send({ type: 'no_such_type' });
    socket.send({ nothing: 'here' });
    socket.send([1, 2]);
    socket.send({ type: 'disconnect_request' });
    const confirmed = await socket.next('disconnect_confirmed', () => true, 5000, before);
    expect(socket.frames.slice(before)).toEqual([confirmed]); // the unknown frames got no reply
    expect(confirmed).toEqual({ type: 'disconnect_confirmed', message: 'Chat session ended successfully', chat_messages: [] });

    // A flood of queries while an answer streams: the surplus gets error frames, the answer completes.
    const start = socket.frames.length;
    for (let i = 0; i < 10; i++) socket.send({ type: 'chatbot_query', message: `question ${i}` });
    await socket.next('chatbot_response', () => true, 10_000, start);
    const errors = socket.frames.slice(start).filter((f) => f.type === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.message).toMatch(/wait for the current answer/);

    // A 1 MB frame closes the socket with a policy code (1009: message too big).
    socket.send('x'.repeat(1024 * 1024));
    expect((await socket.waitClosed()).code).toBe(1009);

    const { response } = await bystander.socket.ask('still there?', bystander.user.username);
    expect(response.message).toBe('I hear you. What is weighing on you?');
    bystander.socket.close();
  });

  it('tells HR when someone leaves, without their history', async () => {
    const stay = await connected('leaving', { hr: true });
    const go = await connected('leaving');
    await go.socket.ask('private matter', go.user.username);
    go.socket.close();
    const left = await stay.socket.next('disconnect');
    expect(left).toEqual({ type: 'disconnect', message: `${go.user.username} left the room`, user_id: go.user.id, username: go.user.username });
    expect(JSON.stringify(stay.socket.frames)).not.toContain('private matter');
    stay.socket.close();
  });

  it('puts a raw WebSocket client and a tRPC client in one room', async () => {
    const legacy = await connected('mixed', { hr: true });
    const modern = await signUpHr(server);
    const room = watchRoom(modern.client, 'mixed');
    const members = await room.waitFor('members');
    expect(members.users.map((u) => u.id)).toContain(legacy.user.id);
    const joined = await legacy.socket.next('connect', (f) => f.user_id === modern.user.id);
    expect(joined.message).toBe(`${modern.user.username} joined the room`);
    room.stop();
    expect((await legacy.socket.next('disconnect', (f) => f.user_id === modern.user.id)).username).toBe(modern.user.username);

    const watcher = watchRoom(modern.client, 'mixed');
    await watcher.waitFor('members');
    legacy.socket.close();
    const leftEvent = await watcher.waitFor('presence', (e) => e.action === 'left' && e.user.id === legacy.user.id);
    expect(leftEvent.user.username).toBe(legacy.user.username);
    watcher.stop();
    modern.client.close();
  });
});

describe('legacy trust-the-username mode', () => {
  it('is off by default and, when switched on, creates users on the fly', async () => {
    const trusting = await startServer({ LEGACY_TRUST_USERNAME: 'true' });
    try {
      const socket = await LegacySocket.open(trusting.wsUrl, 'dev');
      socket.send({ type: 'connection', username: 'walk_in' });
      const confirmed = await socket.next('connection_confirmed');
      expect(confirmed.user_id).toEqual(expect.any(Number));
      socket.close();
    } finally {
      await trusting.close();
    }
  });
});
