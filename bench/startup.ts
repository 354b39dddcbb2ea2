// npm run bench -- startup [--runs 5] [--before <git revision>]
// Starts the server N times per way of starting it, each time on a fresh data directory (so
// every start also creates and migrates its SQLite database), and times from the spawn until
// /healthz answers 200: `npm start` (the build check, then the compiled server), the compiled
// server alone, the TypeScript sources through tsx (as `npm run dev` runs them) and, with
// --before, `npm start` of an earlier revision (checked out by `git archive` into a temporary
// folder that shares this node_modules).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib/processes.js';
import { fixed, percentile, printTable } from './lib/stats.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Way {
  cwd: string;
  command: string[];
}

async function timeOneStart({ cwd, command }: Way): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd,
    // Its own process group, so that npm and the server it starts stop together.
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DATA_DIR: dataDir, SUMMARIES_DIR: path.join(dataDir, 'summaries'), HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'silent', MISTRAL_API_KEY: '' },
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (answered) return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited with code ${child.exitCode} before /healthz answered: ${errors.slice(-2000)}`);
      if (performance.now() - started > 60_000) throw new Error(`${command.join(' ')}: /healthz did not answer within 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    if (child.exitCode === null) {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function checkOut(revision: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-rev-'));
  const archive = execFileSync('git', ['archive', revision], { cwd: root, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

export async function runStartupBench(options: { runs: number; before?: string }): Promise<void> {
  // What `npm start` would do first, so that every way starts the current sources.
  execFileSync(process.execPath, ['scripts/build-if-stale.mjs'], { cwd: root, stdio: 'inherit' });
  const ways: Record<string, Way> = {
    'npm start': { cwd: root, command: ['npm', 'start', '--silent'] },
    'node dist/src/main.js': { cwd: root, command: [process.execPath, '--enable-source-maps', 'dist/src/main.js'] },
    'tsx src/main.ts (npm run dev)': { cwd: root, command: [process.execPath, '--import', 'tsx', 'src/main.ts'] },
  };
  const earlier = options.before && checkOut(options.before);
  if (earlier) ways[`npm start at ${options.before}`] = { cwd: earlier, command: ['npm', 'start', '--silent'] };
  try {
    const rows = [];
    for (const [name, way] of Object.entries(ways)) {
      const times: number[] = [];
      for (let run = 0; run < options.runs; run++) times.push(await timeOneStart(way));
      rows.push({
        'start-up until /healthz answers': name,
        runs: times.length,
        'min ms': fixed(Math.min(...times), 0),
        'median ms': fixed(percentile(times, 50), 0),
        'max ms': fixed(Math.max(...times), 0),
      });
    }
    printTable(rows);
  } finally {
    if (earlier) fs.rmSync(earlier, { recursive: true, force: true });
  }
}
