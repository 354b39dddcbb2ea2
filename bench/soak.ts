// npm run bench -- soak [--connections 10000] [--minutes 10] [--qps 20]
// Holds N authenticated `chat.join` subscriptions on one server process for a while,
// with a steady question load, sampling the server's RSS and event-loop delay. The subscriptions
// are held idle for IDLE_SECONDS first: RSS then, less the server's before any, is the idle cost.
// For digging: SOAK_NODE_FLAGS adds Node/V8 flags to the server (`--trace-gc`, say; with CHILD_LOGS=1
// its output shows), SOAK_ENV a JSON object of environment variables (`{"HEAP_HEADROOM_MB":"0"}`).
import { spawn } from 'node:child_process';
// @ts-expect-error: a plain ES module script without types
import { buildServer } from '../scripts/build-server.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startChildServer } from '../tests/support/child-server.js';
import { tempDir } from '../tests/support/server.js';
import { startTs } from './lib/processes.js';
import { seedUsers } from './lib/seed.js';
import { fixed, mb, printTable } from './lib/stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const IDLE_SECONDS = 20;

interface Sample {
  atSeconds: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** What V8 has reserved for the JS heap, and the memory outside it that V8 is told of (buffers). */
  heapTotalBytes: number;
  externalBytes: number;
  /** Chat events kept for resume (JSON bytes), bounded by CHAT_REPLAY_MAX_BYTES. */
  replayBytes: number;
  /** Reserved by each of V8's heap spaces (old, new, code, large objects…). */
  spaces: Record<string, number>;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  openSockets: number;
}

function slopePerMinute(samples: Sample[]): number {
  const n = samples.length;
  if (n < 2) return NaN;
  const xs = samples.map((s) => s.atSeconds / 60);
  const ys = samples.map((s) => s.rssBytes);
  const mx = xs.reduce((a, b) => a + b) / n;
  const my = ys.reduce((a, b) => a + b) / n;
  const num = xs.reduce((acc, x, i) => acc + (x - mx) * (ys[i]! - my), 0);
  const den = xs.reduce((acc, x) => acc + (x - mx) ** 2, 0);
  return num / den;
}

export async function runSoakBench(options: { connections: number; minutes: number; qps: number }): Promise<void> {
  const dataDir = tempDir('bench-soak-');
  const tokens = await seedUsers(dataDir, options.connections, { prefix: 'soak' });
  const tokensFile = path.join(dataDir, 'tokens.json');
  fs.writeFileSync(tokensFile, JSON.stringify(tokens));
  const standIn = await startTs(path.join(here, 'chat/stand-in-process.ts'), [], { STAND_IN_CHUNKS: '20' });
  // The server as `npm start` serves it: built into dist/, no tsx loader in the process.
  await buildServer();
  const server = await startChildServer(
    {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      SUMMARIES_DIR: path.join(dataDir, 'summaries'),
      MISTRAL_API_KEY: 'bench',
      MISTRAL_SERVER_URL: standIn.ready.url,
      METRICS_ENABLED: 'true',
      ...JSON.parse(process.env.SOAK_ENV ?? '{}'),
    },
    [...(process.env.SOAK_NODE_FLAGS ?? '').split(' ').filter(Boolean), path.resolve('dist/src/main.js')],
  );
  // The server's own account of its compacting collections (a pause each).
  const compactions: string[] = [];
  readline.createInterface({ input: server.process.stdout! }).on('line', (line) => {
    if (line.includes('compacted the JS heap')) compactions.push(line);
  });
  const metrics = async (): Promise<Omit<Sample, 'atSeconds'>> => {
    // Prometheus text: `name value` lines (prom-client's default process metrics).
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    const ms = (name: string) => value(name) * 1000;
    return {
      rssBytes: value('process_resident_memory_bytes'),
      heapUsedBytes: value('nodejs_heap_size_used_bytes'),
      heapTotalBytes: value('nodejs_heap_size_total_bytes'),
      externalBytes: value('nodejs_external_memory_bytes'),
      replayBytes: value('hr_assistant_chat_replay_bytes'),
      spaces: Object.fromEntries([...text.matchAll(/^nodejs_heap_space_size_total_bytes\{space="([^"]+)"\} (\S+)$/gm)].map((m) => [m[1]!, Number(m[2])])),
      eventLoopDelayMs: { p50: ms('nodejs_eventloop_lag_p50_seconds'), p99: ms('nodejs_eventloop_lag_p99_seconds'), max: ms('nodejs_eventloop_lag_max_seconds') },
      openSockets: value('hr_assistant_open_sockets'),
    };
  };
  try {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const baseline = await metrics();
    const clients = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'soak/clients.ts'), server.url.replace(/^http/, 'ws'), tokensFile, String(options.qps), String(options.minutes * 60), String(IDLE_SECONDS)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    clients.stdout.on('data', (chunk) => (output += chunk));
    const rampStarted = Date.now();
    while (!/^READY /m.test(output)) {
      if (clients.exitCode !== null) throw new Error(`soak clients exited: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const ready = JSON.parse(output.match(/^READY (.*)$/m)![1]!);
    console.log(`  ${ready.subscribed} subscriptions open after ${fixed((Date.now() - rampStarted) / 1000)} s (${ready.failures} failures)`);
    await new Promise((resolve) => setTimeout(resolve, (IDLE_SECONDS - 2) * 1000));
    const idle = await metrics();
    const started = Date.now();
    const samples: Sample[] = [];
    const exited = new Promise<void>((resolve) => clients.once('close', () => resolve())); // after stdout is drained
    let done = false;
    void exited.then(() => (done = true));
    while (!done) {
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 10_000)), exited]);
      if (done) break;
      samples.push({ atSeconds: (Date.now() - started) / 1000, ...(await metrics()) });
    }
    const resultLine = output.match(/^RESULT (.*)$/m);
    if (!resultLine) throw new Error(`soak clients gave no result: ${output.slice(-1000)}`);
    const result = JSON.parse(resultLine[1]!);
    const warm = samples.filter((s) => s.atSeconds >= 60);
    const steady = warm.length >= 2 ? warm : samples;
    const afterWarmUp = steady[0]!;
    const perConnection = (afterWarmUp.rssBytes - baseline.rssBytes) / ready.subscribed;
    const peak = Math.max(...samples.map((s) => s.rssBytes));
    const perSubscription = (rss: number) => `${fixed((rss - baseline.rssBytes) / ready.subscribed / 1024)} KB`;
    const p99s = samples.map((s) => s.eventLoopDelayMs.p99).sort((a, b) => a - b);
    printTable([
      {
        subscriptions: ready.subscribed,
        'load (1 min)': os.loadavg()[0]!.toFixed(2),
        minutes: options.minutes,
        'questions/s': options.qps,
        answers: result.answers,
        'RSS before subscriptions': mb(baseline.rssBytes),
        'RSS idle': mb(idle.rssBytes),
        'idle per subscription': perSubscription(idle.rssBytes),
        'RSS peak': mb(peak),
        'peak per subscription': perSubscription(peak),
        'RSS after warm-up': mb(afterWarmUp.rssBytes),
        'RSS at end': mb(samples.at(-1)!.rssBytes),
        'JS heap used at end': mb(samples.at(-1)!.heapUsedBytes),
        'RSS per connection': `${fixed(perConnection / 1024)} KB`,
        'RSS slope after warm-up': `${fixed(slopePerMinute(steady) / 1024 / 1024, 2)} MB/min`,
        'loop delay p99 (median of 10 s windows)': `${fixed(p99s[Math.floor(p99s.length / 2)]!)} ms`,
        'loop delay p99 (worst window)': `${fixed(p99s.at(-1)!)} ms`,
        // A compacting full collection (see HEAP_HEADROOM_MB) shows here as one long pause.
        'loop delay max (worst window)': `${fixed(Math.max(...samples.map((s) => s.eventLoopDelayMs.max)))} ms`,
      },
    ]);
    console.log(`  still open at the end: ${result.open}; failures: ${result.failures}`);
    // Where RSS goes: the replay buffers and conversation windows fill for CHAT_REPLAY_RETENTION_MS
    // (10 minutes by default), so the second half's slope says more about flatness than the first's.
    const byMinute = samples.filter((s, i) => i === samples.length - 1 || Math.floor(s.atSeconds / 60) !== Math.floor(samples[i + 1]!.atSeconds / 60));
    const perMinute = (bytes: (s: Sample) => number) => byMinute.map((s) => `${fixed(s.atSeconds / 60, 0)}: ${mb(bytes(s))}`).join(', ');
    console.log(`  RSS by minute: ${perMinute((s) => s.rssBytes)}`);
    console.log(`  JS heap used by minute: ${perMinute((s) => s.heapUsedBytes)}`);
    const longDelays = samples.filter((s) => s.eventLoopDelayMs.max >= 250).map((s) => `${fixed(s.atSeconds / 60, 1)} min: ${fixed(s.eventLoopDelayMs.max, 0)} ms`);
    console.log(`  loop delays of 250 ms or more (10 s windows): ${longDelays.join(', ') || 'none'}`);
    for (const line of compactions) {
      const { time, oldSpaceMb, durationMs } = JSON.parse(line) as { time: number; oldSpaceMb: { before: number; after: number }; durationMs: number };
      console.log(`  compacted the JS heap at ${fixed((time - started) / 60_000, 1)} min: old space ${oldSpaceMb.before} → ${oldSpaceMb.after} MB, ${durationMs} ms`);
    }
    console.log(`  kept for resume (JSON) by minute: ${perMinute((s) => s.replayBytes)}`);
    console.log(`  JS heap reserved by minute: ${perMinute((s) => s.heapTotalBytes)}`);
    console.log(`  outside the JS heap (RSS less heap reserved) by minute: ${perMinute((s) => s.rssBytes - s.heapTotalBytes)}; external (buffers): ${mb(idle.externalBytes)} idle → ${mb(samples.at(-1)!.externalBytes)}`);
    const spaceNames = Object.keys(afterWarmUp.spaces).filter((name) => Math.abs(samples.at(-1)!.spaces[name]! - afterWarmUp.spaces[name]!) >= 1024 * 1024);
    console.log(`  JS heap spaces reserved, after warm-up → at the end: ${spaceNames.map((name) => `${name} ${mb(afterWarmUp.spaces[name]!)} → ${mb(samples.at(-1)!.spaces[name]!)}`).join(', ') || 'no change over 1 MB'}`);
    // The resume buffers fill for CHAT_REPLAY_RETENTION_MS (10 minutes by default): flat, if at all, after that.
    const buffersFull = samples.find((s) => s.replayBytes >= 0.95 * samples.at(-1)!.replayBytes) ?? samples[0]!;
    const afterBuffersFull = samples.filter((s) => s.atSeconds >= buffersFull.atSeconds);
    console.log(
      afterBuffersFull.length >= 12
        ? `  RSS once the resume buffers stopped growing (from minute ${fixed(buffersFull.atSeconds / 60, 0)}): slope ${fixed(slopePerMinute(afterBuffersFull) / 1024 / 1024, 2)} MB/min, ${mb(Math.min(...afterBuffersFull.map((s) => s.rssBytes)))} to ${mb(Math.max(...afterBuffersFull.map((s) => s.rssBytes)))}`
        : '  the resume buffers grew until the end (CHAT_REPLAY_RETENTION_MS): --minutes 20 runs past it',
    );
    const secondHalf = samples.filter((s) => s.atSeconds >= (options.minutes * 60) / 2);
    console.log(`  RSS slope in the second half: ${fixed(slopePerMinute(secondHalf) / 1024 / 1024, 2)} MB/min; JS heap used: ${mb(secondHalf[0]?.heapUsedBytes ?? NaN)} → ${mb(samples.at(-1)!.heapUsedBytes)}`);
  } finally {
    await server.stop();
    await standIn.stop();
  }
}
