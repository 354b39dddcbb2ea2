import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The signal of the Mistral SDK call being made, for the fetcher that sends its request. On
 * Node 20 the `Request` the SDK builds, and the clone of it that it sends, follow the caller's
 * signal only through a weak reference: after a garbage collection an abort or a timeout can
 * be lost, and the request then hangs for good (a report job that never ends, a moderation
 * slot never freed). So the fetcher also follows the caller's own signal, passed here.
 */
const current = new AsyncLocalStorage<AbortSignal>();

/** Runs `call` (an SDK call) so that its requests are aborted with `signal`. */
export function withCallerSignal<T>(signal: AbortSignal, call: () => T): T {
  return current.run(signal, call);
}

export function callerSignal(): AbortSignal | undefined {
  return current.getStore();
}

/**
 * A signal that aborts with the first of `sources`, and `dispose` to unlink it. Unlike
 * `AbortSignal.any` on Node 20, the result is held by its sources' listeners, not weakly.
 */
export function linkSignals(...sources: AbortSignal[]): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const links = sources.map((source) => {
    const onAbort = () => controller.abort(source.reason);
    source.addEventListener('abort', onAbort, { once: true });
    return { source, onAbort };
  });
  const aborted = sources.find((source) => source.aborted);
  if (aborted) controller.abort(aborted.reason);
  return {
    signal: controller.signal,
    dispose: () => links.forEach(({ source, onAbort }) => source.removeEventListener('abort', onAbort)),
  };
}
