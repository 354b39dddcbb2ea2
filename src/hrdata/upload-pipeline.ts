import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { RateLimits } from '../limits/rate-limits.js';
import type { PublicUser } from '../users/user.js';
import type { HrDataService } from './hrdata-service.js';
import { kindOfField, UPLOAD_KINDS } from './kinds.js';
import { createStagingDir, discardStaged, type StagedFile } from './staged-file.js';

export interface UploadLimits {
  /** Where uploads are staged ($DATA_DIR/uploads). */
  dir: string;
  maxFileBytes: number;
}

/** The text fields of an upload besides its files. */
export const uploadOptionsSchema = z.object({
  mode: z.enum(['replace', 'append']).default('replace'),
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});
export type UploadOptions = z.output<typeof uploadOptionsSchema>;

/** An upload on disk: its directory, its files (one per kind) and its options. */
export interface StagedUpload {
  dir: string;
  files: StagedFile[];
  options: UploadOptions;
}

/** How long after a file has arrived the rest of its upload must still be arriving for the file to be read at once. */
const READ_EARLY_AFTER_MS = 300;

const humanBytes = (bytes: number) =>
  bytes >= 2 ** 30 ? `${+(bytes / 2 ** 30).toFixed(2)} GiB` : bytes >= 2 ** 20 ? `${+(bytes / 2 ** 20).toFixed(2)} MiB` : `${bytes} bytes`;

export function isMultipart(req: IncomingMessage): boolean {
  return /^multipart\/form-data/i.test(req.headers['content-type'] ?? '');
}

/** One upload being staged: which fields it may have, and each file's place on disk. */
class Staging {
  readonly files: StagedFile[] = [];
  private readonly fields: Record<string, string> = {};

  constructor(
    readonly dir: string,
    private readonly limits: UploadLimits,
  ) {}

  /** Where a file field goes on disk; an AppError naming the field if the upload cannot take it. */
  file(field: string | undefined, fileName: string): StagedFile {
    if (!field) throw new AppError('BAD_REQUEST', `a file part has no field name: name each file after its kind (${UPLOAD_KINDS.join(', ')})`);
    const kind = kindOfField(field);
    if (!kind) throw new AppError('BAD_REQUEST', `${field}: not an HR data kind (use ${UPLOAD_KINDS.join(', ')})`);
    if (this.files.some((f) => f.kind === kind)) throw new AppError('BAD_REQUEST', `${field}: one file per kind in an upload`);
    const file: StagedFile = { kind, path: path.join(this.dir, `${kind}.csv`), fileName: fileName || `${kind}.csv`, bytes: 0 };
    this.files.push(file);
    return file;
  }

  tooLarge(field: string): AppError {
    return new AppError('PAYLOAD_TOO_LARGE', `${field}: the file is larger than the ${humanBytes(this.limits.maxFileBytes)} limit`);
  }

  text(field: string | undefined, value: string): void {
    if (!field || !Object.hasOwn(uploadOptionsSchema.shape, field)) {
      throw new AppError('BAD_REQUEST', `${field || 'a field without a name'}: expected a CSV file named after its kind (${UPLOAD_KINDS.join(', ')}), or the option mode or dryRun`);
    }
    // Twice, the last would win unseen: a dryRun=true followed by dryRun=false must not import.
    if (Object.hasOwn(this.fields, field)) throw new AppError('BAD_REQUEST', `${field}: given more than once`);
    this.fields[field] = value;
  }

  finish(): StagedUpload {
    const parsed = uploadOptionsSchema.safeParse(this.fields);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = String(issue.path[0]);
      const expected = field === 'mode' ? '"replace" or "append"' : '"true" or "false"';
      throw new AppError('BAD_REQUEST', `${field}: expected ${expected}, got "${this.fields[field] ?? ''}"`);
    }
    return { dir: this.dir, files: this.files, options: parsed.data };
  }
}

/**
 * The one way HR data comes in, whatever the transport (tRPC, the SDK over tRPC, the legacy
 * REST path): the gate (HR only, within the hourly allowance, before any byte is staged),
 * staging each file to disk as it arrives (never whole in memory), the checks on fields, and
 * the import or dry run itself.
 */
export class HrUploadPipeline {
  /** Files this pipeline streamed to disk and handed out as FormData entries: taken as they are, not copied again. */
  private readonly staged = new WeakMap<Blob, StagedFile>();

  constructor(
    private readonly hrdata: HrDataService,
    private readonly limits: RateLimits,
    private readonly uploadLimits: UploadLimits,
  ) {}

  /** The gate: signed in, HR, and within the upload allowance (spends one upload). */
  async admit(user: PublicUser | null, ip: string): Promise<PublicUser> {
    if (!user) throw new AppError('UNAUTHORIZED', 'Sign in first: send a valid session token');
    if (user.role !== 'hr') throw new AppError('FORBIDDEN', 'HR role required');
    await this.limits.consume('upload', `user:${user.id}`, `ip:${ip}`);
    return user;
  }

  /**
   * Streams a multipart body's files to disk (busboy). A file over the size limit, a field the
   * upload does not take, or a malformed, cut-off or aborted body is an AppError naming the
   * field; nothing staged is left behind on failure, and no write is left running once this returns.
   */
  async stageRequest(req: IncomingMessage): Promise<StagedUpload> {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: this.uploadLimits.maxFileBytes, files: 12, fields: 32 } });
    } catch (error) {
      throw new AppError('BAD_REQUEST', `content-type: not a readable multipart upload (${(error as Error).message})`);
    }
    const dir = await createStagingDir(this.uploadLimits.dir);
    const staging = new Staging(dir, this.uploadLimits);
    this.hrdata.prepareAnalysis();
    // Each file's write settles to its error (or null): a write that fails while the body is
    // still being read must not be an unhandled rejection.
    const writes: Array<Promise<Error | null>> = [];
    // The first thing wrong, thrown once the body is read: never thrown inside busboy's events.
    let failure: unknown = null;
    // A file all on disk is read at once if the rest of the upload is still arriving a moment
    // later (a slow link: the reading then hides behind the upload); on a fast one the upload is
    // done by then, and its files are read together, the work balanced over the cores.
    let arrived = false;
    const readEarly = (file: StagedFile) => {
      setTimeout(() => {
        if (!arrived && failure === null) this.hrdata.parseEarly(file);
      }, READ_EARLY_AFTER_MS).unref();
    };
    const refuse = (error: unknown, stream?: Readable) => {
      failure ??= error;
      stream?.resume();
    };
    // Past a limit busboy drops parts silently: a dropped dryRun would turn a dry run into an import.
    const limits = { fieldsLimit: 'fields (at most 32)', filesLimit: 'files (at most 12)', partsLimit: 'parts' } as const;
    for (const [event, what] of Object.entries(limits)) parser.on(event, () => refuse(new AppError('BAD_REQUEST', `body: too many ${what} in one upload`)));
    try {
      parser.on('file', (field, stream, info) => {
        try {
          const file = staging.file(field, info.filename ?? '');
          stream.on('data', (chunk: Buffer) => (file.bytes += chunk.length));
          stream.on('limit', () => refuse(staging.tooLarge(field)));
          const written = pipeline(stream, fs.createWriteStream(file.path)).then(() => null, (error: Error) => error);
          void written.then((error) => {
            if (error === null && !stream.truncated) readEarly(file);
          });
          writes.push(written);
        } catch (error) {
          refuse(error, stream);
        }
      });
      parser.on('field', (field, value) => {
        try {
          staging.text(field, value);
        } catch (error) {
          refuse(error);
        }
      });
      const bodyError = await pipeline(req, parser).then(() => null, (error: Error) => error);
      // On a failed body busboy destroys the open file stream, so every write settles.
      const writeError = (await Promise.all(writes)).find((error) => error !== null);
      arrived = true;
      if (bodyError) throw new AppError('BAD_REQUEST', `body: not a readable multipart upload (${bodyError.message})`);
      if (failure) throw failure;
      if (writeError) throw writeError;
      return staging.finish();
    } catch (error) {
      await fs.promises.rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** `stageRequest`, as the FormData tRPC hands its procedure: each file a File backed by its staged copy on disk. */
  async formDataOf(req: IncomingMessage): Promise<FormData> {
    const upload = await this.stageRequest(req);
    if (upload.files.length === 0) await fs.promises.rm(upload.dir, { recursive: true, force: true }); // nothing on disk to hand over
    const form = new FormData();
    for (const [field, value] of Object.entries(upload.options)) form.append(field, String(value));
    for (const file of upload.files) {
      const onDisk = new File([await fs.openAsBlob(file.path)], file.fileName);
      this.staged.set(onDisk, file);
      form.append(file.kind, onDisk);
    }
    return form;
  }

  /** A FormData upload staged: files this pipeline staged already are taken as they are, any other is written to disk. */
  async stageForm(form: FormData): Promise<StagedUpload> {
    const dir = await createStagingDir(this.uploadLimits.dir);
    const staging = new Staging(dir, this.uploadLimits);
    const entries = [...(form as unknown as Iterable<[string, string | File]>)];
    try {
      let reusedDir: string | null = null;
      for (const [field, value] of entries) {
        if (typeof value === 'string') {
          staging.text(field, value);
          continue;
        }
        const file = staging.file(field, value.name);
        const onDisk = this.staged.get(value);
        if (onDisk) {
          Object.assign(file, { path: onDisk.path, bytes: onDisk.bytes, parsing: onDisk.parsing });
          reusedDir = path.dirname(onDisk.path);
        } else {
          if (value.size > this.uploadLimits.maxFileBytes) throw staging.tooLarge(field);
          file.bytes = value.size;
          await pipeline(value.stream(), fs.createWriteStream(file.path));
        }
      }
      const upload = staging.finish();
      if (reusedDir && upload.files.every((f) => path.dirname(f.path) === reusedDir)) {
        await fs.promises.rm(dir, { recursive: true, force: true }); // nothing was written to it
        upload.dir = reusedDir;
      }
      return upload;
    } catch (error) {
      await discardStaged(entries.flatMap(([, value]) => (typeof value === 'string' ? [] : [this.staged.get(value)].filter((f): f is StagedFile => !!f))));
      await fs.promises.rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Imports a staged upload for `user` (or, with `dryRun`, says what it would change); removes its files either way. */
  async run(user: PublicUser, upload: StagedUpload) {
    if (upload.files.length === 0) {
      await fs.promises.rm(upload.dir, { recursive: true, force: true });
      throw new AppError('BAD_REQUEST', `files: attach at least one CSV, as one of the fields ${UPLOAD_KINDS.join(', ')}`);
    }
    const { mode, dryRun } = upload.options;
    return dryRun ? this.hrdata.dryRun(upload.files, mode) : this.hrdata.import(upload.files, mode, user.id);
  }

  /** An upload given as FormData by an admitted user (tRPC's `hrdata.upload`). */
  async upload(user: PublicUser, form: FormData) {
    return this.run(user, await this.stageForm(form));
  }
}
