import type { WebSocket } from 'ws';
import type { Role } from '../db/schema.js';

export const POLICY_VIOLATION = 1008;

interface OpenSocket {
  socket: WebSocket;
  sessionId: string | null;
  /** The user's role when the socket authenticated: what its calls are allowed. */
  role: Role;
}

/** A session that open sockets stand on, for the periodic check (session-recheck.ts). */
export interface SessionInUse {
  sessionId: string;
  role: Role;
  used: boolean;
}

/**
 * Every authenticated WebSocket (tRPC and legacy) by user and by session: enforces the per-user
 * limit and closes a session's sockets when it ends (logout, password change).
 */
export class ConnectionRegistry {
  private readonly byUser = new Map<number, Set<OpenSocket>>();
  private readonly bySession = new Map<string, Set<OpenSocket>>();
  private readonly awaitingRegistration = new WeakMap<WebSocket, () => void>();
  /** Sessions a call came in on over a socket since the last session check. */
  private readonly usedSessions = new Set<string>();

  constructor(private readonly maxPerUser: number) {}

  /** Runs `registered` once `socket` is registered as a user's (it authenticated). */
  onceRegistered(socket: WebSocket, registered: () => void): void {
    this.awaitingRegistration.set(socket, registered);
  }

  /** False when the user already has the maximum number of sockets open. */
  register(userId: number, sessionId: string | null, role: Role, socket: WebSocket): boolean {
    const sockets = this.byUser.get(userId);
    if (sockets && [...sockets].some((open) => open.socket === socket)) return true;
    if (sockets && sockets.size >= this.maxPerUser) return false;
    const entry: OpenSocket = { socket, sessionId, role };
    addTo(this.byUser, userId, entry);
    if (sessionId !== null) addTo(this.bySession, sessionId, entry);
    this.awaitingRegistration.get(socket)?.();
    this.awaitingRegistration.delete(socket);
    socket.once('close', () => {
      removeFrom(this.byUser, userId, entry);
      if (sessionId !== null) removeFrom(this.bySession, sessionId, entry);
    });
    return true;
  }

  closeSession(sessionId: string, reason: string): void {
    for (const open of this.bySession.get(sessionId) ?? []) open.socket.close(POLICY_VIOLATION, reason);
  }

  closeUser(userId: number, reason: string): void {
    for (const open of this.byUser.get(userId) ?? []) open.socket.close(POLICY_VIOLATION, reason);
  }

  /** A call came in over a socket of this session. */
  used(sessionId: string): void {
    this.usedSessions.add(sessionId);
  }

  /** The sessions open sockets stand on (one entry per session), and whether a call used it since last asked. */
  takeSessionsInUse(): SessionInUse[] {
    const sessions = [...this.bySession].map(([sessionId, sockets]) => {
      const { role } = sockets.values().next().value!;
      return { sessionId, role, used: this.usedSessions.has(sessionId) };
    });
    this.usedSessions.clear();
    return sessions;
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

function addTo<K>(index: Map<K, Set<OpenSocket>>, key: K, entry: OpenSocket): void {
  let sockets = index.get(key);
  if (!sockets) {
    sockets = new Set();
    index.set(key, sockets);
  }
  sockets.add(entry);
}

function removeFrom<K>(index: Map<K, Set<OpenSocket>>, key: K, entry: OpenSocket): void {
  const sockets = index.get(key);
  if (!sockets?.delete(entry)) return;
  if (sockets.size === 0) index.delete(key);
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
