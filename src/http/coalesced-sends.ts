import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';

/**
 * Frames sent to one WebSocket in the same turn of the event loop leave in one write:
 * the first send of a turn corks the socket and the turn's end (`setImmediate`) uncorks it.
 * A question's mutation result and its `message` event, or an answer's last chunk and its
 * `done`, are produced in one turn; each write to a socket is a system call (on loopback it
 * also runs the receiver's side), the most expensive step of a small frame. Nothing waits
 * longer than the turn it was sent in; `ws` corks and uncorks around each frame itself, and
 * cork counts nest, so its frames simply stay buffered until this uncork.
 */
export function coalesceSends(ws: WebSocket, socket: Duplex): void {
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  const send = ws.send;
  ws.send = function (this: WebSocket, ...args: Parameters<WebSocket['send']>) {
    if (!corked && this.readyState === WebSocket.OPEN) {
      corked = true;
      socket.cork();
      setImmediate(uncork);
    }
    return send.apply(this, args);
  } as WebSocket['send'];
}
