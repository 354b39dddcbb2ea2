import { createHash, randomBytes } from 'node:crypto';

/** A bearer token: 160 random bits, URL-safe. */
export function newSessionToken(): string {
  return randomBytes(20).toString('base64url');
}

/** Sessions are keyed by the token's hash, so a leaked sessions table grants nothing. */
export function sessionIdFromToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
