import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { ChatUser } from './events.js';
import { LocalPresence, type PresenceStore } from './presence.js';

const ALIVE_MS = 30_000;

/**
 * Presence shared by instances: each instance records its members in a per-room hash
 * (`<instance>:<user>` → user) and keeps a heartbeat key alive; entries of an instance
 * whose heartbeat expired (a crash) are ignored. If Redis is down, answers are local.
 */
export class RedisPresence implements PresenceStore {
  private readonly local = new LocalPresence();
  private readonly instance = randomUUID();
  private readonly redis: Redis;
  private readonly heartbeat: NodeJS.Timeout;
  /** The first connection (bounded); afterwards commands fail fast while Redis is down. */
  private readonly connected: Promise<void>;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => {}); // the bus logs outages
    this.connected = Promise.race([
      new Promise<void>((resolve) => this.redis.once('ready', () => resolve())),
      new Promise<void>((resolve) => setTimeout(resolve, 5000).unref()),
    ]);
    const beat = () => this.connected.then(() => this.redis.set(this.aliveKey(this.instance), '1', 'PX', ALIVE_MS)).catch(() => {});
    void beat();
    this.heartbeat = setInterval(beat, ALIVE_MS / 3);
    this.heartbeat.unref();
  }

  async add(room: string, user: ChatUser): Promise<boolean> {
    const first = await this.local.add(room, user);
    if (first) await this.shared(() => this.redis.hset(this.roomKey(room), `${this.instance}:${user.id}`, JSON.stringify(user)));
    return first;
  }

  async remove(room: string, userId: number): Promise<boolean> {
    const last = await this.local.remove(room, userId);
    if (last) await this.shared(() => this.redis.hdel(this.roomKey(room), `${this.instance}:${userId}`));
    return last;
  }

  async isPresent(room: string, userId: number): Promise<boolean> {
    return (await this.members(room)).some((user) => user.id === userId);
  }

  async members(room: string): Promise<ChatUser[]> {
    const everyone = await this.shared(async () => {
      const entries = Object.entries(await this.redis.hgetall(this.roomKey(room)));
      const instances = [...new Set(entries.map(([field]) => field.split(':')[0]!))];
      const alive = instances.length ? await this.redis.mget(instances.map((id) => this.aliveKey(id))) : [];
      const live = new Set(instances.filter((_, i) => alive[i] !== null));
      return entries.filter(([field]) => live.has(field.split(':')[0]!)).map(([, user]) => JSON.parse(user) as ChatUser);
    });
    const byId = new Map((everyone ?? []).map((user) => [user.id, user]));
    for (const user of await this.local.members(room)) byId.set(user.id, user);
    return [...byId.values()];
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.redis.del(this.aliveKey(this.instance)).catch(() => {});
    this.redis.disconnect();
  }

  private async shared<T>(operation: () => Promise<T>): Promise<T | null> {
    await this.connected;
    try {
      return await operation();
    } catch (error) {
      this.logger.warn({ err: error }, 'shared presence unavailable; using this instance only');
      return null;
    }
  }

  private roomKey(room: string): string {
    return `${this.prefix}presence:${room}`;
  }

  private aliveKey(instance: string): string {
    return `${this.prefix}instance:${instance}`;
  }
}
