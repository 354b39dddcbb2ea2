import { randomBytes } from 'node:crypto';
import type { BusRecord, EventBus } from './event-bus.js';

interface Channel<T> {
  /** Newest id published here, and the newest id dropped from the buffer. */
  head: number;
  evicted: number;
  buffer: Array<Buffered<T>>;
  listeners: Set<(record: BusRecord<T>) => void>;
}

type Buffered<T> = BusRecord<T> & { at: number; bytes: number; gone?: true };

export interface MemoryBusOptions {
  /** Events kept per channel for replay. */
  replayBuffer: number;
  /** How long an event stays replayable. */
  retentionMs: number;
  /** Bytes (as JSON) of all channels' buffers together; the oldest events go first beyond it. */
  maxBytes?: number;
}

/**
 * In-process bus. Ids are `<epoch>-<seq>` with one sequence for the whole process
 * (never reused, so channels merge in publishing order), and an epoch per process, so an id
 * from before a restart is recognised as unknown instead of being misread. The sequence is the
 * clock in microseconds (one more than the last where two events share one): an id tells its
 * subscriber when, never how many events everyone else's channels had in between.
 */
export class MemoryEventBus<T> implements EventBus<T> {
  private readonly epoch = randomBytes(4).toString('hex');
  private seq = 0;
  private readonly channels = new Map<string, Channel<T>>();
  private readonly sweeper: NodeJS.Timeout;
  /** Every buffered event in publishing order (with some already evicted): what to drop first when over `maxBytes`. */
  private oldest: Array<{ channel: Channel<T>; record: Buffered<T> }> = [];
  private oldestStart = 0;
  private bytes = 0;

  constructor(private readonly options: MemoryBusOptions) {
    this.sweeper = setInterval(() => this.sweep(), Math.min(options.retentionMs, 60_000));
    this.sweeper.unref();
  }

  async publish(channelName: string, payload: T): Promise<string> {
    const channel = this.channel(channelName);
    this.seq = Math.max(this.seq + 1, Math.floor((performance.timeOrigin + performance.now()) * 1000));
    channel.head = this.seq;
    const record = { id: `${this.epoch}-${channel.head}`, payload, at: Date.now(), bytes: JSON.stringify(payload).length };
    channel.buffer.push(record);
    this.bytes += record.bytes;
    if (this.options.maxBytes !== undefined) this.oldest.push({ channel, record });
    if (channel.buffer.length > this.options.replayBuffer) this.evictOldest(channel);
    this.evictOverBytes();
    for (const listener of channel.listeners) listener(record);
    return record.id;
  }

  replayBytes(): number {
    return this.bytes;
  }

  async subscribe(channelName: string, listener: (record: BusRecord<T>) => void): Promise<() => void> {
    const channel = this.channel(channelName);
    channel.listeners.add(listener);
    return () => channel.listeners.delete(listener);
  }

  async replay(channelName: string, afterId: string): Promise<BusRecord<T>[] | null> {
    const after = this.parse(afterId);
    if (after === null) return null;
    const channel = this.channels.get(channelName);
    if (!channel) return after === 0 ? [] : null;
    if (after > this.seq || after < channel.evicted) return null;
    return channel.buffer.filter((record) => this.parse(record.id)! > after);
  }

  async headId(channelName: string): Promise<string> {
    return `${this.epoch}-${this.channels.get(channelName)?.head ?? 0}`;
  }

  isAfter(a: string, b: string): boolean {
    return (this.parse(a) ?? -1) > (this.parse(b) ?? -1);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.channels.clear();
    this.oldest = [];
    this.oldestStart = 0;
  }

  private parse(id: string): number | null {
    const [epoch, seq] = id.split('-');
    if (epoch !== this.epoch || seq === undefined || !/^\d+$/.test(seq)) return null;
    return Number(seq);
  }

  private channel(name: string): Channel<T> {
    let channel = this.channels.get(name);
    if (!channel) {
      channel = { head: 0, evicted: 0, buffer: [], listeners: new Set() };
      this.channels.set(name, channel);
    }
    return channel;
  }

  private evictOldest(channel: Channel<T>): void {
    const dropped = channel.buffer.shift();
    if (!dropped) return;
    channel.evicted = this.parse(dropped.id)!;
    this.bytes -= dropped.bytes;
    dropped.gone = true;
  }

  private evictOverBytes(): void {
    const maxBytes = this.options.maxBytes ?? Infinity;
    while (this.bytes > maxBytes && this.oldestStart < this.oldest.length) {
      const { channel, record } = this.oldest[this.oldestStart++]!;
      // Publishing order is each channel's order: an event not yet gone is its channel's oldest.
      if (!record.gone) this.evictOldest(channel);
    }
    if (this.oldestStart > 1024 && this.oldestStart * 2 > this.oldest.length) this.compactOldest();
  }

  private compactOldest(): void {
    this.oldest = this.oldest.slice(this.oldestStart).filter(({ record }) => !record.gone);
    this.oldestStart = 0;
  }

  private sweep(): void {
    const cutoff = Date.now() - this.options.retentionMs;
    for (const [name, channel] of this.channels) {
      while (channel.buffer.length > 0 && channel.buffer[0]!.at < cutoff) this.evictOldest(channel);
      if (channel.buffer.length === 0 && channel.listeners.size === 0) this.channels.delete(name);
    }
    this.compactOldest();
  }
}
