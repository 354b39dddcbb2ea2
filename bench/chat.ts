// npm run bench -- chat [--clients 50,200] [--seconds 10] [--modes trpc,relay,legacy] [--room-size 200,10] [--pause-ms 0]
// The server (and the relay) against the Mistral stand-in streaming 20 chunks with no delay.
// --room-size: clients per room, one run per size (200 at 200 clients: all in one room; 10: 20 rooms);
// without it clients are spread over 20 rooms. --pause-ms: each client's pause between questions.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain ES module script without types
import { buildServer } from '../scripts/build-server.mjs';
import { freePort, runTs, sampleRss, startTs, stopChild, waitForHttp } from './lib/processes.js';
import { fixed, mb, printTable } from './lib/stats.js';
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
}

async function startServer(standInUrl: string) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-chat-'));
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server, for finding hot paths.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
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
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`);
  return { url, child, stop: () => stopChild(child) };
}

export async function runChatBench(options: ChatBenchOptions): Promise<void> {
  await buildServer();
  const standIn = await startTs(path.join(here, 'chat/stand-in-process.ts'), [], { STAND_IN_CHUNKS: '20' });
  const rows: Array<Record<string, string | number>> = [];
  try {
    const runs = options.clients.flatMap((clients) =>
      options.modes.flatMap((mode) => {
        // The relays have no rooms: one run per client count.
        const isRelay = mode === 'relay' || mode === 'sdk-relay';
        return (isRelay ? [0] : options.roomSizes).map((roomSize) => ({ clients, mode, isRelay, roomSize }));
      }),
    );
    for (const { clients, mode, isRelay, roomSize } of runs) {
      const target = isRelay
        ? await startTs(path.join(here, 'chat/relay-process.ts'), [], {
            STAND_IN_URL: standIn.ready.url,
            RELAY_CLIENT: mode === 'sdk-relay' ? 'sdk' : 'http',
          })
        : await startServer(standIn.ready.url);
      const pid = 'process' in target ? target.process.pid! : target.child.pid!;
      const url = 'ready' in target ? target.ready.url : target.url;
      const rss = sampleRss(pid);
      try {
        const loadMode = isRelay ? 'relay' : mode;
        const load = [loadMode, url, String(clients), String(options.seconds), String(roomSize), String(options.pauseMs)];
        const result = await runTs(path.join(here, 'chat/load.ts'), load);
        const memory = rss.stop();
        rows.push({
          mode,
          clients,
          rooms: isRelay ? '-' : result.rooms,
          'load (1 min)': os.loadavg()[0]!.toFixed(2),
          'answers/s': fixed(result.answersPerSec),
          'chunks/s': fixed(result.chunksPerSec, 0),
          'first chunk p50 ms': fixed(result.firstChunkP50),
          'first chunk p99 ms': fixed(result.firstChunkP99),
          'peak RSS': mb(memory.peak),
          failures: result.failures,
        });
      } finally {
        rss.stop();
        await target.stop();
      }
      console.log(`  done: ${mode} at ${clients} clients${isRelay ? '' : `, ${rows.at(-1)!.rooms} rooms`}`);
    }
  } finally {
    await standIn.stop();
  }
  printTable(rows);
  for (const clients of options.clients) {
    const sdkRelay = rows.find((r) => r.mode === 'sdk-relay' && r.clients === clients);
    const servers = rows.filter((r) => r.clients === clients && r.rooms !== '-');
    for (const row of servers) {
      const where = `${row.mode} at ${clients} clients in ${row.rooms} room(s)`;
      if (sdkRelay) {
        const ratio = Number(row['answers/s']) / Number(sdkRelay['answers/s']);
        console.log(`${where}: ${(ratio * 100).toFixed(0)}% of the SDK relay's answers/s (target ≥ 75%)`);
      }
      // One room against many, same mode and clients: does a chunk cost more in a big room?
      const spread = servers.find((r) => r.mode === row.mode && Number(r.rooms) > Number(row.rooms));
      if (Number(row.rooms) === 1 && spread) {
        const ratio = Number(row['first chunk p99 ms']) / Number(spread['first chunk p99 ms']);
        console.log(`${where}: first-chunk p99 ${ratio.toFixed(2)}× that in ${spread.rooms} rooms (target ≤ 1.2×)`);
      }
    }
  }
}
