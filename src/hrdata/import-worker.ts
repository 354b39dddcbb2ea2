// Worker thread entry: the HR data work that would otherwise hold the event loop for seconds —
// importing files (one after another, posting progress) and analysing the master table.
import { parentPort } from 'node:worker_threads';
import { transferablesOf } from './aggregators.js';
import { importCsvFile, joinParts, readPart, type FilePart } from './csv-import.js';
import type { HrKind } from './kinds.js';
import type { WorkerTask } from './parallel-import.js';
import { aggregateRows, planKind, recordingAggregator, type RecordedAggregate, type RowBatch, type StoredRows } from './row-store.js';

/** A stored version's rows as batches: a stored CSV file is read again by the importer (the same rows, in the same order). */
async function batchesOf(kind: HrKind, stored: StoredRows): Promise<RowBatch[]> {
  if (stored.format === 'rows') return stored.batches;
  const result = await importCsvFile({ kind, path: stored.path, aggregatorFor: recordingAggregator });
  if (!result.ok) throw new Error(`the stored ${kind} file could not be read again: ${result.error.message}`);
  return (result.aggregate as RecordedAggregate).batches;
}

async function aggregateOf(kind: HrKind, stored: StoredRows) {
  if (stored.format === 'rows') return aggregateRows(kind, stored.batches);
  const result = await importCsvFile({ kind, path: stored.path });
  if (!result.ok) throw new Error(`the stored ${kind} file could not be read again: ${result.error.message}`);
  return result.aggregate;
}

/** First parts of files, kept here until the later parts are read (by task id). */
const firstParts = new Map<number, FilePart>();

const post = (id: number, result: unknown, transfer: ArrayBuffer[] = []) => parentPort!.postMessage({ id, result }, transfer);

parentPort!.on('message', async (task: WorkerTask) => {
  try {
    const onProgress = (progress: unknown) => parentPort!.postMessage({ id: task.id, progress });
    if (task.type === 'import') {
      post(task.id, await importCsvFile({ kind: task.kind, path: task.path, onProgress }));
    } else if (task.type === 'read-part') {
      const read = await readPart({ kind: task.kind, path: task.path, range: task.range, onProgress });
      if (task.range.start === 0) {
        firstParts.set(task.id, read);
        post(task.id, { found: read.found, part: null });
      } else {
        const usable = read.found.plain && read.found.rowErrorCount === 0 && read.found.headerError === null;
        const part = usable ? read.aggregator.part!() : null;
        post(task.id, { found: read.found, part }, part ? transferablesOf(part) : []);
      }
    } else if (task.type === 'join-parts') {
      const first = firstParts.get(task.firstPartId)!;
      firstParts.delete(task.firstPartId);
      post(task.id, joinParts(task.kind, first, task.later));
    } else if (task.type === 'plan') {
      post(task.id, planKind(task.kind, task.mode, await batchesOf(task.kind, task.current), await batchesOf(task.kind, task.incoming)));
    } else if (task.type === 'aggregate') {
      post(task.id, await aggregateOf(task.kind, task.rows));
    } else if (task.type === 'warm') {
      await import('./pipeline.js'); // danfo.js: loaded by the workers that analyse only
      post(task.id, null);
    } else {
      const { analyse } = await import('./pipeline.js');
      post(task.id, analyse(task.byEmployee));
    }
  } catch (error) {
    parentPort!.postMessage({ id: task.id, failure: error instanceof Error ? error.message : String(error) });
  }
});
