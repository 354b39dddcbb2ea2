import type { WebSocket } from 'ws';

export const POLICY_VIOLATION = 1008;

interface OpenSocket {
  socket: WebSocket;
  sessionId: string | null;
}

/**
 * Every authenticated WebSocket (tRPC and legacy) by user: enforces the per-user limit
 * and closes a session's sockets when it ends (logout, password change).
 */
export class ConnectionRegistry {
  private readonly byUser = new Map<number, Set<OpenSocket>>();

  constructor(private readonly maxPerUser: number) {}

  /** False when the user already has the maximum number of sockets open. */
  register(userId: number, sessionId: string | null, socket: WebSocket): boolean {
    let sockets = this.byUser.get(userId);
    if (!sockets) {
      sockets = new Set();
      this.byUser.set(userId, sockets);
    }
    if ([...sockets].some((open) => open.socket === socket)) return true;
    if (sockets.size >= this.maxPerUser) return false;
    const entry = { socket, sessionId };
    sockets.add(entry);
    socket.once('close', () => {
      sockets.delete(entry);
      if (sockets.size === 0 && this.byUser.get(userId) === sockets) this.byUser.delete(userId);
    });
    return true;
  }

  closeSession(sessionId: string, reason: string): void {
    for (const sockets of this.byUser.values()) {
      for (const open of sockets) if (open.sessionId === sessionId) open.socket.close(POLICY_VIOLATION, reason);
    }
  }

  closeUser(userId: number, reason: string): void {
    for (const open of this.byUser.get(userId) ?? []) open.socket.close(POLICY_VIOLATION, reason);
  }

  total(): number {
    let total = 0;
    for (const sockets of this.byUser.values()) total += sockets.size;
    return total;
  }

  count(userId: number): number {
    return this.byUser.get(userId)?.size ?? 0;
  }
}

/**
 * The slow-reader policy: a socket whose unsent data passes `maxBytes` is cut, so one
 * stalled client cannot make the server buffer without bound. Returns false if cut.
 */
export function withinBuffer(socket: WebSocket, maxBytes: number): boolean {
  if (socket.bufferedAmount <= maxBytes) return true;
  socket.terminate();
  return false;
}
