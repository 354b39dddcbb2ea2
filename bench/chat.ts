// npm run bench -- chat [--clients 50,200] [--seconds 10] [--modes relay,sdk-relay,sdk-relay-node,trpc,trpc-client,legacy] [--room-size 200,10] [--pause-ms 0] [--repeat 1]
// The server (and the relay) against the Mistral stand-in streaming 20 chunks with no delay.
// --repeat N: N rounds of every run in turn, ratios taken within each round, medians reported.
// --room-size: clients per room, one run per size (200 at 200 clients: all in one room; 10: 20 rooms);
// without it clients are spread over 20 rooms. --pause-ms: each client's pause between questions.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain ES module script without types
import { buildServer } from '../scripts/build-server.mjs';
import { cpuMs, freePort, runTs, sampleRss, startTs, stopChild, waitForHttp } from './lib/processes.js';
import { fixed, mb, percentile, printTable } from './lib/stats.js';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

export interface ChatBenchOptions {
  clients: number[];
  seconds: number;
  modes: string[];
  /** Clients per room, one run of the server modes per size; 0: spread over 20 rooms. */
  roomSizes: number[];
  pauseMs: number;
  /** Rounds of every run, in turn. */
  repeat: number;
}

// BENCH_CPU_PROF=<dir> writes V8 CPU profiles of the server and the relays, for finding hot paths.
const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

async function startServer(standInUrl: string) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-chat-'));
  // The server as `npm start` serves it: built into dist/ (by runChatBench).
  const child = spawn(process.execPath, [...profile, path.join(root, 'dist/src/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SUMMARIES_DIR: path.join(dataDir, 'summaries'),
      LOG_LEVEL: 'warn',
      MISTRAL_API_KEY: 'bench',
      MISTRAL_SERVER_URL: standInUrl,
      RATE_LIMIT_REGISTER_PER_HOUR: '100000',
      RATE_LIMIT_CHAT_PER_MINUTE: '100000',
      // Every client connects from 127.0.0.1 at once.
      MAX_UNAUTHENTICATED_SOCKETS_PER_IP: '100000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`);
  return { url, child, stop: () => stopChild(child) };
}

type Row = Record<string, string | number>;
const median = (values: number[]) => percentile(values, 50);

export async function runChatBench(options: ChatBenchOptions): Promise<void> {
  await buildServer();
  const standIn = await startTs(path.join(here, 'chat/stand-in-process.ts'), [], { STAND_IN_CHUNKS: '20' });
  const rows: Row[] = [];
  try {
    const runs = options.clients.flatMap((clients) =>
      options.modes.flatMap((mode) => {
        // The relays have no rooms: one run per client count.
        const isRelay = mode === 'relay' || mode.startsWith('sdk-relay');
        return (isRelay ? [0] : options.roomSizes).map((roomSize) => ({ clients, mode, isRelay, roomSize }));
      }),
    );
    // Rounds of every run in turn: a server run is compared with the relay runs of its own round,
    // so a machine whose speed drifts (shared cores) shifts both sides of a ratio alike. Every
    // other round runs them in reverse order: in one order the later runs came out faster in
    // most rounds, which would favour whatever runs last (the server, and 20 rooms over one).
    for (let round = 1; round <= options.repeat; round++) {
      for (const { clients, mode, isRelay, roomSize } of round % 2 === 1 ? runs : [...runs].reverse()) {
        rows.push({ round, ...(await runOnce({ url: standIn.ready.url, pid: standIn.process.pid! }, options, { clients, mode, isRelay, roomSize })) });
        console.log(`  done: round ${round}, ${mode} at ${clients} clients${isRelay ? '' : `, ${rows.at(-1)!.rooms} rooms`}`);
      }
    }
  } finally {
    await standIn.stop();
  }
  printTable(rows);
  if (options.repeat > 1) {
    console.log('\nMedians over the rounds:');
    printTable(medians(rows));
  }
  summarise(rows, options);
}

async function runOnce(standIn: { url: string; pid: number }, options: ChatBenchOptions, run: { clients: number; mode: string; isRelay: boolean; roomSize: number }): Promise<Row> {
  const { clients, mode, isRelay, roomSize } = run;
  const { url: standInUrl, pid: standInPid } = standIn;
  const target = isRelay
    ? await startTs(
        path.join(here, 'chat/relay-process.ts'),
        [],
        {
          STAND_IN_URL: standInUrl,
          RELAY_CLIENT: mode === 'relay' ? 'http' : 'sdk',
          // sdk-relay-node: the SDK with the server's own fetcher (MISTRAL_HTTP_CLIENT=node);
          // sdk-relay-context: that, sending the server's prompt and conversation as well.
          RELAY_FETCHER: mode === 'sdk-relay' ? 'default' : 'node-http',
          RELAY_CONTEXT: mode === 'sdk-relay-context' ? 'server' : 'none',
        },
        profile,
      )
    : await startServer(standInUrl);
  const pid = 'process' in target ? target.process.pid! : target.child.pid!;
  const url = 'ready' in target ? target.ready.url : target.url;
  const rss = sampleRss(pid);
  try {
    const loadMode = isRelay ? 'relay' : mode;
    const load = [loadMode, url, String(clients), String(options.seconds), String(roomSize), String(options.pauseMs)];
    // CPU while the clients ask, per answer: the server (or relay), the stand-in and the load generator share the cores.
    let cpuAtAsking = { target: 0, standIn: 0 };
    const result = await runTs(path.join(here, 'chat/load.ts'), load, {}, (line) => {
      if (line === 'ASKING') cpuAtAsking = { target: cpuMs(pid), standIn: cpuMs(standInPid) };
    });
    const answers = result.answersPerSec * result.seconds;
    const perAnswer = (ms: number) => fixed(ms / Math.max(1, answers), 2);
    const memory = rss.stop();
    return {
      mode,
      clients,
      rooms: isRelay ? '-' : result.rooms,
      'load (1 min)': os.loadavg()[0]!.toFixed(2),
      'answers/s': fixed(result.answersPerSec),
      'chunks/s': fixed(result.chunksPerSec, 0),
      'first chunk p50 ms': fixed(result.firstChunkP50),
      'first chunk p99 ms': fixed(result.firstChunkP99),
      'peak RSS': mb(memory.peak),
      'CPU ms/answer: server': perAnswer(cpuMs(pid) - cpuAtAsking.target),
      'stand-in': perAnswer(cpuMs(standInPid) - cpuAtAsking.standIn),
      'load gen': perAnswer(result.clientCpuMs),
      failures: result.failures,
    };
  } finally {
    rss.stop();
    await target.stop();
  }
}

const sameRun = (a: Row, b: Row) => a.mode === b.mode && a.clients === b.clients && a.rooms === b.rooms;

/** One row per run with the median of each figure over the rounds. */
function medians(rows: Row[]): Row[] {
  const firsts = rows.filter((row) => row.round === 1);
  return firsts.map((first) => {
    const all = rows.filter((row) => sameRun(row, first));
    const med = (key: string, digits = 1) => fixed(median(all.map((row) => parseFloat(String(row[key])))), digits);
    return {
      mode: first.mode!,
      clients: first.clients!,
      rooms: first.rooms!,
      'answers/s': med('answers/s'),
      'chunks/s': med('chunks/s', 0),
      'first chunk p50 ms': med('first chunk p50 ms'),
      'first chunk p99 ms': med('first chunk p99 ms'),
      'peak RSS': `${med('peak RSS', 0)} MB`,
      'CPU ms/answer: server': med('CPU ms/answer: server', 2),
      'stand-in': med('stand-in', 2),
      'load gen': med('load gen', 2),
      failures: all.reduce((n, row) => n + Number(row.failures), 0),
    };
  });
}

/** The targets: each ratio per round, then its median (and range) over the rounds. */
function summarise(rows: Row[], options: ChatBenchOptions): void {
  const ratioLine = (values: number[], unit: (v: number) => string) =>
    values.length === 1 ? unit(values[0]!) : `${unit(median(values))} (median of ${values.length} rounds; ${unit(Math.min(...values))}–${unit(Math.max(...values))})`;
  const percent = (v: number) => `${(v * 100).toFixed(0)}%`;
  const times = (v: number) => `${v.toFixed(2)}×`;
  for (const clients of options.clients) {
    // Each round's answers/s of these rows against the relay mode's run of the same round.
    const ratiosTo = (runRows: Row[], relayMode: string) =>
      runRows.flatMap((r) => {
        const relay = rows.find((x) => x.round === r.round && x.mode === relayMode && x.clients === clients);
        return relay ? [Number(r['answers/s']) / Number(relay['answers/s'])] : [];
      });
    // A relay that does nothing but the server's SDK requests: no server sending them can do more.
    const ceiling = ratiosTo(rows.filter((r) => r.mode === 'sdk-relay-context' && r.clients === clients), 'sdk-relay');
    if (ceiling.length > 0) console.log(`sdk-relay-context at ${clients} clients: ${ratioLine(ceiling, percent)} of the SDK relay's answers/s (the ceiling for a server sending the same requests)`);
    const servers = rows.filter((r) => r.round === 1 && r.clients === clients && r.rooms !== '-');
    for (const server of servers) {
      const where = `${server.mode} at ${clients} clients in ${server.rooms} room(s)`;
      const perRound = (relayMode: string) => ratiosTo(rows.filter((r) => sameRun(r, server)), relayMode);
      const sdk = perRound('sdk-relay');
      if (sdk.length > 0) console.log(`${where}: ${ratioLine(sdk, percent)} of the SDK relay's answers/s (target ≥ 75%)`);
      const sdkNode = perRound('sdk-relay-node');
      if (sdkNode.length > 0) console.log(`${where}: ${ratioLine(sdkNode, percent)} of the SDK relay's on the same fetcher`);
      const sdkContext = perRound('sdk-relay-context');
      if (sdkContext.length > 0) console.log(`${where}: ${ratioLine(sdkContext, percent)} of the SDK relay's sending the server's requests (prompt, conversation, fetcher)`);
      // One room against many, same mode and clients: does a chunk cost more in a big room?
      const spread = servers.find((r) => r.mode === server.mode && Number(r.rooms) > Number(server.rooms));
      if (Number(server.rooms) === 1 && spread) {
        const p99 = rows
          .filter((r) => sameRun(r, server))
          .flatMap((r) => {
            const other = rows.find((x) => x.round === r.round && sameRun(x, spread));
            return other ? [Number(r['first chunk p99 ms']) / Number(other['first chunk p99 ms'])] : [];
          });
        console.log(`${where}: first-chunk p99 ${ratioLine(p99, times)} that in ${spread.rooms} rooms (target ≤ 1.2×)`);
      }
    }
  }
}
