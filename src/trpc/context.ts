import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { WebSocket } from 'ws';
import type { AppServices } from '../services.js';

export function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1] ?? null;
}

function isWebSocket(value: unknown): value is WebSocket {
  return typeof (value as WebSocket | undefined)?.ping === 'function' && 'bufferedAmount' in (value as object);
}

/**
 * Resolves the caller from a bearer token (HTTP) or the `token` connection param
 * (WebSocket, once per connection). An authenticated socket is registered, so the
 * per-user socket limit holds and logout closes it.
 */
export async function createContext(
  services: AppServices,
  opts: { req: IncomingMessage; res?: unknown; info?: { connectionParams?: Record<string, string | undefined> | null } },
) {
  const token = bearerToken(opts.req.headers.authorization) ?? opts.info?.connectionParams?.token ?? null;
  const auth = await services.auth.authenticate(token);
  const socket = isWebSocket(opts.res) ? opts.res : null;
  if (socket && auth && !services.connections.register(auth.user.id, auth.sessionId, auth.user.role, socket)) {
    const max = services.config.sockets.maxPerUser;
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `Too many open connections for this user (at most ${max})` });
  }
  return {
    services,
    user: auth?.user ?? null,
    sessionId: auth?.sessionId ?? null,
    ip: opts.req.socket.remoteAddress ?? 'unknown',
    /** The HTTP request's id (`X-Request-Id`); null over WebSocket. */
    requestId: typeof opts.req.id === 'string' ? opts.req.id : null,
    socket,
    /** Subscriptions open on this connection (shared by every call on it). */
    subscriptions: { open: 0 },
  };
}

export type Context = Awaited<ReturnType<typeof createContext>>;
