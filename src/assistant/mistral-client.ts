import type { Mistral } from '@mistralai/mistralai';
import type { RetryConfig } from '@mistralai/mistralai/lib/retries.js';
import type { Config } from '../config.js';
import { createFetchFetcher, createNodeHttpFetcher } from './node-http-fetcher.js';

/** The SDK client, created on first use. */
export type MistralClient = () => Promise<Mistral>;

let sdk: Promise<typeof import('@mistralai/mistralai')> | undefined;
/**
 * Importing the SDK takes seconds: it is never imported without an API key, and with one it is
 * imported on first use or, at the latest, in the background once the server listens.
 */
export const loadMistralSdk = () => (sdk ??= import('@mistralai/mistralai'));

/**
 * The SDK client, or null when no API key is configured (the assistant then answers offline).
 * Its requests go through the SDK's documented `HTTPClient` option with a fetcher that also
 * follows the caller's signal (`withCallerSignal`): Node's own HTTP client (`httpClient: 'node'`)
 * or Node's `fetch`; everything else is the SDK's.
 */
export function createMistralClient(config: Config['mistral']): MistralClient | null {
  const { apiKey, serverUrl } = config;
  if (!apiKey) return null;
  let client: Promise<Mistral> | undefined;
  return () =>
    (client ??= Promise.all([loadMistralSdk(), import('@mistralai/mistralai/lib/http.js')]).then(
      ([{ Mistral }, { HTTPClient }]) =>
        new Mistral({
          apiKey,
          ...(serverUrl ? { serverURL: serverUrl } : {}),
          httpClient: new HTTPClient({ fetcher: config.httpClient === 'node' ? createNodeHttpFetcher() : createFetchFetcher() }),
        }),
    ));
}

/**
 * Retries 429/5xx and connection errors with exponential backoff; the SDK adds up to
 * a second of random jitter to every wait. Only the request is retried: once the
 * first byte of an answer has arrived, a failure is not retried here.
 */
export function retryPolicy(config: Config['mistral']): RetryConfig {
  if (config.retryMaxElapsedMs === 0) return { strategy: 'none' };
  return {
    strategy: 'backoff',
    backoff: {
      initialInterval: config.retryInitialMs,
      maxInterval: Math.max(config.retryInitialMs, 4000),
      exponent: 1.5,
      maxElapsedTime: config.retryMaxElapsedMs,
    },
    retryConnectionErrors: true,
  };
}

/**
 * Starts an SDK call with no stack traces captured. The SDK validates a request synchronously
 * when the call starts, and its union types try every candidate schema: each one that does not
 * match makes a zod error, and each error captures a stack trace, only to be dropped when
 * another candidate matches. For a request of 20 messages that was ~40% of the validation's
 * time. A request that is really invalid still fails with the SDK's message.
 */
export function withoutStackTraces<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
