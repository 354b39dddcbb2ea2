import { AsyncQueue } from './async-queue.js';
import type { BusRecord, EventBus } from './event-bus.js';

export type FollowItem<T> =
  /** `cursor`: where a subscriber resumes from after this record (its id, when following one channel). */
  | { kind: 'record'; record: BusRecord<T>; cursor: string }
  /** Replay is over (or there was none): what follows is live. `replay` says how resuming went. */
  | { kind: 'live'; headId: string; replay: 'none' | 'done' | 'gap' };

export interface FollowOptions<T> {
  lastEventId?: string | null | undefined;
  signal: AbortSignal;
  accept?: (payload: T) => boolean;
  /** Live records waiting for a reader that is not reading: beyond this the follow ends (it resumes by cursor). */
  maxQueued?: number;
}

/** The cursor of several channels: one id per channel, in the order the channels were given. */
const SEPARATOR = '~';

const DEFAULT_MAX_QUEUED = 1000;

/** One channel from `lastEventId` on; cursors are the channel's own ids. */
export function followChannel<T>(bus: EventBus<T>, channel: string, options: FollowOptions<T>): AsyncGenerator<FollowItem<T>> {
  return followChannels(bus, [channel], options);
}

/**
 * Channels from `lastEventId` on, merged: listens first, then replays what was missed,
 * then goes live, yielding every accepted record once and in each channel's order, until
 * `signal` aborts. With several channels a cursor names a position in each of them, so
 * resuming from it is exact on every channel.
 */
export async function* followChannels<T>(bus: EventBus<T>, channels: string[], options: FollowOptions<T>): AsyncGenerator<FollowItem<T>> {
  const accept = options.accept ?? (() => true);
  const maxQueued = options.maxQueued ?? DEFAULT_MAX_QUEUED;
  const queue = new AsyncQueue<{ index: number; record: BusRecord<T> }>(options.signal);
  const unsubscribes = await Promise.all(
    channels.map((channel, index) =>
      bus.subscribe(channel, (record) => {
        if (!accept(record.payload)) return;
        if (queue.size >= maxQueued) queue.end();
        else queue.push({ index, record });
      }),
    ),
  );
  try {
    const resumeFrom = options.lastEventId ? options.lastEventId.split(SEPARATOR) : null;
    const resumable = resumeFrom?.length === channels.length ? resumeFrom : null;
    const missed = await Promise.all(
      channels.map((channel, index) => (resumable ? bus.replay(channel, resumable[index]!) : Promise.resolve(null))),
    );
    const last = await Promise.all(channels.map((channel, index) => (missed[index] ? resumable![index]! : bus.headId(channel))));
    const cursor = () => last.join(SEPARATOR);
    const replayed = missed
      .flatMap((records, index) => (records ?? []).map((record) => ({ index, record })))
      .sort((a, b) => (bus.isAfter(a.record.id, b.record.id) ? 1 : bus.isAfter(b.record.id, a.record.id) ? -1 : 0));
    for (const { index, record } of replayed) {
      if (!accept(record.payload)) continue;
      last[index] = record.id;
      yield { kind: 'record', record, cursor: cursor() };
    }
    const replay = !options.lastEventId ? 'none' : missed.every((records) => records !== null) ? 'done' : 'gap';
    yield { kind: 'live', headId: cursor(), replay };
    for await (const { index, record } of queue) {
      if (!bus.isAfter(record.id, last[index]!)) continue;
      last[index] = record.id;
      yield { kind: 'record', record, cursor: cursor() };
    }
  } finally {
    for (const unsubscribe of unsubscribes) unsubscribe();
    queue.end();
  }
}
