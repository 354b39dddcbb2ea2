/**
 * Domain errors, independent of any transport. Codes share tRPC's names so the
 * tRPC layer maps them one to one; the legacy REST layer maps them to HTTP statuses.
 */
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'PAYLOAD_TOO_LARGE'
  | 'SERVICE_UNAVAILABLE';

export interface ImportErrorDetail {
  kind: string;
  fileName: string;
  message: string;
  rowErrors: Array<{ row: number; column: string; reason: string }>;
  rowErrorCount: number;
}

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** TOO_MANY_REQUESTS: when to try again; a rejected HR upload: each file's problems. */
    readonly details: { retryAfterSeconds?: number; importErrors?: ImportErrorDetail[] } = {},
  ) {
    super(message);
  }
}
