/**
 * The signal of the Mistral SDK call being made, for the fetcher that sends its request. On
 * Node 20 the `Request` the SDK builds, and the clone of it that it sends, follow the caller's
 * signal only through a weak reference: after a garbage collection an abort or a timeout can
 * be lost, and the request then hangs for good (a report job that never ends, a moderation
 * slot never freed). So the fetcher also follows the caller's own signal, found through a
 * request header that names it (the SDK copies a call's `headers` option onto its requests;
 * the fetchers take the header off before sending). Not an `AsyncLocalStorage`: on Node 20
 * that turns on promise hooks for the whole process, ≈ 3% of the chat's CPU.
 */
export const CALLER_SIGNAL_HEADER = 'x-hr-assistant-caller';

const signals = new Map<string, AbortSignal>();
let lastCall = 0;

/** The SDK request options that abort a call with its caller's signal. */
export interface CallerSignalOptions {
  signal: AbortSignal;
  headers: Record<string, string>;
}

/** Runs `call` (an SDK call, to spread `options` into its request options) so that its requests are aborted with `signal`. */
export async function withCallerSignal<T>(signal: AbortSignal, call: (options: CallerSignalOptions) => Promise<T>): Promise<T> {
  const name = String(++lastCall);
  signals.set(name, signal);
  try {
    return await call({ signal, headers: { [CALLER_SIGNAL_HEADER]: name } });
  } finally {
    // Every request of the call (retries included) is sent by now, and its fetcher holds the signal.
    signals.delete(name);
  }
}

/** The signal of the call that made a request with these headers, if it was made by `withCallerSignal`. */
export function callerSignalOf(headers: Headers): AbortSignal | undefined {
  const name = headers.get(CALLER_SIGNAL_HEADER);
  return name === null ? undefined : signals.get(name);
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
