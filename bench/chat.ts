// npm run bench -- chat [--clients 50,200] [--seconds 10] [--modes trpc,relay,legacy]
// The server (and the relay) against the Mistral stand-in streaming 20 chunks with no delay.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
}

async function startServer(standInUrl: string) {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-chat-'));
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server, for finding hot paths.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(root, 'src/main.ts')], {
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
  const standIn = await startTs(path.join(here, 'chat/stand-in-process.ts'), [], { STAND_IN_CHUNKS: '20' });
  const rows: Array<Record<string, string | number>> = [];
  try {
    for (const clients of options.clients) {
      for (const mode of options.modes) {
        const isRelay = mode === 'relay' || mode === 'sdk-relay';
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
          const result = await runTs(path.join(here, 'chat/load.ts'), [loadMode, url, String(clients), String(options.seconds)]);
          const memory = rss.stop();
          rows.push({
            mode,
            clients,
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
        console.log(`  done: ${mode} at ${clients} clients`);
      }
    }
  } finally {
    await standIn.stop();
  }
  printTable(rows);
  for (const clients of options.clients) {
    const relay = rows.find((r) => r.mode === 'relay' && r.clients === clients);
    if (!relay) continue;
    for (const row of rows.filter((r) => r.clients === clients && r.mode !== 'relay' && r.mode !== 'sdk-relay')) {
      const chunkRatio = Number(row['chunks/s']) / Number(relay['chunks/s']);
      const p99Ratio = Number(row['first chunk p99 ms']) / Number(relay['first chunk p99 ms']);
      console.log(
        `${row.mode} at ${clients} clients: ${(chunkRatio * 100).toFixed(0)}% of the relay's chunks/s (target ≥ 60%), ` +
          `first-chunk p99 ${p99Ratio.toFixed(2)}× the relay's (target ≤ 1.5×)`,
      );
      const sdkRelay = rows.find((r) => r.mode === 'sdk-relay' && r.clients === clients);
      if (sdkRelay) {
        const sdkRatio = Number(row['chunks/s']) / Number(sdkRelay['chunks/s']);
        console.log(`${row.mode} at ${clients} clients: ${(sdkRatio * 100).toFixed(0)}% of the SDK relay's chunks/s`);
      }
    }
  }
}
