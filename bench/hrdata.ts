// npm run bench -- hrdata [--data DIR]
// The Vibemeter-scale HR set (gen_hr_data.py's defaults: 35,000 employees, ~14M rows) uploaded
// over HTTP to a server process, through to the flagged list: wall time, CPU time (all threads:
// steadier than wall time on a shared machine) and the server's peak RSS, next to the original
// pandas + scikit-learn pipeline on the same files in the same run, with the server's phases.
// Then the agreement with the reference on the original 500-row sample (flagged 25 vs 25).
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error: a plain ES module script without types
import { buildServer } from '../scripts/build-server.mjs';
import { startChildServer } from '../tests/support/child-server.js';
import { tempDir } from '../tests/support/server.js';
import { importCsvFile } from '../src/hrdata/csv-import.js';
import { HR_KINDS, KINDS } from '../src/hrdata/kinds.js';
import type { MasterRow } from '../src/hrdata/master-table.js';
import { analyse } from '../src/hrdata/pipeline.js';
import { seedUsers } from './lib/seed.js';
import { fixed, mb, printTable } from './lib/stats.js';

const shared = path.resolve('../shared');
const python = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const hasPandas = () => spawnSync(python, ['-c', 'import pandas, sklearn']).status === 0;

function peakRssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** CPU seconds (user + system, all threads) a process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** The reference pipeline under /usr/bin/time: its own timing lines, wall time and peak RSS. */
function runReference(dataDir: string, outCsv: string) {
  const started = Date.now();
  const run = spawnSync('/usr/bin/time', ['-v', python, path.join(shared, 'bench/pandas_reference.py'), dataDir, outCsv], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`pandas_reference.py failed: ${run.stderr}`);
  const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)![1]);
  const cpu = Number(/User time \(seconds\): ([\d.]+)/.exec(run.stderr)![1]) + Number(/System time \(seconds\): ([\d.]+)/.exec(run.stderr)![1]);
  return { seconds: (Date.now() - started) / 1000, cpu, peakRss: maxRssKb * 1024, output: run.stdout.trim() };
}

/**
 * The six files as one multipart upload. curl where it exists: Node's fetch spends ~5 s of
 * its own encoding 437 MB of FormData, which is the client's cost, not the server's.
 */
async function upload(url: string, token: string, dataDir: string, uploadMbps?: number): Promise<string> {
  if (uploadMbps !== undefined && spawnSync('curl', ['--version']).status !== 0) throw new Error('--upload-mbps needs curl');
  if (spawnSync('curl', ['--version']).status === 0) {
    const files = HR_KINDS.flatMap((kind) => ['-F', `${kind}=@${path.join(dataDir, KINDS[kind].fileName)}`]);
    const limit = uploadMbps === undefined ? [] : ['--limit-rate', String(Math.round((uploadMbps * 1e6) / 8))];
    const { stdout } = await promisify(execFile)('curl', ['-sS', ...limit, '-H', `authorization: Bearer ${token}`, ...files, `${url}/trpc/hrdata.upload`], { maxBuffer: 1 << 24 });
    return stdout;
  }
  const form = new FormData();
  for (const kind of HR_KINDS) form.append(kind, await fs.openAsBlob(path.join(dataDir, KINDS[kind].fileName)), KINDS[kind].fileName);
  const response = await fetch(`${url}/trpc/hrdata.upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return response.text();
}

async function uploadThroughServer(dataDir: string, uploadMbps?: number) {
  const serverDir = tempDir('bench-hrdata-');
  const [token] = await seedUsers(serverDir, 1, { prefix: 'hr', role: 'hr' });
  // BENCH_CPU_PROF=<dir> writes V8 CPU profiles of the server and its worker threads, for finding hot paths.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // The server as `npm start` serves it: built into dist/ (no tsx in the process or its workers).
  await buildServer();
  const server = await startChildServer({ NODE_ENV: 'production', DATA_DIR: serverDir, SUMMARIES_DIR: path.join(serverDir, 'summaries') }, [
    ...profile,
    path.resolve('dist/src/main.js'),
  ]);
  // The server's own phase timings, from its log lines (pino JSON on stdout).
  const phases: Record<string, number> = {};
  let logTail = '';
  server.process.stdout!.on('data', (chunk: Buffer) => {
    const lines = (logTail + chunk.toString()).split('\n');
    logTail = lines.pop()!;
    for (const line of lines) {
      const entry = /"ms":(\d+).*"msg":"(HR files parsed|HR data stored|HR data analysed|HR data imported)"/.exec(line);
      if (entry) phases[entry[2]!] = Number(entry[1]);
    }
  });
  try {
    const idleRss = peakRssBytes(server.process.pid!);
    const idleCpu = cpuSeconds(server.process.pid!);
    const started = Date.now();
    const body = JSON.parse(await upload(server.url, token!, dataDir, uploadMbps)) as {
      result?: { data: { json: { employees: number; flaggedCount: number; files: Array<{ rows: number }> } } };
      error?: unknown;
    };
    if (!body.result) throw new Error(`upload failed: ${JSON.stringify(body.error)}`);
    const flagged = await fetch(`${server.url}/trpc/hrdata.flagged?input=${encodeURIComponent(JSON.stringify({ json: { limit: 10_000 } }))}`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((r) => r.json() as Promise<{ result: { data: { json: unknown[] } } }>);
    const seconds = (Date.now() - started) / 1000;
    const result = body.result.data.json;
    return {
      seconds,
      peakRss: peakRssBytes(server.process.pid!),
      cpu: cpuSeconds(server.process.pid!) - idleCpu,
      idleRss,
      rows: result.files.reduce((n, f) => n + f.rows, 0),
      employees: result.employees,
      flagged: flagged.result.data.json.length,
      phases,
    };
  } finally {
    await server.stop();
  }
}

async function agreementOnSeed(): Promise<string> {
  const seed = path.join(shared, 'seed/data');
  const merged = new Map<string, MasterRow>();
  for (const kind of HR_KINDS) {
    const result = await importCsvFile({ kind, path: path.join(seed, KINDS[kind].fileName) });
    if (!result.ok) throw new Error(`${kind}: ${result.error.message}`);
    for (const [id, record] of result.aggregate.employees) merged.set(id, { ...merged.get(id), ...record.features });
  }
  const ours = analyse(merged).flagged.map((f) => f.employeeId);
  if (!hasPandas()) return `ours flags ${ours.length}; reference not run (apt-get install python3-pandas python3-sklearn)`;
  const out = path.join(tempDir('bench-ref-'), 'flagged.csv');
  runReference(seed, out);
  const reference = fs.readFileSync(out, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',')[0]!);
  const common = ours.filter((id) => reference.includes(id));
  return `${common.length} of our ${ours.length} flagged are in the reference's ${reference.length}`;
}

export async function runHrDataBench(options: { data?: string | undefined; uploadMbps?: number | undefined }): Promise<void> {
  const dataDir = path.resolve(options.data ?? 'bench/out/hrdata-35k');
  if (!fs.existsSync(path.join(dataDir, KINDS.activity_tracker.fileName))) {
    console.log(`  generating the Vibemeter-scale set in ${dataDir} (gen_hr_data.py defaults)…`);
    execFileSync(python, [path.join(shared, 'bench/gen_hr_data.py'), dataDir], { stdio: 'inherit' });
  }
  const bytes = HR_KINDS.reduce((n, kind) => n + fs.statSync(path.join(dataDir, KINDS[kind].fileName)).size, 0);
  console.log(`  data: ${dataDir} (${mb(bytes)})`);
  const load = () => os.loadavg().map((n) => n.toFixed(2)).join(', ');
  console.log(`  load average before: ${load()} (${os.availableParallelism()} cores)`);

  if (options.uploadMbps !== undefined) {
    // An upload over a link of that speed: how long after its last byte the flagged list is ready.
    const limited = await uploadThroughServer(dataDir, options.uploadMbps);
    const transfer = (bytes * 8) / (options.uploadMbps * 1e6);
    console.log(`  upload at ${options.uploadMbps} Mbit/s: ${fixed(limited.seconds, 1)} s in all, the bytes alone ≥ ${fixed(transfer, 1)} s; flagged list ready ≤ ${fixed(limited.seconds - transfer, 1)} s after the last byte (peak RSS ${mb(limited.peakRss)})`);
    return;
  }
  const ours = await uploadThroughServer(dataDir);
  const rows: Array<Record<string, string | number>> = [
    {
      pipeline: 'this server (HTTP upload → flagged list)',
      rows: ours.rows,
      employees: ours.employees,
      flagged: ours.flagged,
      seconds: fixed(ours.seconds, 1),
      'CPU s': fixed(ours.cpu, 1),
      'peak RSS': mb(ours.peakRss),
      'rows/s': Math.round(ours.rows / ours.seconds),
    },
  ];
  if (hasPandas()) {
    const reference = runReference(dataDir, path.join(tempDir('bench-ref-'), 'flagged.csv'));
    const counts = /rows=(\d+) employees=(\d+) flagged=(\d+)/.exec(reference.output)!;
    rows.push({
      pipeline: 'pandas_reference.py (read CSVs → flagged list)',
      rows: Number(counts[1]),
      employees: Number(counts[2]),
      flagged: Number(counts[3]),
      seconds: fixed(reference.seconds, 1),
      'CPU s': fixed(reference.cpu, 1),
      'peak RSS': mb(reference.peakRss),
      'rows/s': Math.round(Number(counts[1]) / reference.seconds),
    });
    console.log(`  reference's own split: ${reference.output.split('\n').at(-1)}`);
  } else {
    console.log('  pandas reference skipped: apt-get install python3-pandas python3-sklearn');
  }
  printTable(rows);
  const phase = (name: string) => (ours.phases[name] === undefined ? '?' : `${fixed(ours.phases[name] / 1000, 1)} s`);
  const imported = ours.phases['HR data imported'];
  console.log(
    `  server phases: upload + staging + answer ${imported === undefined ? '?' : `${fixed(ours.seconds - imported / 1000, 1)} s`}, parsing ${phase('HR files parsed')}, ` +
      `storing ${phase('HR data stored')}, analysis ${phase('HR data analysed')}; import in all ${phase('HR data imported')}`,
  );
  console.log(`  load average after: ${load()}`);
  console.log(`  server idle RSS before the upload: ${mb(ours.idleRss)}`);
  console.log(`  agreement on ../shared/seed/data: ${await agreementOnSeed()}`);
}
