// Load generator (own process): N WebSocket clients, each asking in a loop for a fixed time.
//   node --import tsx bench/chat/load.ts <trpc|trpc-client|relay|legacy> <url[,url…]> <clients> <seconds> [roomSize] [pauseMs]
// trpc: raw `ws` clients speaking tRPC's WebSocket protocol (as the soak's do), as light as the
// relay's and legacy's clients, so that the server is what is measured on a shared machine;
// trpc-client: the official @trpc/client with superjson, as an application would use it.
// With several server URLs (instances of one deployment) clients are spread round-robin.
// roomSize: clients per room (0: spread over 20 rooms); pauseMs: each client's pause between questions.
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import type { AppRouter } from '../../src/trpc/root.js';
import { percentile } from '../lib/stats.js';

const [mode, url, clientsArg, secondsArg, roomSizeArg, pauseArg] = process.argv.slice(2) as [string, string, string, string, string?, string?];
const clients = Number(clientsArg);
const seconds = Number(secondsArg);
const roomSize = Number(roomSizeArg ?? 0);
const pauseMs = Number(pauseArg ?? 0);
const roomOf = (index: number) => (roomSize > 0 ? Math.floor(index / roomSize) : index % 20);
const QUESTION = 'I have been working late every day and feel exhausted';

interface Asker {
  /** Asks once; resolves when the answer is complete, with the first chunk's latency in ms. */
  ask(): Promise<{ firstChunkMs: number; chunks: number; ok: boolean }>;
  close(): void;
}

async function registerUsers(httpUrl: string, count: number): Promise<Array<{ token: string; username: string }>> {
  const accounts: Array<{ token: string; username: string }> = [];
  const stamp = `${process.pid}${Date.now().toString(36)}`;
  for (let start = 0; start < count; start += 20) {
    const batch = Array.from({ length: Math.min(20, count - start) }, async (_, i) => {
      const username = `bench${stamp}_${start + i}`;
      const response = await fetch(`${httpUrl}/trpc/auth.register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { username, password: 'bench-password' } }),
      });
      const body = (await response.json()) as { result: { data: { json: { token: string } } } };
      return { token: body.result.data.json.token, username };
    });
    accounts.push(...(await Promise.all(batch)));
  }
  return accounts;
}

function pending() {
  let start = 0;
  let firstChunkMs = NaN;
  let chunks = 0;
  let finish: (ok: boolean) => void = () => {};
  return {
    begin() {
      start = performance.now();
      firstChunkMs = NaN;
      chunks = 0;
      return new Promise<{ firstChunkMs: number; chunks: number; ok: boolean }>((resolve) => {
        finish = (ok) => resolve({ firstChunkMs, chunks, ok });
      });
    },
    chunk() {
      if (chunks++ === 0) firstChunkMs = performance.now() - start;
    },
    end: (ok: boolean) => finish(ok),
  };
}

async function trpcAsker(httpUrl: string, token: string, index: number): Promise<Asker> {
  const wsClient = createWSClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/trpc`,
    connectionParams: { token },
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
  const room = `bench-${roomOf(index)}`;
  const state = pending();
  let joined!: () => void;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  const subscription = client.chat.join.subscribe(
    { room },
    {
      onData: ({ data }) => {
        if (data.type === 'members') joined();
        else if (data.type === 'chunk') state.chunk();
        else if (data.type === 'done') state.end(true);
        else if (data.type === 'error') state.end(false);
      },
    },
  );
  await ready;
  return {
    async ask() {
      const result = state.begin();
      await client.chat.send.mutate({ room, message: QUESTION });
      return result;
    },
    close() {
      subscription.unsubscribe();
      wsClient.close();
    },
  };
}

/** tRPC's WebSocket protocol by hand: connection params, one `chat.join`, a `chat.send` per question. */
async function trpcWireAsker(httpUrl: string, token: string, index: number): Promise<Asker> {
  const socket = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/trpc?connectionParams=1`);
  const room = `bench-${roomOf(index)}`;
  const state = pending();
  let joined!: () => void;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  let nextId = 2;
  socket.on('message', (data) => {
    const text = String(data);
    if (text === 'PING') return socket.send('PONG');
    const frame = JSON.parse(text);
    if (frame.error) return state.end(false);
    if (frame.id !== 1 || frame.result?.type !== 'data') return;
    // A tracked event: superjson's { json: { id, data } }.
    const type = frame.result.data.json.data.type;
    if (type === 'members') joined();
    else if (type === 'chunk') state.chunk();
    else if (type === 'done') state.end(true);
    else if (type === 'error') state.end(false);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
  socket.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'chat.join', input: { json: { room } } } }));
  await ready;
  return {
    ask() {
      const result = state.begin();
      socket.send(JSON.stringify({ id: nextId++, method: 'mutation', params: { path: 'chat.send', input: { json: { room, message: QUESTION } } } }));
      return result;
    },
    close: () => socket.close(),
  };
}

async function rawAsker(socketUrl: string, frames: { open?: object; ask: object }, kind: 'relay' | 'legacy'): Promise<Asker> {
  const socket = new WebSocket(socketUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const state = pending();
  let confirmed!: () => void;
  const ready = new Promise<void>((resolve) => (confirmed = resolve));
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data));
    if (kind === 'relay') {
      if (frame.type === 'chunk') state.chunk();
      else if (frame.type === 'done') state.end(true);
    } else {
      if (frame.type === 'connection_confirmed') confirmed();
      else if (frame.type === 'chatbot_stream') state.chunk();
      else if (frame.type === 'chatbot_response') state.end(true);
      else if (frame.type === 'error') state.end(false);
    }
  });
  if (frames.open) {
    socket.send(JSON.stringify(frames.open));
    await ready;
  }
  return {
    ask() {
      const result = state.begin();
      socket.send(JSON.stringify(frames.ask));
      return result;
    },
    close: () => socket.close(),
  };
}

async function createAskers(): Promise<Asker[]> {
  if (mode === 'relay') {
    return Promise.all(Array.from({ length: clients }, () => rawAsker(url, { ask: { message: QUESTION } }, 'relay')));
  }
  const urls = url.split(',');
  const accounts = await registerUsers(urls[0]!, clients);
  const urlFor = (i: number) => urls[i % urls.length]!;
  if (mode === 'trpc') return Promise.all(accounts.map(({ token }, i) => trpcWireAsker(urlFor(i), token, i)));
  if (mode === 'trpc-client') return Promise.all(accounts.map(({ token }, i) => trpcAsker(urlFor(i), token, i)));
  return Promise.all(
    accounts.map(({ token, username }, i) =>
      rawAsker(
        `${urlFor(i).replace(/^http/, 'ws')}/ws/chat/bench_${roomOf(i)}/?token=${token}`,
        { open: { type: 'connection', username }, ask: { type: 'chatbot_query', message: QUESTION, username } },
        'legacy',
      ),
    ),
  );
}

const askers = await createAskers();
// The runner measures the server's CPU from here on: the askers are connected and signed in.
process.stdout.write('ASKING\n');
const cpuAtStart = process.cpuUsage();
const latencies: number[] = [];
let answers = 0;
let chunks = 0;
let failures = 0;
const started = performance.now();
const deadline = started + seconds * 1000;
/** Waits, but never past the end of the run. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(ms, deadline - performance.now()))));
await Promise.all(
  askers.map(async (asker) => {
    if (pauseMs > 0) await pause(pauseMs * Math.random());
    while (performance.now() < deadline) {
      const result = await asker.ask();
      if (performance.now() > deadline) break;
      chunks += result.chunks;
      if (!result.ok) {
        failures++;
        continue;
      }
      answers++;
      latencies.push(result.firstChunkMs);
      if (pauseMs > 0) await pause(pauseMs * (0.5 + Math.random()));
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
for (const asker of askers) asker.close();
process.stdout.write(
  `RESULT ${JSON.stringify({
    mode,
    clients,
    rooms: mode === 'relay' ? 0 : new Set(Array.from({ length: clients }, (_, i) => roomOf(i))).size,
    seconds: elapsed,
    answersPerSec: answers / elapsed,
    chunksPerSec: chunks / elapsed,
    firstChunkP50: percentile(latencies, 50),
    firstChunkP99: percentile(latencies, 99),
    failures,
    /** This load generator's own CPU while asking (it shares the machine with the server). */
    clientCpuMs: (() => {
      const { user, system } = process.cpuUsage(cpuAtStart);
      return (user + system) / 1000;
    })(),
  })}\n`,
  () => process.exit(0), // only once the line is out: stdout is a pipe
);
