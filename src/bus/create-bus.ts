import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { EventBus } from './event-bus.js';
import { MemoryEventBus } from './memory-bus.js';
import { RedisEventBus } from './redis-bus.js';

/** In-process by default; Redis when REDIS_URL is set, so several instances share the events. */
export function createEventBus<T>(config: Config, logger: Logger, options: { replayBuffer: number; retentionMs: number; maxBytes?: number }): EventBus<T> {
  if (!config.redisUrl) return new MemoryEventBus<T>(options);
  return new RedisEventBus<T>({ url: config.redisUrl, prefix: config.redisPrefix, logger: logger.child({ module: 'redis-bus' }), ...options });
}
