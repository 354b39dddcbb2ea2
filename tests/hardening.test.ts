import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegacySocket } from './support/legacy.js';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { watchRoom } from './support/room.js';
import { createClient, signUp, startServer, waitFor, type TestServer } from './support/server.js';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: any) => error?.data?.code ?? String(error),
  );

describe('rate limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      RATE_LIMIT_LOGIN_PER_MINUTE: '3',
      RATE_LIMIT_REGISTER_PER_HOUR: '4',
      RATE_LIMIT_CHAT_PER_MINUTE: '2',
    });
  });
  afterAll(() => server.close());

  it('limits registrations per IP and logins per user and IP, with a retry-after', async () => {
    const anonymous = createClient(server.url);
    for (let i = 0; i < 4; i++) await anonymous.auth.register.mutate({ username: `limited${i}`, password: 'password123' });
    const tooMany = await anonymous.auth.register.mutate({ username: 'limited9', password: 'password123' }).catch((e) => e);
    expect(tooMany.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: expect.any(Number) });
    expect(tooMany.data.retryAfterSeconds).toBeGreaterThan(0);

    // Failed logins count (successful ones do not): the right password from this IP is throttled too.
    for (let i = 0; i < 3; i++) expect(await codeOf(anonymous.auth.login.mutate({ username: 'limited0', password: 'wrong password' }))).toBe('UNAUTHORIZED');
    const response = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { username: 'limited0', password: 'password123' } }),
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);

    const legacy = await fetch(`${server.url}/api/auth/login/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'limited0', password: 'password123' }),
    });
    expect(legacy.status).toBe(429);
    expect(legacy.headers.get('retry-after')).toBeTruthy();
    anonymous.close();
  });

  it('limits chat questions per user, on both transports', async () => {
    const account = await server.app.services.auth.register({ username: 'chatty', password: 'password123' }, null, 'other-ip');
    const client = createClient(server.url, account.token);
    await client.chat.send.mutate({ room: 'limits', message: 'one' });
    await client.chat.send.mutate({ room: 'limits', message: 'two' }).catch(() => {});
    expect(await codeOf(client.chat.send.mutate({ room: 'limits', message: 'three' }))).toBe('TOO_MANY_REQUESTS');

    const socket = await LegacySocket.open(server.wsUrl, 'limits', account.token);
    socket.send({ type: 'connection', username: 'chatty' });
    await socket.next('connection_confirmed');
    socket.send({ type: 'chatbot_query', message: 'four' });
    expect((await socket.next('error')).message).toMatch(/^Too many chat attempts/);
    socket.close();
    client.close();
  });
});

describe('socket limits, slow readers and session ends', () => {
  let standIn: MistralStandIn;
  let server: TestServer;
  beforeAll(async () => {
    // Big answers, as fast as possible: a reader that stops reading falls behind at once.
    // (Loopback kernel buffers hold megabytes, so the answer must be larger than that.)
    standIn = await MistralStandIn.start(() => ({ chunks: Array.from({ length: 3000 }, () => 'x'.repeat(8192)) }));
    server = await startServer({
      MISTRAL_API_KEY: 'k',
      MISTRAL_SERVER_URL: standIn.url,
      MAX_SOCKETS_PER_USER: '2',
      MAX_SUBSCRIPTIONS_PER_SOCKET: '2',
      MAX_SOCKET_BUFFER_BYTES: '65536',
      // The answers here are far longer than a real one: lift the answer cap above them.
      MAX_ANSWER_CHARS: String(3000 * 8192 + 1),
    });
  });
  afterAll(async () => {
    await server.close();
    await standIn.close();
  });

  it('refuses a third socket for one user, on both transports', async () => {
    const { token, user } = await signUp(server.url);
    const first = createClient(server.url, token);
    const second = createClient(server.url, token);
    await watchRoom(first, 'sockets').waitFor('members');
    await watchRoom(second, 'sockets').waitFor('members');
    expect(server.app.services.connections.count(user.id)).toBe(2);
    const third = createClient(server.url, token);
    const error = await new Promise<any>((resolve) => third.chat.join.subscribe({ room: 'sockets' }, { onError: resolve, onData: () => {} }));
    expect(error.data?.code ?? error.message).toMatch(/TOO_MANY_REQUESTS|Too many open connections/);

    const legacy = await LegacySocket.open(server.wsUrl, 'sockets', token);
    legacy.send({ type: 'connection', username: user.username });
    expect((await legacy.next('error')).message).toMatch(/Too many open connections/);
    expect((await legacy.waitClosed()).code).toBe(1008);
    for (const c of [first, second, third]) c.close();
  });

  it('refuses a third subscription on one socket', async () => {
    const { client } = await signUp(server.url);
    await watchRoom(client, 'subs-a').waitFor('members');
    await watchRoom(client, 'subs-b').waitFor('members');
    const error = await new Promise<any>((resolve) => client.chat.join.subscribe({ room: 'subs-c' }, { onError: resolve, onData: () => {} }));
    expect(error.data?.code).toBe('TOO_MANY_REQUESTS');
    client.close();
  });

  it('cuts off a legacy reader that stops reading, and keeps its buffer bounded', async () => {
    const { token, user } = await signUp(server.url);
    const socket = await LegacySocket.open(server.wsUrl, 'slow', token);
    socket.send({ type: 'connection', username: user.username });
    await socket.next('connection_confirmed');
    await socket.next('connect');
    const raw = (socket.socket as unknown as { _socket: import('node:net').Socket })._socket;
    socket.send({ type: 'chatbot_query', message: 'tell me everything' });
    raw.pause();
    // Stay stalled until the server gives up on us (how soon depends on the bus's throughput).
    await waitFor(() => server.app.services.connections.count(user.id) === 0, 30_000, 'the server to drop the slow socket');
    raw.resume();
    const closed = await socket.waitClosed(10_000);
    expect(closed.code).toBe(1006); // terminated: no close frame can get past a full buffer
    expect(socket.ofType('chatbot_response')).toEqual([]);
  });

  it('cuts off a tRPC subscriber that stops reading', async () => {
    const { client, user } = await signUp(server.url);
    const room = watchRoom(client, 'slow-trpc');
    await room.waitFor('members');
    const raw = (client.sockets[0] as unknown as { _socket: import('node:net').Socket })._socket;
    raw.pause();
    await client.chat.send.mutate({ room: 'slow-trpc', message: 'tell me everything' });
    const firstSocket = client.sockets[0]!;
    await waitFor(() => server.app.services.connections.count(user.id) === 0, 30_000, 'the server to drop the slow socket');
    raw.resume();
    await waitFor(() => firstSocket.readyState === WebSocket.CLOSED, 10_000, 'the slow socket to be cut');
    expect(room.ofType('done')).toEqual([]);
    room.stop();
    client.close();
  });

  it('closes open sockets at logout and at a password change', async () => {
    const { token, user } = await signUp(server.url);
    const subscriber = createClient(server.url, token);
    const room = watchRoom(subscriber, 'logout');
    await room.waitFor('members');
    const legacy = await LegacySocket.open(server.wsUrl, 'logout', token);
    legacy.send({ type: 'connection', username: user.username });
    await legacy.next('connection_confirmed');
    const firstSocket = subscriber.sockets[0]!;

    await createClient(server.url, token).auth.logout.mutate();
    expect((await legacy.waitClosed()).code).toBe(1008);
    await waitFor(() => firstSocket.readyState === WebSocket.CLOSED, 5000, 'the tRPC socket to close');
    // The client's automatic reconnect is refused: the session is gone.
    await waitFor(() => room.errors.length > 0 || undefined, 5000, 'the subscription to fail');
    subscriber.close();

    const login = await createClient(server.url).auth.login.mutate({ username: user.username, password: 'correct horse battery' });
    const other = await createClient(server.url).auth.login.mutate({ username: user.username, password: 'correct horse battery' });
    const watcher = createClient(server.url, other.token);
    await watchRoom(watcher, 'password').waitFor('members');
    const changed = await createClient(server.url, login.token).auth.changePassword.mutate({
      currentPassword: 'correct horse battery',
      newPassword: 'a brand new secret',
    });
    await waitFor(() => watcher.sockets[0]!.readyState === WebSocket.CLOSED, 5000, 'sockets to close on password change');
    expect(await codeOf(createClient(server.url, other.token).auth.me.query())).toBe('UNAUTHORIZED');
    expect(await codeOf(createClient(server.url, login.token).auth.me.query())).toBe('UNAUTHORIZED');
    expect((await createClient(server.url, changed.token).auth.me.query()).id).toBe(user.id);
    watcher.close();
  });
});

describe('CORS', () => {
  it('answers allowed origins only', async () => {
    const server = await startServer({ ALLOWED_ORIGINS: 'https://app.example.com' });
    try {
      const preflight = await fetch(`${server.url}/trpc/auth.me`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      const foreign = await fetch(`${server.url}/healthz`, { headers: { origin: 'https://evil.example.com' } });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      const status = await new Promise((resolve) =>
        new WebSocket(`${server.wsUrl}/trpc`, { origin: 'https://evil.example.com' })
          .on('unexpected-response', (_req, res) => resolve(res.statusCode))
          .on('error', () => {}),
      );
      expect(status).toBe(403);
    } finally {
      await server.close();
    }
  });
});
