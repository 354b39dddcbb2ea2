import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';

export type LimitedAction = 'login' | 'register' | 'chat' | 'upload';

export interface RateLimitSettings {
  loginPerMinute: number;
  registerPerHour: number;
  chatPerMinute: number;
  uploadPerHour: number;
}

const WINDOWS: Record<LimitedAction, { points: (s: RateLimitSettings) => number; seconds: number }> = {
  login: { points: (s) => s.loginPerMinute, seconds: 60 },
  register: { points: (s) => s.registerPerHour, seconds: 3600 },
  chat: { points: (s) => s.chatPerMinute, seconds: 60 },
  upload: { points: (s) => s.uploadPerHour, seconds: 3600 },
};

/**
 * Per-user and per-IP limits (rate-limiter-flexible): in memory for one instance,
 * in Redis when several instances must share the counts.
 */
export class RateLimits {
  private readonly limiters: Record<LimitedAction, RateLimiterAbstract>;

  constructor(settings: RateLimitSettings, redis?: { client: Redis; prefix: string }) {
    const make = (action: LimitedAction): RateLimiterAbstract => {
      const options = { keyPrefix: `${redis?.prefix ?? ''}rl:${action}`, points: WINDOWS[action].points(settings), duration: WINDOWS[action].seconds };
      return redis
        ? new RateLimiterRedis({ ...options, storeClient: redis.client, insuranceLimiter: new RateLimiterMemory(options) })
        : new RateLimiterMemory(options);
    };
    this.limiters = { login: make('login'), register: make('register'), chat: make('chat'), upload: make('upload') };
  }

  /** Spends one point of `action` for each key (e.g. the user and the IP); throws TOO_MANY_REQUESTS when out. */
  async consume(action: LimitedAction, ...keys: string[]): Promise<void> {
    for (const key of keys) {
      try {
        await this.limiters[action].consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new AppError('TOO_MANY_REQUESTS', `Too many ${action} attempts: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
      }
    }
  }
}
