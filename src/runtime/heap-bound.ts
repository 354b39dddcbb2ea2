import { constants, performance, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

/** V8's own smallest growth: below it, full collections would follow each other too closely. */
const MIN_PERCENT = 10;

/**
 * The growth past the live heap (V8's `--heap-growing-percent`) that leaves `headroomBytes` for
 * garbage before the next full collection; 0, V8's own choice, while the live heap is smaller.
 */
export function growthPercentFor(liveBytes: number, headroomBytes: number): number {
  if (headroomBytes <= 0 || liveBytes <= headroomBytes) return 0;
  return Math.max(MIN_PERCENT, Math.round((headroomBytes / liveBytes) * 100));
}

/**
 * Whether the old generation keeps more than the headroom and a quarter past what a full
 * collection found live in it: the garbage room, and the rest in pages between long-lived
 * objects (right after a full collection V8 still holds the garbage room's pages: ≈ 5–20 MB
 * more than the headroom when nothing is fragmented, at 300 MB live).
 */
export function isFragmented(oldSpace: { reservedBytes: number; liveBytes: number }, headroomBytes: number): boolean {
  return headroomBytes > 0 && oldSpace.reservedBytes - oldSpace.liveBytes > 1.25 * headroomBytes;
}

/**
 * What the next full collection will find live, at least, as the heap fills: once what is in use
 * passes the last live heap by twice the headroom, the limit V8 set from an older, smaller live
 * heap is letting it grow (V8 reads the growth one collection late), and all but the headroom of
 * what is in use is taken as live.
 */
export function liveEstimate(lastLiveBytes: number, usedBytes: number, headroomBytes: number): number {
  return usedBytes > lastLiveBytes + 2 * headroomBytes ? usedBytes - headroomBytes : lastLiveBytes;
}

export interface HeapBoundOptions {
  /** Whether to look at the heap at each young-generation collection too (false: only at full ones). */
  estimateBetweenFullCollections?: boolean;
  /** At most one compacting collection this often: each pauses the process (0.35–1.5 s at 300 MB live). */
  minCompactionIntervalMs?: number;
  /** After a compacting collection: what the old generation reserved before it and after it, and how long it took (ms). */
  onCompacted?: (reservedBefore: number, reservedAfter: number, durationMs: number) => void;
}

const MB = 1024 * 1024;

/**
 * Bounds the JS heap to about what is live plus `headroomMb` of garbage, plus what lies between
 * long-lived objects.
 *
 * Garbage: V8 otherwise lets the heap grow 1.1 to 4 times what the last full collection kept,
 * by how cheap collecting is: with 10,000 open chats that is hundreds of megabytes, mostly the
 * Mistral SDK's (its zod validation results and undici `Request` clones outlive the young
 * generation, held by weak maps and finalization registries that only a full collection
 * clears). So after each full collection the next is set to come after `headroomMb` more (V8
 * reads `--heap-growing-percent` whenever it sets the next limit). A small heap keeps V8's
 * choice, so a busy small server does not collect more often than before.
 *
 * Between long-lived objects: under steady traffic, pages hold a few survivors each (events
 * kept for resume, conversation windows) among what died, and V8 compacts only a few MB of them
 * per collection, so what it reserves creeps up (≈ 3 MB/min at 10,000 chats) while what is live
 * does not. When it is fragmented (`isFragmented`) at two full collections in a row, the next
 * one compacts the whole old generation (`--compact-on-every-full-gc`, for that one).
 */
export function boundHeap(headroomMb: number, options: HeapBoundOptions = {}): () => void {
  if (headroomMb <= 0) return () => {};
  const headroom = headroomMb * MB;
  const minCompactionIntervalMs = options.minCompactionIntervalMs ?? 5 * 60_000;
  let percent = 0;
  let lastLive = 0;
  let fragmentedInARow = 0;
  let compactingFrom: number | null = null;
  let lastCompactionAt = performance.now();
  const setGrowth = (next: number) => {
    if (next === percent) return;
    v8.setFlagsFromString(`--heap-growing-percent=${next}`);
    percent = next;
  };
  // The limit in force was set from the live heap of the collection before last: when the live
  // heap grows fast (thousands of subscriptions opening), the growth for the next limit is set
  // from what is in use now, before that collection sets it. Young-generation collections come
  // every few MB allocated, so the heap is looked at as it fills, however busy the machine.
  const estimateBetween = options.estimateBetweenFullCollections ?? true;
  const lowerFromUse = () => {
    const next = growthPercentFor(liveEstimate(lastLive, v8.getHeapStatistics().used_heap_size, headroom), headroom);
    if (next !== 0 && (percent === 0 || next < percent)) setGrowth(next);
  };
  const observer = new PerformanceObserver((list) => {
    const major = list.getEntries().find((entry) => (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    if (!major) {
      if (estimateBetween) lowerFromUse();
      return;
    }
    lastLive = v8.getHeapStatistics().used_heap_size;
    setGrowth(growthPercentFor(lastLive, headroom));
    const old = oldSpace();
    if (compactingFrom !== null) {
      v8.setFlagsFromString('--no-compact-on-every-full-gc');
      options.onCompacted?.(compactingFrom, old.reservedBytes, major.duration);
      compactingFrom = null;
      lastCompactionAt = performance.now();
      fragmentedInARow = 0;
      return;
    }
    fragmentedInARow = isFragmented(old, headroom) ? fragmentedInARow + 1 : 0;
    if (fragmentedInARow >= 2 && performance.now() - lastCompactionAt >= minCompactionIntervalMs) {
      v8.setFlagsFromString('--compact-on-every-full-gc');
      compactingFrom = old.reservedBytes;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    observer.disconnect();
    if (compactingFrom !== null) v8.setFlagsFromString('--no-compact-on-every-full-gc');
  };
}

/** What V8's old space reserves, and what of it is in use (live, right after a full collection). */
export function oldSpace(): { reservedBytes: number; liveBytes: number } {
  const old = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'old_space');
  return { reservedBytes: old?.space_size ?? 0, liveBytes: old?.space_used_size ?? 0 };
}
