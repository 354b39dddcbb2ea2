import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileRange, ImportProgress, ImportResult, PartFound } from './csv-import.js';
import type { HrKind } from './kinds.js';
import type { MasterRow } from './master-table.js';
import type { Analysis } from './pipeline.js';
import { READ_IN_PARTS, transferablesOf, type AggregatePart, type KindAggregate } from './aggregators.js';
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
  | { id: number; type: 'read-part'; kind: HrKind; path: string; range: FileRange }
  | { id: number; type: 'join-parts'; kind: HrKind; firstPartId: number; later: PartRead[] }
  | { id: number; type: 'warm' }
  | { id: number; type: 'analyse'; byEmployee: Map<string, MasterRow> }
  | { id: number; type: 'plan'; kind: HrKind; mode: UploadMode; current: StoredRows; incoming: StoredRows }
  | { id: number; type: 'aggregate'; kind: HrKind; rows: StoredRows };

/** A part of a file read by a worker: what it found, and its rows unless it is the first part (kept by its worker) or bad. */
interface PartRead {
  found: PartFound;
  part: AggregatePart | null;
}

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

let nextTaskId = 1;

function runTask<T>(worker: Worker, task: WorkerTask, onProgress?: (progress: ImportProgress) => void, transfer: ArrayBuffer[] = []): Promise<T> {
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
    worker.postMessage(task, transfer);
  });
}

async function withWorker<T>(use: (worker: Worker) => Promise<T>): Promise<T> {
  return withWorkers(1, ([worker]) => use(worker!));
}

async function withWorkers<T>(count: number, use: (workers: Worker[]) => Promise<T>): Promise<T> {
  const workers = Array.from({ length: count }, startWorker);
  try {
    return await use(workers);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** A file smaller than this is read whole: a part's set-up and joining would cost more than it saves. */
const MIN_PART_BYTES = 8 << 20;

/**
 * A worker's time per byte of each kind, relative to the activity file's, as measured with both
 * workers busy on the Vibemeter-scale set (bench hrdata): the byte-level readers (activity,
 * vibemeter) and the string way of the small kinds. Only the balance between workers rests on it.
 */
const WORK_PER_BYTE: Record<HrKind, number> = { activity_tracker: 1, vibemeter: 1.8, leave: 6, onboarding: 6, performance: 6, rewards: 6, employees: 6 };
/** Joining the parts and summarising, per byte of the file read in parts: the first part's worker does it once all parts are read. */
const JOIN_WORK_PER_BYTE = 0.7;

/** What one worker does: its part of the file read in parts (if any), then whole files. */
interface WorkerShare {
  work: number;
  jobs: ImportJob[];
  range: FileRange | null;
}

const workOf = (job: ImportJob) => job.bytes * WORK_PER_BYTE[job.kind];

/**
 * Imports files on worker threads, never on the event loop (a parse is CPU-bound and can take
 * seconds), every core busy. The biggest file of a kind that can be read in parts (activity:
 * ~2/3 of a Vibemeter-scale upload) is cut at line starts into one part per worker; each worker
 * reads its part first, and the first part's worker then joins the others' rows to its own
 * (csv-import.ts's joinParts) while the others go on. Whole files are dealt largest first to the
 * least-loaded worker, and the parts are sized so that all workers end at about the same time.
 */
export async function importFiles(jobs: ImportJob[], { minPartBytes = MIN_PART_BYTES } = {}): Promise<ImportResult[]> {
  const cores = os.availableParallelism();
  const inParts = cores < 2 ? undefined : [...jobs].sort((a, b) => b.bytes - a.bytes).find((job) => READ_IN_PARTS.has(job.kind) && job.bytes >= minPartBytes);
  const shares: WorkerShare[] = Array.from({ length: Math.max(1, Math.min(cores, inParts ? cores : jobs.length)) }, () => ({ work: 0, jobs: [], range: null }));
  if (inParts) shares[0]!.work += inParts.bytes * JOIN_WORK_PER_BYTE;
  for (const job of [...jobs].sort((a, b) => workOf(b) - workOf(a))) {
    if (job === inParts) continue;
    const lightest = shares.reduce((a, b) => (b.work < a.work ? b : a));
    lightest.jobs.push(job);
    lightest.work += workOf(job);
  }
  if (inParts) await cutIntoParts(inParts, shares);

  const results = new Map<ImportJob, ImportResult>();
  const partBytes = new Map<WorkerShare, number>();
  const partProgress = (share: WorkerShare) => (progress: ImportProgress) => {
    partBytes.set(share, progress.bytesRead);
    inParts!.onProgress?.({ bytesRead: [...partBytes.values()].reduce((a, b) => a + b, 0), totalBytes: inParts!.bytes, rows: 0 });
  };
  return withWorkers(shares.length, async (workers) => {
    const partIds = shares.map(() => nextTaskId++);
    const partReads = shares.map((share, w) =>
      share.range ? runTask<PartRead>(workers[w]!, { id: partIds[w]!, type: 'read-part', kind: inParts!.kind, path: inParts!.path, range: share.range }, partProgress(share)) : null,
    );
    const joining = inParts ? joinOnFirstWorker(inParts, workers[0]!, partIds[0]!, partReads) : null;
    joining?.catch(() => {}); // awaited below, after the first worker's part: its failure is reported there
    await Promise.all(
      shares.map(async (share, w) => {
        await partReads[w];
        if (w === 0 && joining) results.set(inParts!, await joining);
        for (const job of share.jobs) {
          results.set(job, await runTask<ImportResult>(workers[w]!, { id: nextTaskId++, type: 'import', kind: job.kind, path: job.path }, job.onProgress));
        }
      }),
    );
    return jobs.map((job) => results.get(job)!);
  });
}

/** The file read in parts, joined by the first worker (which holds the first part); read whole there if a part was not plain. */
async function joinOnFirstWorker(job: ImportJob, worker: Worker, firstPartId: number, partReads: Array<Promise<PartRead> | null>): Promise<ImportResult> {
  const later = (await Promise.all(partReads)).slice(1).filter((read): read is PartRead => read !== null);
  const transfer = later.flatMap((read) => (read.part ? transferablesOf(read.part) : []));
  const joined = await runTask<ImportResult | null>(worker, { id: nextTaskId++, type: 'join-parts', kind: job.kind, firstPartId, later }, undefined, transfer);
  return joined ?? runTask<ImportResult>(worker, { id: nextTaskId++, type: 'import', kind: job.kind, path: job.path }, job.onProgress);
}

/**
 * Cuts `job`'s file at line starts into one part per worker, sized so that all workers end with
 * about the same work: the first worker's part starts the file (it holds the header).
 */
async function cutIntoParts(job: ImportJob, shares: WorkerShare[]): Promise<void> {
  const perByte = WORK_PER_BYTE[job.kind];
  const target = (shares.reduce((sum, share) => sum + share.work, 0) + workOf(job)) / shares.length;
  const wanted = shares.map((share) => Math.max(0, target - share.work) / perByte);
  const scale = job.bytes / wanted.reduce((a, b) => a + b, 0);
  const handle = await fs.promises.open(job.path);
  try {
    let start = 0;
    for (const [i, share] of shares.entries()) {
      if (start >= job.bytes) break;
      const end = i === shares.length - 1 ? job.bytes : await lineStartFrom(handle, Math.round(start + wanted[i]! * scale), job.bytes);
      if (end === start) continue;
      share.range = { start, end };
      share.work += (end - start) * perByte;
      start = end;
    }
  } finally {
    await handle.close();
  }
}

/** The first line start at or after `offset` (the byte after a LF), or the file's end. */
async function lineStartFrom(handle: fs.promises.FileHandle, offset: number, size: number): Promise<number> {
  const buffer = Buffer.alloc(1 << 16);
  for (let at = Math.max(0, offset - 1); at < size; at += buffer.length) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
    const lf = buffer.subarray(0, bytesRead).indexOf(10);
    if (lf !== -1) return at + lf + 1;
  }
  return size;
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
export function warmAnalysisWorker({ unref = false } = {}): AnalysisWorker {
  const worker = startWorker();
  if (unref) worker.unref(); // a spare, waiting for an upload: never what keeps the process up
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
