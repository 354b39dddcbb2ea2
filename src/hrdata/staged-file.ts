import fs from 'node:fs';
import path from 'node:path';
import type { HrKind } from './kinds.js';

/** An uploaded file, already on disk (each upload has a directory of its own). */
export interface StagedFile {
  kind: HrKind;
  path: string;
  fileName: string;
  bytes: number;
}

/** Removes an upload's staged files once imported or refused. */
export async function discardStaged(files: StagedFile[]): Promise<void> {
  await Promise.all([...new Set(files.map((f) => path.dirname(f.path)))].map((dir) => fs.promises.rm(dir, { recursive: true, force: true })));
}
