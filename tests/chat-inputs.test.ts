import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apology } from '../src/legacy/messages.js';
import { legacyServerFrameSchema } from '../src/legacy/server-frames.js';
import { LegacySocket } from './support/legacy.js';
import { watchRoom } from './support/room.js';
import { signUp, startServer, type TestServer } from './support/server.js';

// One rule for what goes into the chat, whichever transport brings it: tRPC `chat.*` or the legacy socket.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ MAX_MESSAGE_CHARS: '50' });
});
afterAll(() => server.close());

type Account = Awaited<ReturnType<typeof signUp>>;

async function legacyConnected(account: Account, room: string): Promise<LegacySocket> {
  const socket = await LegacySocket.open(server.wsUrl, encodeURIComponent(room), account.token);
  socket.send({ type: 'connection', username: account.user.username });
  await socket.next('connection_confirmed');
  return socket;
}

async function sentTexts(account: Account, room: string): Promise<string[]> {
  const { items } = await account.client.chat.history.query({ room });
  return items.filter((m) => m.direction === 'sent').map((m) => m.text);
}

describe('chat inputs, one rule for both transports', () => {
  it('stores a message with surrounding whitespace trimmed, over tRPC and the legacy socket alike', async () => {
    const account = await signUp(server.url);
    const spaced = ' \t  I feel tired all the time \n ';

    const watcher = watchRoom(account.client, 'trim_rpc');
    await watcher.waitFor('members');
    const { answerId } = await account.client.chat.send.mutate({ room: 'trim_rpc', message: spaced });
    await watcher.waitFor('done', (e) => e.answerId === answerId);
    expect(watcher.ofType('message').map((e) => e.message.text)).toEqual(['I feel tired all the time']);
    watcher.stop();

    const socket = await legacyConnected(account, 'trim_legacy');
    await socket.ask(spaced, account.user.username);
    socket.close();

    expect(await sentTexts(account, 'trim_rpc')).toEqual(['I feel tired all the time']);
    expect(await sentTexts(account, 'trim_legacy')).toEqual(['I feel tired all the time']);
    account.client.close();
  });

  it('refuses an empty, blank or over-long message with the same words on both transports', async () => {
    const account = await signUp(server.url);
    const socket = await legacyConnected(account, 'limits');
    const cases = [
      { message: '', error: 'message: must not be empty' },
      { message: ' \n\t  ', error: 'message: must not be empty' },
      { message: 'x'.repeat(51), error: 'message: must be at most 50 characters (got 51)' },
      // The limit counts the trimmed text.
      { message: `  ${'y'.repeat(49)}z  `, error: null },
    ];
    for (const { message, error } of cases) {
      const rpc = await account.client.chat.send.mutate({ room: 'limits', message }).catch((e) => e);
      const start = socket.frames.length;
      socket.send({ type: 'chatbot_query', message, username: account.user.username });
      const response = await socket.next('chatbot_response', () => true, 10_000, start);
      const errors = socket.frames.slice(start).filter((f) => f.type === 'error');
      if (error === null) {
        expect(rpc).toEqual({ answerId: expect.any(String) });
        expect(errors).toEqual([]);
        continue;
      }
      expect(rpc.data?.code).toBe('BAD_REQUEST');
      expect(rpc.message).toBe(error);
      // The original client waits for a chatbot_response after each question: the error, then an apology.
      expect(errors).toEqual([{ type: 'error', message: error }]);
      expect(socket.frames.indexOf(errors[0]!)).toBeLessThan(socket.frames.indexOf(response));
      expect(response.message).toBe(apology(error));
    }
    // A query whose message is not a string at all is refused the same way.
    const start = socket.frames.length;
    socket.send({ type: 'chatbot_query', message: 42 });
    expect((await socket.next('error', () => true, 5000, start)).message).toMatch(/^message: /);
    await socket.next('chatbot_response', () => true, 5000, start);
    expect(await sentTexts(account, 'limits')).toEqual([`${'y'.repeat(49)}z`, `${'y'.repeat(49)}z`]);
    socket.close();
    account.client.close();
  });

  it('accepts and refuses the same room names on both transports', async () => {
    const account = await signUp(server.url);
    const table: Array<[room: string, accepted: boolean]> = [
      ['default', true],
      ['general', true],
      ['team-1', true],
      ['snake_case_42', true],
      ['café', true],
      ['Ünal', true],
      ['東京', true],
      ['٣٤', true],
      ['é'.repeat(64), true],
      ['𠀀'.repeat(64), true], // 64 characters beyond the BMP (128 UTF-16 units)
      ['', false],
      ['with space', false],
      ['bad-name!', false],
      ['../etc', false],
      ['a/b', false],
      ['a.b', false],
      ['x'.repeat(65), false],
      ['é'.repeat(65), false],
      ['smile😀', false],
      ['tab\t', false],
    ];
    const viaTrpc = async (room: string) => {
      const result = await account.client.chat.history.query({ room }).catch((e) => e);
      if (!(result instanceof Error)) return true;
      expect((result as any).data?.code).toBe('BAD_REQUEST');
      expect(result.message).toMatch(/^room: /);
      return false;
    };
    const viaLegacy = (room: string) =>
      new Promise<boolean>((resolve, reject) => {
        const socket = new WebSocket(`${server.wsUrl}/ws/chat/${encodeURIComponent(room)}/?token=${account.token}`);
        socket.on('unexpected-response', (_req, res) => {
          expect(res.statusCode).toBe(400);
          resolve(false);
        });
        socket.on('open', () => socket.send(JSON.stringify({ type: 'connection', username: account.user.username })));
        socket.on('message', (data) => {
          const frame = legacyServerFrameSchema.parse(JSON.parse(String(data)));
          if (frame.type !== 'connection_confirmed') return;
          socket.close();
          resolve(true);
        });
        socket.on('error', reject);
      });
    const outcomes = [];
    for (const [room] of table) outcomes.push([room, await viaTrpc(room), await viaLegacy(room)]);
    expect(outcomes).toEqual(table.map(([room, accepted]) => [room, accepted, accepted]));

    // One room, whichever transport names it: a legacy question in a Unicode room is in its tRPC history.
    const socket = await legacyConnected(account, '東京');
    await socket.ask('Hello from the old client', account.user.username);
    socket.close();
    expect(await sentTexts(account, '東京')).toEqual(['Hello from the old client']);
    const longest = '𠀀'.repeat(64);
    await account.client.chat.send.mutate({ room: longest, message: 'stored in the longest room name' });
    expect(await sentTexts(account, longest)).toEqual(['stored in the longest room name']);
    account.client.close();
  });

  it('refuses a malformed percent-encoded room at the upgrade and keeps serving', async () => {
    const status = await new Promise((resolve) =>
      new WebSocket(`${server.wsUrl}/ws/chat/%E0%A4%A/`).on('unexpected-response', (_req, res) => resolve(res.statusCode)).on('error', () => {}),
    );
    expect(status).toBe(400);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('legacy server frames', () => {
  it('a whole legacy session sends only frames of the schema, which refuses what the server must not send', async () => {
    const account = await signUp(server.url);
    const socket = await legacyConnected(account, 'frames');
    await socket.ask('What about my leave?', account.user.username);
    socket.send({ type: 'chatbot_query', message: '   ' });
    await socket.next('chatbot_response', (f) => f.message.startsWith("I'm sorry"));
    socket.send({ type: 'disconnect_request' });
    const confirmed = await socket.next('disconnect_confirmed');
    expect(confirmed.chat_messages.map((m: any) => m.direction)).toEqual(['sent', 'received']);
    expect(new Set(socket.frames.map((f) => f.type))).toEqual(
      new Set(['connection_confirmed', 'connect', 'chatbot_stream', 'chatbot_response', 'error', 'disconnect_confirmed']),
    );
    expect(socket.invalidFrames).toEqual([]);
    socket.close();
    account.client.close();

    // The check can fail: the original's `disconnect` carried the leaver's history, and no frame may have unknown fields or types.
    const leaking = { type: 'disconnect', message: 'a left the room', user_id: 1, username: 'a', chat_messages: [] };
    expect(legacyServerFrameSchema.safeParse(leaking).success).toBe(false);
    expect(legacyServerFrameSchema.safeParse({ type: 'user_connect', message: 'x' }).success).toBe(false);
    expect(legacyServerFrameSchema.safeParse({ type: 'chatbot_stream', chunk: 'x', user_id: 1, username: 'HR Assistant' }).success).toBe(false);
  });
});
