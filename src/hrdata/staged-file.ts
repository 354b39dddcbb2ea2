import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportResult } from './csv-import.js';
import type { HrKind } from './kinds.js';

/** An uploaded file, already on disk (each upload has a directory of its own). */
export interface StagedFile {
  kind: HrKind;
  path: string;
  fileName: string;
  bytes: number;
  /** Its reading, started as soon as the file had arrived, while the rest of the upload was still arriving (HrDataService.parseEarly). */
  parsing?: Promise<ImportResult>;
}

/**
 * A fresh directory for one upload's files, named after this process (`<pid>-<uuid>`), so that
 * start-up can tell the leftovers of a dead process from the uploads of a live one sharing DATA_DIR.
 */
export async function createStagingDir(root: string): Promise<string> {
  const dir = path.join(root, `${process.pid}-${randomUUID()}`);
  await fs.promises.mkdir(dir, { recursive: true });
  return dir;
}

/** Removes an upload's staged files once imported or refused. */
export async function discardStaged(files: StagedFile[]): Promise<void> {
  await Promise.all([...new Set(files.map((f) => path.dirname(f.path)))].map((dir) => fs.promises.rm(dir, { recursive: true, force: true })));
}

/**
 * At start-up: removes what uploads cut short by a crash left behind, i.e. everything but the
 * directories of other running processes (this process has none yet; after a restart in a
 * container it may have its predecessor's pid).
 */
export async function removeAbandonedStaging(root: string): Promise<string[]> {
  const entries = await fs.promises.readdir(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const abandoned = entries.filter((name) => !isOtherRunningProcess(Number(/^(\d+)-/.exec(name)?.[1])));
  await Promise.all(abandoned.map((name) => fs.promises.rm(path.join(root, name), { recursive: true, force: true })));
  return abandoned;
}

function isOtherRunningProcess(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}
