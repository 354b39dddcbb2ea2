import { AppError } from '../errors.js';

/** Configurable text limits, checked in the services so every transport gets the same answer. */
export function assertMaxChars(field: string, text: string, max: number): void {
  if (text.length > max) {
    throw new AppError('BAD_REQUEST', `${field}: must be at most ${max} characters (got ${text.length})`);
  }
}
