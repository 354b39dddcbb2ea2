import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { parseCookie, stringifySetCookie } from 'cookie';

/**
 * The session cookie `POST /login/` sets for the original frontend's chat socket, which
 * cannot send a token (browsers put no headers on a WebSocket, and its page sends none
 * in its frames). It holds the same session token as the login's `access`, so ending
 * that session (logout, password change, revocation) ends the cookie too.
 * - `HttpOnly`: page scripts cannot read it.
 * - `SameSite=Lax`: browsers do not send it with cross-site subrequests (a WebSocket or
 *   fetch from another site's page); the upgrade's Origin check refuses foreign pages as well.
 * - `Secure` when the login came over HTTPS or in production.
 * - `Path=/`, `Max-Age` = the session lifetime. Only the legacy socket accepts it: every
 *   other path still wants `Authorization: Bearer`, so it cannot be used for CSRF.
 */
export const SESSION_COOKIE = 'hr_session';

export function sessionCookie(req: IncomingMessage, token: string, options: { lifetimeHours: number; production: boolean }): string {
  const overTls = (req.socket as TLSSocket).encrypted === true;
  return stringifySetCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: overTls || options.production,
    path: '/',
    maxAge: Math.floor(options.lifetimeHours * 3600),
  });
}

/** The session token of the request's cookie, if it carries one. */
export function sessionCookieToken(req: IncomingMessage): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  return parseCookie(header)[SESSION_COOKIE] || null;
}
