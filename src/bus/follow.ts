import { AsyncQueue } from './async-queue.js';
import type { BusRecord, EventBus } from './event-bus.js';

export type FollowItem<T> =
  | { kind: 'record'; record: BusRecord<T> }
  /** Replay is over (or there was none): what follows is live. `replay` says how resuming went. */
  | { kind: 'live'; headId: string; replay: 'none' | 'done' | 'gap' };

/**
 * A channel from `lastEventId` on: listens first, then replays what was missed, then
 * goes live, yielding every accepted record once and in order, until `signal` aborts.
 */
export async function* followChannel<T>(
  bus: EventBus<T>,
  channel: string,
  options: { lastEventId?: string | null | undefined; signal: AbortSignal; accept?: (payload: T) => boolean },
): AsyncGenerator<FollowItem<T>> {
  const accept = options.accept ?? (() => true);
  const queue = new AsyncQueue<BusRecord<T>>(options.signal);
  const unsubscribe = await bus.subscribe(channel, (record) => {
    if (accept(record.payload)) queue.push(record);
  });
  try {
    const missed = options.lastEventId ? await bus.replay(channel, options.lastEventId) : undefined;
    let last: string;
    if (missed) {
      last = options.lastEventId!;
      for (const record of missed) {
        if (!accept(record.payload)) continue;
        last = record.id;
        yield { kind: 'record', record };
      }
      yield { kind: 'live', headId: last, replay: 'done' };
    } else {
      last = await bus.headId(channel);
      yield { kind: 'live', headId: last, replay: missed === null ? 'gap' : 'none' };
    }
    for await (const record of queue) {
      if (!bus.isAfter(record.id, last)) continue;
      last = record.id;
      yield { kind: 'record', record };
    }
  } finally {
    unsubscribe();
    queue.end();
  }
}
