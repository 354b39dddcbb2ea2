import { constants, PerformanceObserver } from 'node:perf_hooks';
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
 * Bounds the garbage the JS heap gathers between full collections to about `headroomMb`.
 * V8 otherwise lets the heap grow 1.1 to 4 times what the last full collection kept, by how
 * cheap collecting is: with 10,000 open chats that is hundreds of megabytes, mostly the Mistral
 * SDK's (its zod validation results and undici `Request` clones outlive the young generation,
 * held by weak maps and finalization registries that only a full collection clears). A small
 * heap keeps V8's choice, so a busy small server does not collect more often than before.
 * V8 reads the flag whenever it sets the next limit, after each full collection.
 */
export function boundHeapGrowth(headroomMb: number): () => void {
  if (headroomMb <= 0) return () => {};
  const headroom = headroomMb * 1024 * 1024;
  let current = 0;
  const observer = new PerformanceObserver((list) => {
    const major = list.getEntries().some((entry) => (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR);
    if (!major) return;
    const percent = growthPercentFor(v8.getHeapStatistics().used_heap_size, headroom);
    if (percent === current) return;
    v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
    current = percent;
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}
