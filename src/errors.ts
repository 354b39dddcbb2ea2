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

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    /** For TOO_MANY_REQUESTS: when to try again. */
    readonly details: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}
