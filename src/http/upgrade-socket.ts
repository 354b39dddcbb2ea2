import type { Duplex } from 'node:stream';

const guards = new WeakMap<Duplex, () => void>();

/** Until a WebSocket takes the socket over, a client that resets it must not be an unhandled 'error'. */
export function guardUpgradeSocket(socket: Duplex): void {
  const guard = () => socket.destroy();
  guards.set(socket, guard);
  socket.on('error', guard);
}

/** The WebSocket has the socket now, with its own error handling: the guard goes (one listener less per connection). */
export function releaseUpgradeSocket(socket: Duplex): void {
  const guard = guards.get(socket);
  if (!guard) return;
  socket.off('error', guard);
  guards.delete(socket);
}
