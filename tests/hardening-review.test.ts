/**
 * What an outside review broke in December 2026, each case as it was tried: a bad request URL,
 * frames named after Object.prototype, upload parts without a name or with repeated options,
 * sockets that never authenticate, the NUL character, sessions that end under an open socket.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sessionIdFromToken } from '../src/auth/tokens.js';
import { startSessionRecheck } from '../src/http/session-recheck.js';
import { signUpHr } from './support/identity.js';
import { LegacySocket } from './support/legacy.js';
import { createClient, signUp, startServer, waitFor, type TestServer } from './support/server.js';

/** Sends raw bytes and resolves with whatever came back once the server closed (or after `waitMs`). */
function rawExchange(url: string, bytes: string, waitMs = 3000): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    let received = '';
    const done = () => resolve(received);
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', done);
    socket.on('close', done);
    setTimeout(() => {
      socket.destroy();
      done();
    }, waitMs);
  });
}

const upgradeHead = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

const healthy = async (server: TestServer) => (await fetch(`${server.url}/healthz`)).status;

const BOUNDARY = 'reviewBoundary';
const multipart = (parts: string[]) => `${parts.map((part) => `--${BOUNDARY}\r\n${part}`).join('\r\n')}\r\n--${BOUNDARY}--\r\n`;
const filePart = (name: string, content: string) => `Content-Disposition: form-data; name="${name}"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${content}`;
const fieldPart = (name: string, value: string) => `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;
const VIBES = 'Employee_ID,Response_Date,Vibe_Score\nEMP1,01-02-2024,3\n';

async function postMultipart(server: TestServer, route: string, token: string, body: string) {
  const response = await fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe('requests no input may take the server down', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('answers a request URL it cannot read with 400, over HTTP and on a WebSocket upgrade', async () => {
    expect(await rawExchange(server.url, 'GET //x:99999 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawExchange(server.url, upgradeHead('//x:99999'))).toMatch(/^HTTP\/1\.1 400/);
    expect(await healthy(server)).toBe(200);
  });

  it('ignores legacy frames whose type is a name of Object.prototype, and goes on serving the socket', async () => {
    const { token, user } = await signUp(server.url);
    const socket = await LegacySocket.open(server.wsUrl, 'proto', token);
    for (const type of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) socket.send({ type });
    socket.send({ type: 'connection', username: user.username });
    expect((await socket.next('connection_confirmed')).user_id).toBe(user.id);
    expect(socket.ofType('error')).toEqual([]);
    expect(await healthy(server)).toBe(200);
    socket.close();
  });

  it('handles legacy frames in the order sent: a question right after `connection` is answered, not refused', async () => {
    const { token, user } = await signUp(server.url);
    const socket = await LegacySocket.open(server.wsUrl, 'ordered', token);
    socket.send({ type: 'connection', username: user.username });
    socket.send({ type: 'chatbot_query', message: 'How do I book a day off?', username: user.username });
    await socket.next('chatbot_response');
    const types = socket.frames.map((frame) => frame.type);
    expect(types.indexOf('connection_confirmed')).toBeLessThan(types.indexOf('chatbot_response'));
    expect(socket.ofType('error')).toEqual([]);
    socket.close();
  });

  it('refuses an upload part without a name, a repeated option and too many fields with 400 naming them, on both upload paths', async () => {
    const hr = await signUpHr(server);
    for (const route of ['/trpc/hrdata.upload', '/api/process-hr-metrics/']) {
      const nameless = await postMultipart(server, route, hr.token, multipart([filePart('', VIBES)]));
      expect(nameless.status, route).toBe(400);
      expect(nameless.text).toMatch(/no field name/);
      expect(await healthy(server)).toBe(200);
    }
    const repeated = await postMultipart(server, '/trpc/hrdata.upload', hr.token, multipart([fieldPart('dryRun', 'true'), fieldPart('dryRun', 'false'), filePart('vibemeter', VIBES)]));
    expect(repeated.status).toBe(400);
    expect(repeated.text).toMatch(/dryRun: given more than once/);
    const crowded = multipart([...Array.from({ length: 40 }, (_, i) => fieldPart(`extra${i}`, 'x')), fieldPart('dryRun', 'true'), filePart('vibemeter', VIBES)]);
    expect((await postMultipart(server, '/trpc/hrdata.upload', hr.token, crowded)).status).toBe(400);
    const named = await postMultipart(server, '/trpc/hrdata.upload', hr.token, multipart([fieldPart('constructor', 'x'), filePart('vibemeter', VIBES)]));
    expect(named.status).toBe(400);
    expect(named.text).toMatch(/constructor: expected a CSV file/);
    // Nothing was imported by any of them.
    expect(await hr.client.hrdata.imports.query()).toEqual([]);
  });

  it('refuses text with the NUL character, naming the field, on tRPC, REST and the legacy socket (both databases)', async () => {
    const { client, token, user } = await signUp(server.url);
    const refused = await client.chat.send.mutate({ room: 'nul', message: 'hello \u0000 world' }).catch((error) => error);
    expect(refused.data?.code).toBe('BAD_REQUEST');
    expect(refused.message).toBe('message: must not contain the NUL character (U+0000)');
    const login = await createClient(server.url).auth.login.mutate({ username: 'a\u0000b', password: 'whatever it is' }).catch((error) => error);
    expect(login.data?.code).toBe('BAD_REQUEST');
    const rest = await fetch(`${server.url}/api/messages/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: user.id, message: 'a\u0000', response: 'b' }),
    });
    expect(rest.status).toBe(400);
    expect(await rest.text()).toMatch(/message: must not contain the NUL character/);
    const socket = await LegacySocket.open(server.wsUrl, 'nul', token);
    socket.send({ type: 'connection', username: user.username });
    await socket.next('connection_confirmed');
    socket.send({ type: 'chatbot_query', message: 'hi \u0000', username: user.username });
    expect((await socket.next('error')).message).toMatch(/message: must not contain the NUL character/);
    await socket.next('chatbot_response');
    expect((await client.messages.list.query({})).items).toEqual([]);
    socket.close();
    client.close();
  });

  it('counts characters as people do, and a message of invisible characters is empty', async () => {
    const { client } = await signUp(server.url);
    await expect(client.chat.send.mutate({ room: 'count', message: '🙂'.repeat(3000) })).resolves.toMatchObject({ answerId: expect.any(String) });
    const invisible = await client.chat.send.mutate({ room: 'count', message: '\u200b\u200c\u200d\u2060' }).catch((error) => error);
    expect(invisible.message).toBe('message: must not be empty');
    client.close();
  });

  it('reads HR data rows with odd employee IDs or years as row errors, importing nothing', async () => {
    const hr = await signUpHr(server);
    const form = new FormData();
    const rows = ['EMP1,01-02-2024,3', '../../x,01-02-2024,3', '=SUM(A1),01-02-2024,3', 'EMP\u00002,01-02-2024,3', 'EMP3,01-01-0005,3'];
    form.append('vibemeter', new File([`Employee_ID,Response_Date,Vibe_Score\n${rows.join('\n')}\n`], 'vibemeter.csv'));
    const failed = await hr.client.hrdata.upload.mutate(form).catch((error) => error);
    expect(failed.data?.code).toBe('BAD_REQUEST');
    expect(failed.message).toMatch(/Nothing was imported/);
    const reasons = (failed.data?.importErrors?.[0]?.rowErrors ?? []).map((e: { row: number; reason: string }) => `${e.row}: ${e.reason}`);
    expect(reasons).toEqual([
      expect.stringMatching(/^3: must be 1-32 letters, digits/),
      expect.stringMatching(/^4: must be 1-32 letters, digits/),
      expect.stringMatching(/^5: must be 1-32 letters, digits/),
      expect.stringMatching(/^6: expected a date .*the year must be 1900-2200/),
    ]);
  });
});

describe('WebSockets that never authenticate are bounded', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ SOCKET_AUTH_TIMEOUT_MS: '400', MAX_UNAUTHENTICATED_SOCKETS_PER_IP: '3' });
  });
  afterAll(() => server.close());

  const open = (query = '?connectionParams=1') =>
    new Promise<{ socket: WebSocket; status: number | null }>((resolve) => {
      const socket = new WebSocket(`${server.wsUrl}/trpc${query}`);
      socket.once('open', () => resolve({ socket, status: null }));
      socket.once('unexpected-response', (_req, res) => resolve({ socket, status: res.statusCode ?? null }));
      socket.once('error', () => {});
    });

  it('closes a tRPC socket that sends no valid token in time, and refuses more than the limit from one address', async () => {
    const waiting = await Promise.all([open(), open(), open()]);
    expect(waiting.map((w) => w.status)).toEqual([null, null, null]);
    expect((await open()).status).toBe(429);
    const closed = await Promise.all(waiting.map(({ socket }) => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))));
    expect(closed).toEqual([1008, 1008, 1008]);
    // Their places are free again, and a socket that authenticates stays open past the deadline.
    const { client } = await signUp(server.url);
    const events: string[] = [];
    const subscription = client.chat.join.subscribe({ room: 'stays' }, { onData: (event) => events.push(event.data.type) });
    await waitFor(() => events.includes('members'));
    await new Promise((resolve) => setTimeout(resolve, 800));
    const { answerId } = await client.chat.send.mutate({ room: 'stays', message: 'still here?' });
    await waitFor(() => events.includes('done'), 5000, `the answer ${answerId}`);
    subscription.unsubscribe();
    client.close();
  });
});

describe('a session that ends under an open socket closes it', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ SESSION_RECHECK_SECONDS: '1' });
  });
  afterAll(() => server.close());

  /** A tRPC subscription and a legacy socket of one fresh user, both open. */
  async function openSockets() {
    const { client, token, user } = await signUp(server.url);
    const events: string[] = [];
    const subscription = client.chat.join.subscribe({ room: 'recheck' }, { onData: (event) => events.push(event.data.type), onError: () => {} });
    await waitFor(() => events.includes('members'));
    const socket = await LegacySocket.open(server.wsUrl, 'recheck', token);
    socket.send({ type: 'connection', username: user.username });
    await socket.next('connection_confirmed');
    return { client, token, user, socket, subscription };
  }

  const sockets = (userId: number) => server.app.services.connections.count(userId);

  it('expired, removed or with a changed role: every socket of the session closes within the recheck', async () => {
    const db = server.app.services.database.db;
    const expired = await openSockets();
    expect(sockets(expired.user.id)).toBe(2);
    await db.updateTable('sessions').set({ expires_at: Date.now() - 1000 }).where('id', '=', sessionIdFromToken(expired.token)).execute();
    expect((await expired.socket.waitClosed(4000)).code).toBe(1008);
    await waitFor(() => sockets(expired.user.id) === 0, 4000, 'the tRPC socket to close');

    const removed = await openSockets();
    await db.deleteFrom('sessions').where('id', '=', sessionIdFromToken(removed.token)).execute();
    expect((await removed.socket.waitClosed(4000)).code).toBe(1008);
    await waitFor(() => sockets(removed.user.id) === 0, 4000, 'the tRPC socket to close');

    const demoted = await openSockets();
    await db.updateTable('users').set({ role: 'hr' }).where('id', '=', demoted.user.id).execute();
    expect((await demoted.socket.waitClosed(4000))).toMatchObject({ code: 1008, reason: 'account changed: sign in again' });
    await waitFor(() => sockets(demoted.user.id) === 0, 4000, 'the tRPC socket to close');

    // A session that still stands keeps its sockets.
    const kept = await openSockets();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(sockets(kept.user.id)).toBe(2);
    for (const opened of [expired, removed, demoted, kept]) {
      opened.subscription.unsubscribe();
      opened.socket.close();
      opened.client.close();
    }
  });

  it('checks the sessions in slices and misses none of them', async () => {
    // A check of its own, two sessions a slice every 100 ms, on a server whose own check is an
    // hour away: only this one can close the sockets.
    const quiet = await startServer({ SESSION_RECHECK_SECONDS: '3600' });
    const { auth, connections, logger, database } = quiet.app.services;
    const stop = startSessionRecheck(auth, connections, 100, logger, 2);
    try {
      const users = await Promise.all(Array.from({ length: 5 }, () => signUp(quiet.url)));
      const sockets = await Promise.all(users.map(({ token }) => LegacySocket.open(quiet.wsUrl, 'slices', token)));
      users.forEach(({ user }, i) => sockets[i]!.send({ type: 'connection', username: user.username }));
      await Promise.all(sockets.map((socket) => socket.next('connection_confirmed')));
      // Sessions 1, 3 and 5 (of different slices) end; 2 and 4 stand.
      const ended = [0, 2, 4];
      await database.db.deleteFrom('sessions').where('id', 'in', ended.map((i) => sessionIdFromToken(users[i]!.token))).execute();
      for (const i of ended) expect((await sockets[i]!.waitClosed(4000)).code).toBe(1008);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect([1, 3].map((i) => connections.count(users[i]!.user.id))).toEqual([1, 1]);
      for (const socket of sockets) socket.close();
      for (const { client } of users) client.close();
    } finally {
      stop();
      await quiet.close();
    }
  });

  it('slides a session used only over a socket, as HTTP use does', async () => {
    const used = await openSockets();
    const db = server.app.services.database.db;
    const soon = Date.now() + 60_000; // well past half its life
    await db.updateTable('sessions').set({ expires_at: soon }).where('id', '=', sessionIdFromToken(used.token)).execute();
    used.socket.send({ type: 'chatbot_query', message: 'Any news on my leave?', username: used.user.username });
    await used.socket.next('chatbot_response');
    const expiry = async () => (await db.selectFrom('sessions').select('expires_at').where('id', '=', sessionIdFromToken(used.token)).executeTakeFirst())?.expires_at ?? 0;
    const deadline = Date.now() + 5000;
    while ((await expiry()) <= soon + 3_600_000) {
      if (Date.now() > deadline) throw new Error('the session used over the socket did not slide');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    used.subscription.unsubscribe();
    used.socket.close();
    used.client.close();
  });
});

describe('usernames are one account whatever their case', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('refuses "Alice" beside "alice", on tRPC and the legacy path', async () => {
    const { user } = await signUp(server.url, { username: 'alice_review' });
    const upper = await createClient(server.url).auth.register.mutate({ username: 'Alice_Review', password: 'a long password' }).catch((error) => error);
    expect(upper.data?.code).toBe('CONFLICT');
    expect(upper.message).toMatch(/^username: "Alice_Review" is already taken/);
    const legacy = await fetch(`${server.url}/api/auth/register/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ALICE_REVIEW', password: 'a long password' }),
    });
    expect(legacy.status).toBe(400);
    const sameName = await server.app.services.database.db.selectFrom('users').select('id').where('username', 'in', ['alice_review', 'Alice_Review', 'ALICE_REVIEW']).execute();
    expect(sameName.map((row) => row.id)).toEqual([user.id]);
  });
});

describe('undoing every upload leaves no HR data, and says so everywhere', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('rolls the only upload back: no employees, nothing flagged, no error', async () => {
    const hr = await signUpHr(server);
    const form = new FormData();
    const rows = Array.from({ length: 12 }, (_, i) => `EMP${i},01-02-2024,${i === 0 ? 1 : 4}`);
    form.append('vibemeter', new File([`Employee_ID,Response_Date,Vibe_Score\n${rows.join('\n')}\n`], 'vibemeter.csv'));
    const uploaded = await hr.client.hrdata.upload.mutate(form);
    expect(uploaded.employees).toBe(12);
    const undone = await hr.client.hrdata.rollback.mutate({ importId: uploaded.importId! });
    expect(undone).toMatchObject({ rolledBack: [uploaded.importId], employees: 0, flaggedCount: 0 });
    expect(await hr.client.hrdata.summary.query()).toMatchObject({ headcount: 0, flaggedCount: 0 });
    expect(await hr.client.hrdata.flagged.query({})).toEqual([]);
    expect((await hr.client.hrdata.imports.query())[0]).toMatchObject({ importId: uploaded.importId, status: 'rolled_back' });
  });
});
