// npm run bench -- chat-scale [--clients 200] [--seconds 10]
// The chat load on PostgreSQL + Redis, against one instance and then two (clients spread
// over both), with the Mistral stand-in streaming 20 chunks; prints the scaling ratio.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendEnv } from '../tests/support/backend.js';
import { startChildServer, type ChildServer } from '../tests/support/child-server.js';
import { tempDir } from '../tests/support/server.js';
import { runTs, sampleRss, startTs } from './lib/processes.js';
import { fixed, mb, printTable } from './lib/stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function runChatScaleBench(options: { clients: number; seconds: number }): Promise<void> {
  process.env.TEST_BACKEND = 'postgres-redis';
  const standIn = await startTs(path.join(here, 'chat/stand-in-process.ts'), [], { STAND_IN_CHUNKS: '20' });
  const rows: Array<Record<string, string | number>> = [];
  try {
    for (const instances of [1, 2]) {
      const dataDir = tempDir('bench-scale-');
      const env = {
        ...(await backendEnv(dataDir)),
        NODE_ENV: 'production',
        DATA_DIR: dataDir,
        SUMMARIES_DIR: path.join(dataDir, 'summaries'),
        MISTRAL_API_KEY: 'bench',
        MISTRAL_SERVER_URL: standIn.ready.url,
        DATABASE_POOL_SIZE: '10',
      };
      const servers: ChildServer[] = [];
      for (let i = 0; i < instances; i++) servers.push(await startChildServer(env));
      const samplers = servers.map((s) => sampleRss(s.process.pid!));
      try {
        const result = await runTs(path.join(here, 'chat/load.ts'), [
          'trpc',
          servers.map((s) => s.url).join(','),
          String(options.clients),
          String(options.seconds),
        ]);
        const peak = samplers.map((s) => s.stop().peak).reduce((a, b) => a + b, 0);
        rows.push({
          instances,
          clients: options.clients,
          'answers/s': fixed(result.answersPerSec),
          'chunks/s': fixed(result.chunksPerSec, 0),
          'first chunk p50 ms': fixed(result.firstChunkP50),
          'first chunk p99 ms': fixed(result.firstChunkP99),
          'peak RSS (sum)': mb(peak),
          failures: result.failures,
        });
      } finally {
        for (const sampler of samplers) sampler.stop();
        await Promise.all(servers.map((s) => s.stop()));
      }
    }
  } finally {
    await standIn.stop();
  }
  printTable(rows);
  const ratio = Number(rows[1]!['chunks/s']) / Number(rows[0]!['chunks/s']);
  console.log(`two instances vs one: ${ratio.toFixed(2)}× the chunks/s (2 cores shared by both instances, the stand-in and the load generator)`);
}
