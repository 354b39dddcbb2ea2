import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ImportProgress, ImportResult } from './csv-import.js';
import type { HrKind } from './kinds.js';
import type { MasterRow } from './master-table.js';
import type { Analysis } from './pipeline.js';
import type { KindAggregate } from './aggregators.js';
import type { KindChanges, RowBatch, StoredRows, UploadMode } from './row-store.js';

interface ImportJob {
  kind: HrKind;
  path: string;
  bytes: number;
  onProgress?: (progress: ImportProgress) => void;
}

/** What the worker (import-worker.ts) is asked to do. */
export type WorkerTask =
  | { id: number; type: 'import'; kind: HrKind; path: string }
  | { id: number; type: 'warm' }
  | { id: number; type: 'analyse'; byEmployee: Map<string, MasterRow> }
  | { id: number; type: 'plan'; kind: HrKind; mode: UploadMode; current: StoredRows; incoming: StoredRows }
  | { id: number; type: 'aggregate'; kind: HrKind; rows: StoredRows };

let workersStarted = 0;
/** How many worker threads this process has started for HR data: the proof that the work stays off the event loop. */
export const hrDataWorkersStarted = () => workersStarted;

// Compiled (npm start), the worker is plain JavaScript; from the TypeScript sources (tsx, vitest)
// a bootstrap registers tsx in the worker first.
const WORKER_ENTRY = new URL(import.meta.url.endsWith('.ts') ? './import-worker-bootstrap.mjs' : './import-worker.js', import.meta.url);

function startWorker(): Worker {
  workersStarted++;
  return new Worker(WORKER_ENTRY);
}

function runTask<T>(worker: Worker, task: WorkerTask, onProgress?: (progress: ImportProgress) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: { id: number; progress?: ImportProgress; result?: T; failure?: string }) => {
      if (message.id !== task.id) return;
      if (message.progress) return onProgress?.(message.progress);
      settle();
      if (message.failure !== undefined) reject(new Error(message.failure));
      else resolve(message.result!);
    };
    const onExit = (code: number) => {
      settle();
      reject(new Error(`the HR data worker stopped (exit code ${code})`));
    };
    const settle = () => {
      worker.off('message', onMessage);
      worker.off('error', reject);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', onExit);
    worker.postMessage(task);
  });
}

async function withWorker<T>(use: (worker: Worker) => Promise<T>): Promise<T> {
  const worker = startWorker();
  try {
    return await use(worker);
  } finally {
    await worker.terminate();
  }
}

/**
 * Imports files on worker threads, never on the event loop (a parse is CPU-bound and can take
 * seconds): one core per file group, files dealt largest first to the least-loaded worker.
 */
export async function importFiles(jobs: ImportJob[]): Promise<ImportResult[]> {
  const workerCount = Math.max(1, Math.min(jobs.length, os.availableParallelism()));
  const groups: ImportJob[][] = Array.from({ length: workerCount }, () => []);
  const load = new Array<number>(workerCount).fill(0);
  for (const job of [...jobs].sort((a, b) => b.bytes - a.bytes)) {
    const lightest = load.indexOf(Math.min(...load));
    groups[lightest]!.push(job);
    load[lightest]! += job.bytes;
  }
  const results = new Map<ImportJob, ImportResult>();
  await Promise.all(
    groups.map((group) =>
      withWorker(async (worker) => {
        for (const [id, job] of group.entries()) {
          results.set(job, await runTask<ImportResult>(worker, { id, type: 'import', kind: job.kind, path: job.path }, job.onProgress));
        }
      }),
    ),
  );
  return jobs.map((job) => results.get(job)!);
}

/** The master table, the detector and the attribution (pipeline.ts's `analyse`) on a worker thread. */
export function analyseOffThread(byEmployee: Map<string, MasterRow>): Promise<Analysis> {
  return withWorker((worker) => runTask<Analysis>(worker, { id: 0, type: 'analyse', byEmployee }));
}

export interface AnalysisWorker {
  analyse(byEmployee: Map<string, MasterRow>): Promise<Analysis>;
  close(): Promise<void>;
}

/**
 * A worker that loads the analysis code (danfo.js: over a second) at once, to analyse later:
 * started when an import starts, it is ready by the time the files are parsed.
 */
export function warmAnalysisWorker(): AnalysisWorker {
  const worker = startWorker();
  const warm = runTask<null>(worker, { id: 0, type: 'warm' });
  warm.catch(() => {}); // its failure is the analysis's
  return {
    analyse: async (byEmployee) => {
      await warm;
      return runTask<Analysis>(worker, { id: 1, type: 'analyse', byEmployee });
    },
    close: async () => {
      await worker.terminate();
    },
  };
}

/** What an upload of `incoming` rows would change in a kind (row-store.ts's `planKind`), on a worker thread. */
export function planOffThread(kind: HrKind, mode: UploadMode, current: StoredRows, incoming: StoredRows): Promise<{ changes: KindChanges; rows: RowBatch[] | null }> {
  return withWorker((worker) => runTask(worker, { id: 0, type: 'plan', kind, mode, current, incoming }));
}

/** A kind's aggregate recomputed from stored rows, on a worker thread. */
export function aggregateOffThread(kind: HrKind, rows: StoredRows): Promise<KindAggregate> {
  return withWorker((worker) => runTask(worker, { id: 0, type: 'aggregate', kind, rows }));
}
