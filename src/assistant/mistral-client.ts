import { Mistral } from '@mistralai/mistralai';
import type { RetryConfig } from '@mistralai/mistralai/lib/retries.js';
import type { Config } from '../config.js';

/** The SDK client, or null when no API key is configured (the assistant then answers offline). */
export function createMistralClient(config: Config['mistral']): Mistral | null {
  if (!config.apiKey) return null;
  return new Mistral({
    apiKey: config.apiKey,
    ...(config.serverUrl ? { serverURL: config.serverUrl } : {}),
  });
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
