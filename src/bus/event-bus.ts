/**
 * Channels of ordered events with ids, replayable for a while after publishing.
 * In-process by default; a Redis implementation lets several instances share rooms.
 */
export interface BusRecord<T> {
  id: string;
  payload: T;
}

export interface EventBus<T> {
  /** Publishes and returns the event's id (ordered within the channel). */
  publish(channel: string, payload: T): Promise<string>;
  /** Resolves once the listener is live (for Redis: once SUBSCRIBE is acknowledged); returns the unsubscribe. */
  subscribe(channel: string, listener: (record: BusRecord<T>) => void): Promise<() => void>;
  /** Events after `afterId`, oldest first; `null` when that id is unknown or no longer retained. */
  replay(channel: string, afterId: string): Promise<BusRecord<T>[] | null>;
  /** The newest id in the channel (a valid `afterId` for replay). */
  headId(channel: string): Promise<string>;
  /** Whether id `a` comes after id `b` in the same channel. */
  isAfter(a: string, b: string): boolean;
  /** Bytes (as JSON) of the events this process keeps for replay; 0 where another service keeps them (Redis). */
  replayBytes(): number;
  /** Throws when the bus's backing service is unreachable (health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
