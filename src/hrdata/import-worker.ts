// Worker thread entry: the HR data work that would otherwise hold the event loop for seconds —
// importing files (one after another, posting progress) and analysing the master table.
import { parentPort } from 'node:worker_threads';
import { importCsvFile } from './csv-import.js';
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

parentPort!.on('message', async (task: WorkerTask) => {
  try {
    if (task.type === 'import') {
      const result = await importCsvFile({
        kind: task.kind,
        path: task.path,
        onProgress: (progress) => parentPort!.postMessage({ id: task.id, progress }),
      });
      parentPort!.postMessage({ id: task.id, result });
    } else if (task.type === 'plan') {
      const plan = planKind(task.kind, task.mode, await batchesOf(task.kind, task.current), await batchesOf(task.kind, task.incoming));
      parentPort!.postMessage({ id: task.id, result: plan });
    } else if (task.type === 'aggregate') {
      parentPort!.postMessage({ id: task.id, result: await aggregateOf(task.kind, task.rows) });
    } else if (task.type === 'warm') {
      await import('./pipeline.js'); // danfo.js: loaded by the workers that analyse only
      parentPort!.postMessage({ id: task.id, result: null });
    } else {
      const { analyse } = await import('./pipeline.js');
      parentPort!.postMessage({ id: task.id, result: analyse(task.byEmployee) });
    }
  } catch (error) {
    parentPort!.postMessage({ id: task.id, failure: error instanceof Error ? error.message : String(error) });
  }
});
