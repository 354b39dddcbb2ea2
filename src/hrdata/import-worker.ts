// Worker thread entry: imports the files it is given, one after another, posting progress.
import { parentPort } from 'node:worker_threads';
import { importCsvFile } from './csv-import.js';
import type { HrKind } from './kinds.js';

parentPort!.on('message', async (job: { id: number; kind: HrKind; path: string }) => {
  try {
    const result = await importCsvFile({
      kind: job.kind,
      path: job.path,
      onProgress: (progress) => parentPort!.postMessage({ id: job.id, progress }),
    });
    parentPort!.postMessage({ id: job.id, result });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, failure: error instanceof Error ? error.message : String(error) });
  }
});
