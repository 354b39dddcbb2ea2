import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors.js';

export type LimitedAction = 'register' | 'chat' | 'upload';

export interface RateLimitSettings {
  /** Failed logins per username and IP. */
  loginPerMinute: number;
  /** Failed logins per IP, whatever the username. */
  loginPerIpPerHour: number;
  /** Failed logins per username from every IP: past it, only IPs that have not failed for it may try. */
  loginPerUsernamePerHour: number;
  registerPerHour: number;
  chatPerMinute: number;
  uploadPerHour: number;
}

type Window = { points: (s: RateLimitSettings) => number; seconds: number };

const WINDOWS: Record<LimitedAction, Window> = {
  register: { points: (s) => s.registerPerHour, seconds: 3600 },
  chat: { points: (s) => s.chatPerMinute, seconds: 60 },
  upload: { points: (s) => s.uploadPerHour, seconds: 3600 },
};

const LOGIN_WINDOWS = {
  byUsernameAndIp: { points: (s) => s.loginPerMinute, seconds: 60 },
  byIp: { points: (s) => s.loginPerIpPerHour, seconds: 3600 },
  byUsername: { points: (s) => s.loginPerUsernamePerHour, seconds: 3600 },
} satisfies Record<string, Window>;

/** A password check let through; call `succeeded` if the password was right, so it does not count. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/**
 * Per-user and per-IP limits (rate-limiter-flexible): in memory for one instance,
 * in Redis when several instances must share the counts.
 */
export class RateLimits {
  private readonly limiters: Record<LimitedAction, RateLimiterAbstract>;
  private readonly login: Record<keyof typeof LOGIN_WINDOWS, RateLimiterAbstract>;

  constructor(private readonly settings: RateLimitSettings, redis?: { client: Redis; prefix: string }) {
    const make = (name: string, window: Window): RateLimiterAbstract => {
      const options = { keyPrefix: `${redis?.prefix ?? ''}rl:${name}`, points: window.points(settings), duration: window.seconds };
      return redis
        ? new RateLimiterRedis({ ...options, storeClient: redis.client, insuranceLimiter: new RateLimiterMemory(options) })
        : new RateLimiterMemory(options);
    };
    this.limiters = { register: make('register', WINDOWS.register), chat: make('chat', WINDOWS.chat), upload: make('upload', WINDOWS.upload) };
    this.login = {
      byUsernameAndIp: make('login', LOGIN_WINDOWS.byUsernameAndIp),
      byIp: make('login-ip', LOGIN_WINDOWS.byIp),
      byUsername: make('login-username', LOGIN_WINDOWS.byUsername),
    };
  }

  /**
   * Login throttling as OWASP recommends, so that nobody can lock someone else out: only
   * failed attempts count (each check is counted up front, and given back when the
   * password was right), per username and IP, and per IP. Past the slower per-username
   * limit, only IPs that have not yet failed for that username get their password checked:
   * the owner can still sign in from elsewhere, a botnet gets one guess per address.
   */
  async beginLogin(username: string, ip: string): Promise<LoginAttempt> {
    const { byUsernameAndIp, byIp, byUsername } = this.login;
    const pair = `${ip}|${username}`;
    const taken: Array<[RateLimiterAbstract, string]> = [];
    const giveBack = () => Promise.all(taken.map(([limiter, key]) => limiter.reward(key)));
    try {
      const fromHere = await this.take('login', byUsernameAndIp, pair);
      taken.push([byUsernameAndIp, pair]);
      await this.take('login', byIp, ip);
      taken.push([byIp, ip]);
      const forUsername = await byUsername.consume(username).catch((rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) return rejection;
        throw rejection;
      });
      taken.push([byUsername, username]);
      const backingOff = forUsername.consumedPoints > LOGIN_WINDOWS.byUsername.points(this.settings);
      if (backingOff && fromHere.consumedPoints > 1) throw tooMany('login', forUsername);
    } catch (error) {
      await giveBack();
      throw error;
    }
    return {
      succeeded: async () => {
        await Promise.all([byUsernameAndIp.delete(pair), byIp.reward(ip), byUsername.reward(username)]);
      },
    };
  }

  /** Spends one point of `action` for each key (e.g. the user and the IP); throws TOO_MANY_REQUESTS when out. */
  async consume(action: LimitedAction, ...keys: string[]): Promise<void> {
    for (const key of keys) await this.take(action, this.limiters[action], key);
  }

  private async take(action: string, limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
    try {
      return await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw tooMany(action, rejection);
    }
  }
}

function tooMany(action: string, rejection: RateLimiterRes): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  return new AppError('TOO_MANY_REQUESTS', `Too many ${action} attempts: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}
