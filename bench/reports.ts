// npm run bench -- reports [--sessions 1000]
// Ends N chat sessions at once and times until every HR report exists, with the Mistral
// stand-in answering report requests in 50 ms; chat first-chunk latency before and during.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { startChildServer } from '../tests/support/child-server.js';
import { runTs, startTs } from './lib/processes.js';
import { seedUsers } from './lib/seed.js';
import { fixed, printTable } from './lib/stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function runReportsBench(options: { sessions: number; concurrency: number }): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reports-'));
  const tokens = await seedUsers(dataDir, options.sessions, { prefix: 'report_bench', room: 'bench' });
  const standIn = await startTs(path.join(here, 'chat/stand-in-process.ts'), [], { STAND_IN_JSON_DELAY_MS: '50' });
  const server = await startChildServer({
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    SUMMARIES_DIR: path.join(dataDir, 'summaries'),
    MISTRAL_API_KEY: 'bench',
    MISTRAL_SERVER_URL: standIn.ready.url,
    REPORT_POLL_MS: '100',
    REPORT_CONCURRENCY: String(options.concurrency),
  }).catch(async (error) => {
    await standIn.stop();
    throw error;
  });
  const db = new SqliteDatabase(path.join(dataDir, 'hr-assistant.sqlite'), { readonly: true });
  try {
    const chatProbe = (seconds: number) => runTs(path.join(here, 'chat/load.ts'), ['trpc', server.url, '10', String(seconds)]);
    const baseline = await chatProbe(5);

    const started = performance.now();
    const during = chatProbe(8);
    await Promise.all(
      tokens.map((token) =>
        fetch(`${server.url}/trpc/chat.end`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ json: { room: 'bench' } }),
        }).then((r) => r.arrayBuffer()),
      ),
    );
    const endedAfter = performance.now() - started;
    const count = () => (db.prepare('select count(*) as n from reports').get() as { n: number }).n;
    while (count() < options.sessions) {
      if (performance.now() - started > 300_000) throw new Error(`only ${count()} reports after 5 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const allDone = (performance.now() - started) / 1000;
    const duringResult = await during;
    const files = fs.readdirSync(path.join(dataDir, 'summaries')).filter((f) => f.endsWith('.json')).length;

    console.log(
      `${options.sessions} sessions ended in ${fixed(endedAfter, 0)} ms; all ${count()} reports (${files} files) after ${fixed(allDone, 2)} s ` +
        `= ${fixed(options.sessions / allDone)} reports/s (concurrency ${options.concurrency}, model 50 ms)`,
    );
    printTable(
      [
        ['before', baseline],
        ['during', duringResult],
      ].map(([phase, r]: any) => ({
        'chat (10 clients)': phase,
        'answers/s': fixed(r.answersPerSec),
        'first chunk p50 ms': fixed(r.firstChunkP50),
        'first chunk p99 ms': fixed(r.firstChunkP99),
      })),
    );
  } finally {
    db.close();
    await server.stop();
    await standIn.stop();
  }
}
