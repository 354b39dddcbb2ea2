import { Redis } from 'ioredis';
import superjson from 'superjson';
import type { Logger } from '../logger.js';
import type { BusRecord, EventBus } from './event-bus.js';
import { compareStreamIds, parseStreamId, redisPart } from './stream-ids.js';

export interface RedisBusOptions {
  url: string;
  /** Namespace for this deployment's keys. */
  prefix: string;
  replayBuffer: number;
  retentionMs: number;
  /** Bytes of all channels' streams together (payloads as stored); the oldest events go first beyond it. */
  maxBytes?: number;
  logger: Logger;
}

// Append to the channel's stream and announce it, atomically, so every instance sees
// events in stream order; the stream keeps them for replay, trimmed by count and expiring.
// Beyond ARGV[4] bytes over all channels, the oldest events are deleted, in publishing order
// (KEYS[2] lists "size id channel-key", KEYS[3] sums the sizes listed). An event that the count
// or the expiry already took stays counted until its turn comes: the sum only overstates.
// XDEL raises the stream's max-deleted-entry-id, which is how a replay across it finds the gap.
// The streams deleted from are not declared keys: fine on one Redis server, not on a cluster.
const APPEND_AND_ANNOUNCE = `
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'p', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
local size = #ARGV[2]
redis.call('RPUSH', KEYS[2], size .. ' ' .. id .. ' ' .. KEYS[1])
local total = redis.call('INCRBY', KEYS[3], size)
local max = tonumber(ARGV[4])
while total > max do
  local oldest = redis.call('LPOP', KEYS[2])
  if not oldest then
    redis.call('SET', KEYS[3], 0)
    break
  end
  local first = string.find(oldest, ' ', 1, true)
  local second = string.find(oldest, ' ', first + 1, true)
  redis.call('XDEL', string.sub(oldest, second + 1), string.sub(oldest, first + 1, second - 1))
  total = redis.call('DECRBY', KEYS[3], tonumber(string.sub(oldest, 1, first - 1)))
end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
redis.call('PUBLISH', KEYS[1], id .. ' ' .. ARGV[2])
return id`;

type RedisWithScript = Redis & {
  appendAndAnnounce(key: string, order: string, bytes: string, maxLen: number, payload: string, ttlMs: number, maxBytes: number): Promise<string>;
};

/**
 * The event bus shared by several instances: Redis Streams for ordered, replayable
 * history (resume works on any instance), pub/sub for live delivery. If Redis is
 * unreachable, events are still delivered to this instance's listeners (logged), so
 * chat on each instance keeps working; cross-instance delivery resumes with Redis.
 */
export class RedisEventBus<T> implements EventBus<T> {
  private readonly commands: RedisWithScript;
  private readonly subscriber: Redis;
  private readonly listeners = new Map<string, Set<(record: BusRecord<T>) => void>>();
  private readonly lastIds = new Map<string, string>();
  private localSeq = 0;
  private outageLogged = false;
  /** The first connection (bounded): commands fail fast afterwards rather than queue. */
  private readonly connected: Promise<void>;

  constructor(private readonly options: RedisBusOptions) {
    const common = { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false } as const;
    this.commands = new Redis(options.url, common) as RedisWithScript;
    this.commands.defineCommand('appendAndAnnounce', { numberOfKeys: 3, lua: APPEND_AND_ANNOUNCE });
    this.subscriber = new Redis(options.url, { ...common, enableOfflineQueue: true, maxRetriesPerRequest: null });
    for (const client of [this.commands, this.subscriber]) {
      client.on('error', (error) => this.logOutage(error));
      client.on('ready', () => {
        if (this.outageLogged) options.logger.info('Redis is reachable again');
        this.outageLogged = false;
      });
    }
    this.subscriber.on('message', (key: string, message: string) => this.deliverRemote(key, message));
    const ready = (client: Redis) =>
      client.status === 'ready' ? Promise.resolve() : new Promise<void>((resolve) => client.once('ready', () => resolve()));
    this.connected = Promise.race([
      Promise.all([ready(this.commands), ready(this.subscriber)]).then(() => {}),
      new Promise<void>((resolve) => setTimeout(resolve, 5000).unref()),
    ]);
  }

  async publish(channel: string, payload: T): Promise<string> {
    const key = this.key(channel);
    const data = superjson.stringify(payload);
    await this.connected;
    try {
      // Delivered to our own listeners through pub/sub, like everyone else's.
      const { replayBuffer, retentionMs, maxBytes = Number.MAX_SAFE_INTEGER } = this.options;
      return await this.commands.appendAndAnnounce(key, this.key('replay:order'), this.key('replay:bytes'), replayBuffer, data, retentionMs, maxBytes);
    } catch (error) {
      this.logOutage(error as Error);
      const base = this.lastIds.get(key) ?? '0-0';
      const id = `${redisPart(parseStreamId(base)!)}.${++this.localSeq}`;
      this.lastIds.set(key, id);
      this.dispatch(key, { id, payload });
      return id;
    }
  }

  async subscribe(channel: string, listener: (record: BusRecord<T>) => void): Promise<() => void> {
    const key = this.key(channel);
    let set = this.listeners.get(key);
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
      // While Redis is down the SUBSCRIBE waits in ioredis's queue (and is redone on
      // every reconnect); meanwhile this instance's own events still arrive locally.
      const subscribed = this.subscriber.subscribe(key);
      if (this.subscriber.status === 'ready') await subscribed;
      else subscribed.catch((error) => this.logOutage(error));
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(key) === set) {
        this.listeners.delete(key);
        this.lastIds.delete(key);
        this.subscriber.unsubscribe(key).catch((error) => this.logOutage(error));
      }
    };
  }

  async replay(channel: string, afterId: string): Promise<BusRecord<T>[] | null> {
    const after = parseStreamId(afterId);
    if (!after) return null;
    const key = this.key(channel);
    const from = redisPart(after);
    await this.connected;
    let entries: Array<[string, string[]]>;
    let info: unknown[] | null;
    try {
      [entries, info] = await Promise.all([
        this.commands.xrange(key, `(${from}`, '+'),
        this.commands.call('XINFO', 'STREAM', key).catch((error: Error) => {
          if (/no such key/i.test(error.message)) return null;
          throw error;
        }) as Promise<unknown[] | null>,
      ]);
    } catch (error) {
      this.logOutage(error as Error);
      return null; // cannot replay now: the subscriber is told about the gap
    }
    if (!info) return from === '0-0' ? [] : null;
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < info.length; i += 2) fields.set(String(info[i]), info[i + 1]);
    const lastId = parseStreamId(String(fields.get('last-generated-id')));
    const maxDeleted = parseStreamId(String(fields.get('max-deleted-entry-id') ?? '0-0'));
    // An id from the future is not ours; one before trimmed entries has lost events.
    if (lastId && compareStreamIds([after[0], after[1], 0], lastId) > 0) return null;
    if (maxDeleted && compareStreamIds([after[0], after[1], 0], maxDeleted) < 0) return null;
    return entries.map(([id, values]) => ({ id, payload: superjson.parse<T>(values[1]!) }));
  }

  async headId(channel: string): Promise<string> {
    const key = this.key(channel);
    await this.connected;
    try {
      const [last] = await this.commands.xrevrange(key, '+', '-', 'COUNT', 1);
      if (last) return last[0];
      // Every event deleted (over the byte bound): the stream still knows its newest id.
      const info = (await this.commands.call('XINFO', 'STREAM', key).catch(() => null)) as unknown[] | null;
      const at = info?.indexOf('last-generated-id') ?? -1;
      return at >= 0 ? String(info![at + 1]) : '0-0';
    } catch {
      return this.lastIds.get(key) ?? '0-0';
    }
  }

  isAfter(a: string, b: string): boolean {
    const left = parseStreamId(a);
    const right = parseStreamId(b);
    return left !== null && (right === null || compareStreamIds(left, right) > 0);
  }

  replayBytes(): number {
    return 0;
  }

  async ping(): Promise<void> {
    await this.connected;
    await this.commands.ping();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.commands.disconnect();
    this.subscriber.disconnect();
  }

  private deliverRemote(key: string, message: string): void {
    const space = message.indexOf(' ');
    const id = message.slice(0, space);
    this.lastIds.set(key, id);
    this.dispatch(key, { id, payload: superjson.parse<T>(message.slice(space + 1)) });
  }

  private dispatch(key: string, record: BusRecord<T>): void {
    for (const listener of this.listeners.get(key) ?? []) listener(record);
  }

  private key(channel: string): string {
    return `${this.options.prefix}${channel}`;
  }

  private logOutage(error: Error): void {
    if (this.outageLogged) return;
    this.outageLogged = true;
    this.options.logger.error({ err: error }, 'Redis is unreachable: delivering on this instance only, and retrying');
  }
}
