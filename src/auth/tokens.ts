import { createHash, randomBytes } from 'node:crypto';

/** A bearer token: 160 random bits, URL-safe. */
export function newSessionToken(): string {
  return randomBytes(20).toString('base64url');
}

/** An HR invite's code: as unguessable as a session token. */
export const newInviteCode = newSessionToken;

/** Bearer secrets (session tokens, invite codes) are stored only as this hash, so a leaked table grants nothing. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Sessions are keyed by the token's hash. */
export function sessionIdFromToken(token: string): string {
  return secretHash(token);
}
