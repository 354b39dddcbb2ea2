import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { importCsvFile, type ImportProgress, type ImportResult } from './csv-import.js';
import type { HrKind } from './kinds.js';

interface ImportJob {
  kind: HrKind;
  path: string;
  bytes: number;
  onProgress?: (progress: ImportProgress) => void;
}

function startWorker(): Worker {
  return new Worker(new URL('./import-worker-bootstrap.mjs', import.meta.url));
}

async function runOnWorker(worker: Worker, jobs: ImportJob[], results: Map<ImportJob, ImportResult>): Promise<void> {
  for (const [id, job] of jobs.entries()) {
    const result = await new Promise<ImportResult>((resolve, reject) => {
      const onMessage = (message: { id: number; progress?: ImportProgress; result?: ImportResult; failure?: string }) => {
        if (message.id !== id) return;
        if (message.progress) return job.onProgress?.(message.progress);
        worker.off('message', onMessage);
        worker.off('error', reject);
        if (message.failure !== undefined) reject(new Error(message.failure));
        else resolve(message.result!);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.postMessage({ id, kind: job.kind, path: job.path });
    });
    results.set(job, result);
  }
}

/**
 * Imports several files at once on worker threads (the parse is CPU-bound: one core per
 * file group). Files are dealt largest first to the least-loaded worker. Falls back to this
 * thread where workers cannot start.
 */
export async function importFiles(jobs: ImportJob[]): Promise<ImportResult[]> {
  const workerCount = Math.min(jobs.length, Math.max(1, os.availableParallelism()));
  const results = new Map<ImportJob, ImportResult>();
  if (workerCount <= 1) {
    for (const job of jobs) results.set(job, await importCsvFile(job));
    return jobs.map((job) => results.get(job)!);
  }
  const groups: ImportJob[][] = Array.from({ length: workerCount }, () => []);
  const load = new Array<number>(workerCount).fill(0);
  for (const job of [...jobs].sort((a, b) => b.bytes - a.bytes)) {
    const lightest = load.indexOf(Math.min(...load));
    groups[lightest]!.push(job);
    load[lightest]! += job.bytes;
  }
  const workers = groups.map(() => startWorker());
  try {
    await Promise.all(groups.map((group, i) => runOnWorker(workers[i]!, group, results)));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return jobs.map((job) => results.get(job)!);
}
