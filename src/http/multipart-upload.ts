import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { AppError } from '../errors.js';
import { kindOfField } from '../hrdata/kinds.js';
import { type StagedFile } from '../hrdata/staged-file.js';

export { discardStaged } from '../hrdata/staged-file.js';

export interface UploadLimits {
  dir: string;
  maxFileBytes: number;
}

const humanBytes = (bytes: number) =>
  bytes >= 2 ** 30 ? `${+(bytes / 2 ** 30).toFixed(2)} GiB` : bytes >= 2 ** 20 ? `${+(bytes / 2 ** 20).toFixed(2)} MiB` : `${bytes} bytes`;

export function isMultipart(req: IncomingMessage): boolean {
  return /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
}

/**
 * Streams a multipart upload's CSV files to disk (busboy), one per HR data kind, never
 * holding a file in memory. A file over the size limit, an unknown field or a malformed
 * body is an AppError naming the field; nothing staged is left behind on failure.
 */
export async function stageMultipartUpload(req: IncomingMessage, limits: UploadLimits): Promise<StagedFile[]> {
  const dir = path.join(limits.dir, randomUUID());
  await fs.promises.mkdir(dir, { recursive: true });
  const files: StagedFile[] = [];
  const writes: Array<Promise<void>> = [];
  let failure: AppError | null = null;
  const fail = (error: AppError) => (failure ??= error);

  try {
    const parser = busboy({ headers: req.headers, limits: { fileSize: limits.maxFileBytes, files: 12, fields: 32 } });
    parser.on('file', (field, stream, info) => {
      const kind = kindOfField(field);
      if (!kind) {
        fail(new AppError('BAD_REQUEST', `${field}: not an HR data kind (use activity_tracker, leave, onboarding, performance, rewards or vibemeter)`));
        stream.resume();
        return;
      }
      if (files.some((f) => f.kind === kind)) {
        fail(new AppError('BAD_REQUEST', `${field}: one file per kind in an upload`));
        stream.resume();
        return;
      }
      const file: StagedFile = { kind, path: path.join(dir, `${kind}.csv`), fileName: info.filename || `${kind}.csv`, bytes: 0 };
      files.push(file);
      stream.on('data', (chunk: Buffer) => (file.bytes += chunk.length));
      stream.on('limit', () => fail(new AppError('PAYLOAD_TOO_LARGE', `${field}: the file is larger than the ${humanBytes(limits.maxFileBytes)} limit`)));
      writes.push(pipeline(stream, fs.createWriteStream(file.path)));
    });
    await pipeline(req, parser).catch((error: Error) => {
      throw new AppError('BAD_REQUEST', `body: not a readable multipart upload (${error.message})`);
    });
    await Promise.all(writes);
    if (failure) throw failure;
    return files;
  } catch (error) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Files given as FormData entries (a server-side call): written to disk the same way. */
export async function stageFormData(form: FormData, limits: UploadLimits): Promise<StagedFile[]> {
  const dir = path.join(limits.dir, randomUUID());
  await fs.promises.mkdir(dir, { recursive: true });
  const files: StagedFile[] = [];
  try {
    for (const [field, value] of form as unknown as Iterable<[string, string | File]>) {
      const kind = kindOfField(field);
      if (!kind) throw new AppError('BAD_REQUEST', `${field}: not an HR data kind (use activity_tracker, leave, onboarding, performance, rewards or vibemeter)`);
      if (typeof value === 'string') throw new AppError('BAD_REQUEST', `${field}: expected a file, got text`);
      if (value.size > limits.maxFileBytes) throw new AppError('PAYLOAD_TOO_LARGE', `${field}: the file is larger than the ${humanBytes(limits.maxFileBytes)} limit`);
      if (files.some((f) => f.kind === kind)) throw new AppError('BAD_REQUEST', `${field}: one file per kind in an upload`);
      const file = { kind, path: path.join(dir, `${kind}.csv`), fileName: value.name || `${kind}.csv`, bytes: value.size };
      await pipeline(value.stream(), fs.createWriteStream(file.path));
      files.push(file);
    }
    return files;
  } catch (error) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throw error;
  }
}
