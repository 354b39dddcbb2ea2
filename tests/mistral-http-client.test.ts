import { Mistral } from '@mistralai/mistralai';
import { HTTPClient } from '@mistralai/mistralai/lib/http.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CALLER_SIGNAL_HEADER, withCallerSignal } from '../src/assistant/caller-signal.js';
import { bodyStream, createFetchFetcher, createNodeHttpFetcher } from '../src/assistant/node-http-fetcher.js';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { signUp, startServer, waitFor } from './support/server.js';
import { watchRoom } from './support/room.js';

/** What the stand-in answers unless told otherwise. */
const DEFAULT_ANSWER = 'Thank you for telling me. What happened?';
let standIn: MistralStandIn;
beforeAll(async () => {
  standIn = await MistralStandIn.start();
});
afterAll(() => standIn.close());

const clients = {
  node: (serverURL: string) => new Mistral({ apiKey: 'k', serverURL, httpClient: new HTTPClient({ fetcher: createNodeHttpFetcher() }) }),
  fetch: (serverURL: string) => new Mistral({ apiKey: 'k', serverURL, httpClient: new HTTPClient({ fetcher: createFetchFetcher() }) }),
};

/** A full garbage collection, as one can happen at any time in a busy server. */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
const noRetries = { retries: { strategy: 'none' as const } };

// Every case runs on both: the SDK's default `fetch` is the reference the node fetcher must match.
describe.each(Object.entries(clients))('the Mistral SDK over %s', (_name, create) => {
  it('streams each delta as it arrives, not when the answer is complete', async () => {
    standIn.queue({ chunks: ['one ', 'two ', 'three'], delayMs: 150 });
    const stream = await create(standIn.url).chat.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, noRetries);
    const request = standIn.requests.at(-1)!;
    const texts: string[] = [];
    let completedAtFirstDelta: boolean | null = null;
    for await (const event of stream) {
      const content = event.data.choices[0]?.delta.content;
      if (typeof content === 'string' && content) {
        completedAtFirstDelta ??= request.completed;
        texts.push(content);
      }
    }
    expect(texts.join('')).toBe('one two three');
    expect(completedAtFirstDelta).toBe(false);
  });

  it('sends the request as the SDK built it (body, key, headers) and answers JSON requests', async () => {
    const response = await create(standIn.url).chat.complete({ model: 'json-model', messages: [{ role: 'user', content: 'ünïcode ✓' }] }, noRetries);
    const request = standIn.requests.at(-1)!;
    expect(request).toMatchObject({ model: 'json-model', stream: false, authorization: 'Bearer k' });
    expect(request.body.messages).toEqual([{ role: 'user', content: 'ünïcode ✓' }]);
    expect(response.choices?.[0]?.message?.content).toBe(DEFAULT_ANSWER);
  });

  it('keeps connections alive between requests', async () => {
    const client = create(standIn.url);
    const before = standIn.connections;
    for (let i = 0; i < 5; i++) await client.chat.complete({ model: 'm', messages: [{ role: 'user', content: `q${i}` }] }, noRetries);
    expect(standIn.connections - before).toBeLessThanOrEqual(1);
  });

  it('closes the connection when the caller aborts mid-stream', async () => {
    standIn.queue({ chunks: 50, delayMs: 40 });
    const controller = new AbortController();
    const stream = await create(standIn.url).chat.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { ...noRetries, signal: controller.signal });
    const request = standIn.requests.at(-1)!;
    let seen = 0;
    await expect(
      (async () => {
        for await (const _event of stream) if (++seen === 3) controller.abort();
      })(),
    ).rejects.toThrow();
    await waitFor(() => request.aborted, 2000, 'the stand-in to see the request closed');
    expect(request.completed).toBe(false);
  });

  it('reports an error status with its status code, and retries it when told to', async () => {
    standIn.queue({ status: 503 });
    await expect(create(standIn.url).chat.complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, noRetries)).rejects.toMatchObject({ statusCode: 503 });
    standIn.queue({ status: 429 });
    const retried = await create(standIn.url).chat.complete(
      { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
      { retries: { strategy: 'backoff', backoff: { initialInterval: 10, maxInterval: 20, exponent: 1, maxElapsedTime: 2000 }, retryConnectionErrors: true } },
    );
    expect(retried.choices?.[0]?.message?.content).toBe(DEFAULT_ANSWER);
  });

  it('fails a refused connection as a connection error, and a stream cut short as an error of the stream', async () => {
    // Port 9 (discard) has no listener here: the connection is refused.
    await expect(create('http://127.0.0.1:9').chat.complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, noRetries)).rejects.toMatchObject({
      name: 'ConnectionError',
    });
    standIn.queue({ chunks: 10, cutAfter: 2 });
    const stream = await create(standIn.url).chat.stream({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, noRetries);
    await expect(
      (async () => {
        for await (const _event of stream);
      })(),
    ).rejects.toThrow();
  });

  it('aborts a request with the caller signal even after a garbage collection (on Node 20 the signal of the request the SDK builds is lost)', async () => {
    for (const call of ['complete', 'stream'] as const) {
      standIn.queue({ hang: true });
      const controller = new AbortController();
      const client = create(standIn.url);
      const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
      const pending = withCallerSignal<unknown>(controller.signal, (options) =>
        call === 'complete' ? client.chat.complete(request, { ...noRetries, ...options }) : client.chat.stream(request, { ...noRetries, ...options }),
      );
      await waitFor(() => standIn.requests.at(-1)?.aborted === false && standIn.requests.length > 0, 2000, 'the request to arrive');
      const recorded = standIn.requests.at(-1)!;
      // The header naming the caller's signal is the fetcher's own: Mistral never sees it.
      expect(recorded.headerNames).not.toContain(CALLER_SIGNAL_HEADER);
      for (let i = 0; i < 3; i++) {
        collectGarbage();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      controller.abort();
      const outcome = await Promise.race([pending.then(() => 'answered', () => 'aborted'), new Promise((resolve) => setTimeout(() => resolve('hung'), 2000))]);
      expect(outcome).toBe('aborted');
      await waitFor(() => recorded.aborted, 2000, 'the stand-in to see the request closed');
    }
  });

  it('times out a request that gets no answer', async () => {
    standIn.queue({ hang: true });
    await expect(create(standIn.url).chat.complete({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, { ...noRetries, timeoutMs: 300 })).rejects.toMatchObject({
      name: 'RequestTimeoutError',
    });
  });
});

describe('MISTRAL_HTTP_CLIENT', () => {
  it('fetch: the server answers through the SDK default fetch as well', async () => {
    const server = await startServer({ MISTRAL_API_KEY: 'k', MISTRAL_SERVER_URL: standIn.url, MISTRAL_HTTP_CLIENT: 'fetch' });
    try {
      standIn.script = () => ({ chunks: ['Over ', 'fetch.'] });
      const { client } = await signUp(server.url);
      const watcher = watchRoom(client, 'fetch-room');
      await watcher.waitFor('members');
      const { answerId } = await client.chat.send.mutate({ room: 'fetch-room', message: 'hello' });
      const done = await waitFor(() => watcher.events.map((e) => e.data).find((e) => e.type === 'done' && e.answerId === answerId), 10_000, 'the answer');
      expect(done).toMatchObject({ text: 'Over fetch.', source: expect.stringMatching(/^mistral:/) });
      watcher.stop();
      client.close();
    } finally {
      await server.close();
    }
  });

  it('refuses any other value at start-up, naming the variable', async () => {
    await expect(startServer({ MISTRAL_HTTP_CLIENT: 'curl' })).rejects.toThrow(/MISTRAL_HTTP_CLIENT/);
  });
});

describe('the Node HTTP fetcher', () => {
  // Seen in a server: the SDK cancelled the body at [DONE], then the response's queued `end`
  // closed the closed stream, and that throw, in an event listener, ended the process.
  it('ignores what the response does after its reader cancelled or it failed', async () => {
    for (const late of ['end', 'error', 'aborted', 'data'] as const) {
      const incoming = new EventEmitter() as EventEmitter & { pause(): void; resume(): void; destroy(): void };
      Object.assign(incoming, { pause() {}, resume() {}, destroy() {} });
      const body = bodyStream(incoming as unknown as IncomingMessage, new AbortController().signal);
      const reader = body.getReader();
      incoming.emit('data', Buffer.from('data: [DONE]\n\n'));
      expect(new TextDecoder().decode((await reader.read()).value)).toBe('data: [DONE]\n\n');
      await reader.cancel();
      expect(() => incoming.emit(late, late === 'data' ? Buffer.from('more') : late === 'error' ? new Error('reset') : undefined)).not.toThrow();
    }
    // An error, then an end: the reader sees the error, and the end changes nothing.
    const incoming = new EventEmitter() as EventEmitter & { pause(): void; resume(): void; destroy(): void };
    Object.assign(incoming, { pause() {}, resume() {}, destroy() {} });
    const reader = bodyStream(incoming as unknown as IncomingMessage, new AbortController().signal).getReader();
    incoming.emit('aborted');
    expect(() => incoming.emit('end')).not.toThrow();
    await expect(reader.read()).rejects.toThrow('terminated');
  });
});
