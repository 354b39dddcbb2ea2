import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors.js';
import type { StagedFile } from '../hrdata/staged-file.js';
import type { AppServices } from '../services.js';
import { bearerToken } from '../trpc/context.js';
import { isMultipart, stageMultipartUpload } from './multipart-upload.js';

/** What the edge did with an upload's files before tRPC saw the request. */
export type StagedUpload = { files: StagedFile[] } | { error: AppError } | { refused: true };

const STAGED = Symbol('stagedUpload');
type UploadRequest = IncomingMessage & { [STAGED]?: StagedUpload; body?: string };

export const UPLOAD_PATH = '/trpc/hrdata.upload';

export function stagedUploadOf(req: IncomingMessage): StagedUpload | null {
  return (req as UploadRequest)[STAGED] ?? null;
}

/**
 * tRPC reads a FormData body whole into memory; HR files can be a gigabyte. So the edge
 * streams the files to disk first (for an HR caller within the upload rate limit) and hands
 * tRPC a body with the files taken out: the procedure finds them on the context.
 */
export async function stageTrpcUpload(req: IncomingMessage, services: AppServices): Promise<void> {
  if (req.method !== 'POST' || !isMultipart(req)) return;
  const request = req as UploadRequest;
  const session = await services.auth.authenticate(bearerToken(req.headers.authorization));
  if (!session || session.user.role !== 'hr') {
    request[STAGED] = { refused: true }; // the procedure's own check answers UNAUTHORIZED / FORBIDDEN
    req.resume();
  } else {
    try {
      await services.hrdata.admitUpload(session.user.id, req.socket.remoteAddress ?? 'unknown');
      request[STAGED] = { files: await stageMultipartUpload(req, services.config.hrData) };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      request[STAGED] = { error };
      req.resume();
    }
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(req.headers['content-type'] ?? '');
  const mark = boundary?.[1] ?? boundary?.[2] ?? 'staged';
  request.body = `--${mark}\r\nContent-Disposition: form-data; name="staged"\r\n\r\n1\r\n--${mark}--\r\n`;
}
