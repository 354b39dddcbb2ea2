import type { AuthService, Revocation } from '../auth/auth-service.js';
import type { EventBus } from '../bus/event-bus.js';
import type { ConnectionRegistry } from './connections.js';

const REVOCATIONS_CHANNEL = 'auth:revocations';

/** What travels on the bus: which sockets to close, and the close reason their clients see. */
export type SocketClosing = Revocation & { reason?: string };

/**
 * A session ended on any instance closes its sockets on every instance: the revocation
 * goes over the bus, and each process's one listener closes its own sockets of it.
 * Returns the function that closes sockets everywhere for other reasons (a changed account link).
 */
export async function closeSocketsOnRevocation(
  auth: AuthService,
  bus: EventBus<SocketClosing>,
  connections: ConnectionRegistry,
): Promise<(closing: SocketClosing) => Promise<void>> {
  await bus.subscribe(REVOCATIONS_CHANNEL, ({ payload }) =>
    'sessionId' in payload
      ? connections.closeSession(payload.sessionId, payload.reason ?? 'session ended')
      : connections.closeUser(payload.userId, payload.reason ?? 'sessions ended'),
  );
  const closeEverywhere = async (closing: SocketClosing) => {
    await bus.publish(REVOCATIONS_CHANNEL, closing);
  };
  auth.onRevoked(closeEverywhere);
  return closeEverywhere;
}
