import type { Duplex } from 'node:stream';

/**
 * Legacy sockets opened without a token wait for their `connection` frame: at most
 * `maxPerIp` at once from one address, each for at most `timeoutMs`. Only the wait is
 * tracked (one timer), never an authenticated socket.
 */
export class UnauthenticatedSockets {
  private readonly waitingByIp = new Map<string, number>();

  constructor(private readonly limits: { timeoutMs: number; maxPerIp: number }) {}

  /**
   * Admits `socket` from `ip` to wait, or returns null when that address already has the
   * maximum waiting. `expire` runs if it still waits after the timeout. The returned
   * function ends the wait (call it once authenticated); the socket's close ends it too.
   */
  admit(ip: string, socket: Duplex, expire: () => void): (() => void) | null {
    const waiting = this.waitingByIp.get(ip) ?? 0;
    if (waiting >= this.limits.maxPerIp) return null;
    this.waitingByIp.set(ip, waiting + 1);
    const timer = setTimeout(expire, this.limits.timeoutMs);
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      socket.off('close', end);
      const left = (this.waitingByIp.get(ip) ?? 1) - 1;
      if (left > 0) this.waitingByIp.set(ip, left);
      else this.waitingByIp.delete(ip);
    };
    socket.once('close', end);
    return end;
  }
}
