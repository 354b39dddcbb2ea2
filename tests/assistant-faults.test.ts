import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutStackTraces } from '../src/assistant/mistral-client.js';
import { MistralStandIn, type Script } from './support/mistral-stand-in.js';
import { watchRoom } from './support/room.js';
import { signUp, startServer, waitFor, type TestServer } from './support/server.js';

const answer: Script = () => ({ chunks: ['All ', 'good ', 'here.'] });
let standIn: MistralStandIn;
let server: TestServer;

beforeAll(async () => {
  standIn = await MistralStandIn.start(answer);
  server = await startServer({
    MISTRAL_API_KEY: 'test-key',
    MISTRAL_SERVER_URL: standIn.url,
    MISTRAL_MODEL: 'primary-model',
    MISTRAL_FALLBACK_MODEL: 'secondary-model',
    MISTRAL_FIRST_TOKEN_TIMEOUT_MS: '2500',
    CHAT_ABANDON_GRACE_MS: '0',
  });
});
afterAll(async () => {
  await server.close();
  await standIn.close();
});

/** Signs up, joins `room`, asks one question and waits for its `done` or `error`. */
async function ask(target: TestServer, room: string, message = 'I feel overwhelmed') {
  const { client } = await signUp(target.url);
  const watcher = watchRoom(client, room);
  await watcher.waitFor('members');
  const { answerId } = await client.chat.send.mutate({ room, message });
  const end = await waitFor(
    () => watcher.events.map((e) => e.data).find((e) => (e.type === 'done' || e.type === 'error') && e.answerId === answerId),
    10_000,
    'the end of the answer',
  );
  const history = await client.chat.history.query({ room });
  watcher.stop();
  client.close();
  return { end, answerId, watcher, history };
}

/** Chat requests (streaming) since `start`; sessions ending here also make report requests, which are not. */
const requestsFrom = (start: number, model?: string) =>
  standIn.requests.slice(start).filter((r) => r.stream && (model === undefined || r.model === model));

describe('assistant fallbacks against the Mistral stand-in', () => {
  it('retries a 429 and is then answered by Mistral', async () => {
    standIn.script = answer;
    const start = standIn.requests.length;
    standIn.queue({ status: 429 });
    const { end } = await ask(server, 'retry');
    expect(end).toMatchObject({ type: 'done', source: 'mistral:primary-model', text: 'All good here.' });
    expect(requestsFrom(start, 'primary-model')).toHaveLength(2);
  });

  it('falls back to the secondary model when the primary keeps answering 500', async () => {
    standIn.script = (r) => (r.model === 'primary-model' ? { status: 500 } : { chunks: ['Secondary ', 'here.'] });
    const start = standIn.requests.length;
    const { end, history } = await ask(server, 'secondary');
    expect(end).toMatchObject({ type: 'done', source: 'mistral:secondary-model', text: 'Secondary here.' });
    expect(requestsFrom(start, 'primary-model').length).toBeGreaterThanOrEqual(2);
    expect(history.items[0]).toMatchObject({ direction: 'received', source: 'mistral:secondary-model' });
  });

  it('falls back to the secondary model when the primary hangs before its first token', async () => {
    standIn.script = (r) => (r.model === 'primary-model' ? { hang: true } : { chunks: ['Awake.'] });
    const start = standIn.requests.length;
    const { end } = await ask(server, 'hang');
    expect(end).toMatchObject({ type: 'done', source: 'mistral:secondary-model' });
    await waitFor(() => requestsFrom(start, 'primary-model')[0]?.aborted, 2000, 'the hung request to be aborted');
  });

  it('answers offline when every model is down', async () => {
    standIn.script = () => ({ status: 500 });
    const { end, history } = await ask(server, 'all-down', 'I work late every weekend');
    expect(end).toMatchObject({ type: 'done', source: 'offline' });
    expect(end.type === 'done' && end.text).toMatch(/\?$/);
    expect(history.items[0]).toMatchObject({ direction: 'received', source: 'offline' });
  });

  it('answers offline when Mistral is unreachable, and without an API key', async () => {
    const unreachable = await startServer({ MISTRAL_API_KEY: 'k', MISTRAL_SERVER_URL: 'http://127.0.0.1:9' });
    // A stand-in of its own: the shared one also gets the other server's late report requests.
    const noKeysStandIn = await MistralStandIn.start(answer);
    const noKey = await startServer({ MISTRAL_SERVER_URL: noKeysStandIn.url });
    try {
      expect((await ask(unreachable, 'offline')).end).toMatchObject({ type: 'done', source: 'offline' });
      expect((await ask(noKey, 'offline')).end).toMatchObject({ type: 'done', source: 'offline' });
      expect(noKeysStandIn.requests).toHaveLength(0);
    } finally {
      await unreachable.close();
      await noKey.close();
      await noKeysStandIn.close();
    }
  });

  it('relays a token-by-token stream chunk by chunk, and a burst of deltas as fewer chunks', async () => {
    standIn.script = () => ({ chunks: ['One ', 'token ', 'at ', 'a time.'], delayMs: 30 });
    const slow = await ask(server, 'slow');
    expect(slow.watcher.ofType('chunk').filter((c) => c.answerId === slow.answerId).map((c) => [c.seq, c.text])).toEqual([
      [0, 'One '],
      [1, 'token '],
      [2, 'at '],
      [3, 'a time.'],
    ]);
    // The stand-in writes all 40 deltas at once: they reach the server in a read or two.
    standIn.script = () => ({ chunks: 40 });
    const burst = await ask(server, 'burst');
    const chunks = burst.watcher.ofType('chunk').filter((c) => c.answerId === burst.answerId);
    expect(chunks.length).toBeLessThan(40);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    expect(chunks.map((c) => c.text).join('')).toBe(burst.end.type === 'done' ? burst.end.text : null);
  });

  it('never stores a stream cut after 3 chunks as a complete answer', async () => {
    standIn.script = () => ({ chunks: 8, cutAfter: 3 });
    const { end, watcher, history, answerId } = await ask(server, 'cut');
    expect(end).toMatchObject({ type: 'error', code: 'ANSWER_INTERRUPTED', answerId });
    expect(watcher.ofType('chunk').filter((c) => c.answerId === answerId).map((c) => c.text).join('')).toBe('word0 word1 word2 ');
    // A replacement answer follows under another id (tests/hardening-chat.test.ts); this one is never stored.
    expect(watcher.ofType('done').filter((d) => d.answerId === answerId)).toEqual([]);
    expect(history.items.filter((m) => m.answerId === answerId)).toEqual([]);
  });

  it('aborts the upstream request when the asker leaves mid-stream', async () => {
    standIn.script = () => ({ chunks: 50, delayMs: 50 });
    const start = standIn.requests.length;
    const { client } = await signUp(server.url);
    const watcher = watchRoom(client, 'leave');
    await watcher.waitFor('members');
    const { answerId } = await client.chat.send.mutate({ room: 'leave', message: 'hello' });
    await watcher.waitFor('chunk', (c) => c.answerId === answerId);
    watcher.stop();
    const request = await waitFor(() => requestsFrom(start).find((r) => r.aborted), 3000, 'the stand-in to see an abort');
    expect(request.completed).toBe(false);
    const history = await client.chat.history.query({ room: 'leave' });
    expect(history.items.map((m) => m.direction)).toEqual(['sent']);
    client.close();
  });
});

describe('SDK calls started without stack traces', () => {
  it('captures no stack inside, restores the limit after (also after a throw)', () => {
    const before = Error.stackTraceLimit;
    const inside = withoutStackTraces(() => new Error('dropped union candidate'));
    expect(inside.stack).toBe('Error: dropped union candidate');
    expect(Error.stackTraceLimit).toBe(before);
    expect(() => withoutStackTraces(() => { throw new Error('boom'); })).toThrow('boom');
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('outside').stack!.split('\n').length).toBeGreaterThan(1);
  });

  it('still answers an invalid request with the SDK validation error, and a valid one with the stream', async () => {
    const { Mistral } = await import('@mistralai/mistralai');
    const client = new Mistral({ apiKey: 'test-key', serverURL: standIn.url });
    const invalid = withoutStackTraces(() => client.chat.stream({ model: 'primary-model', messages: [{ role: 'nobody', content: 'hi' } as never] }));
    await expect(invalid).rejects.toThrow(/Input validation failed/);
    const stream = await withoutStackTraces(() => client.chat.stream({ model: 'primary-model', messages: [{ role: 'user', content: 'hi' }] }));
    let text = '';
    for await (const event of stream) text += event.data.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
  });
});
