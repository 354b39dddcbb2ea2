import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuthService } from '../auth/auth-service.js';
import type { Logger } from '../logger.js';
import type { ConnectionRegistry } from './connections.js';

/**
 * Sockets check their session once, as they open. Every `intervalMs` this checks again the
 * sessions open sockets stand on: a socket whose session expired or was removed
 * (as logout does on another instance, or an operator in the database) or whose user's role
 * changed is closed (1008), and its client signs in again. A session used over a socket since
 * the last check slides as one used over HTTP does. Sessions are checked `slice` at a time, a
 * turn of the event loop apart, so that 10,000 open sockets do not make one burst of queries,
 * rows and garbage. Returns the function that stops it.
 */
export function startSessionRecheck(auth: AuthService, connections: ConnectionRegistry, intervalMs: number, logger: Logger, slice = 500): () => void {
  let running = false;
  const recheck = async () => {
    const inUse = connections.takeSessionsInUse();
    if (inUse.length === 0) return;
    for (let start = 0; start < inUse.length; start += slice) {
      if (start > 0) await nextTurn();
      const sessions = inUse.slice(start, start + slice);
      const standing = await auth.standingSessions(sessions.map(({ sessionId }) => sessionId));
      for (const { sessionId, role, used } of sessions) {
        const now = standing.get(sessionId);
        if (!now) connections.closeSession(sessionId, 'session expired');
        else if (now.role !== role) connections.closeSession(sessionId, 'account changed: sign in again');
        else if (used) await auth.slide(sessionId);
      }
    }
  };
  const timer = setInterval(() => {
    if (running) return; // a slow database: the next tick checks again
    running = true;
    recheck()
      .catch((error) => logger.error({ err: error }, 'could not check the sessions of open sockets'))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
