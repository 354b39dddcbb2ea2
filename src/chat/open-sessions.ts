import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import type { Database } from '../db/schema.js';

export interface SessionKey {
  userId: number;
  room: string;
}

/**
 * Chat sessions that are open (the employee said something) and not yet ended, in the
 * database, each leased by the instance serving it. The owner renews its leases while
 * it runs; a session whose lease ran out was left open by a crash, and whichever
 * instance claims it first (a conditional update) ends it.
 */
/** On every message an employee sends. */
const touchSession = compiledOnce((db, v: { userId: number; room: string; owner: string; leaseUntil: number; now: number }) => {
  const lease = { owner: v.owner, lease_until: v.leaseUntil, touched_at: v.now };
  return db
    .insertInto('chat_sessions')
    .values({ user_id: v.userId, room: v.room, ...lease })
    .onConflict((oc) => oc.columns(['user_id', 'room']).doUpdateSet(lease));
});

const sessionKey = (userId: number, room: string) => `${userId}:${room}`;

export class OpenSessions {
  readonly owner = `chat-${randomUUID()}`;
  /** With `singleInstance`: when this instance last wrote each open session's row (no other instance writes them). */
  private readonly written = new Map<string, number>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly leaseMs: number,
    private readonly singleInstance = false,
  ) {}

  /**
   * The employee said something: the session is open, served by this instance. On a single
   * instance a session whose row this instance wrote less than a third of a lease ago is not
   * written again (one write per message was a quarter of the chat's database work): `renew`
   * keeps its lease, and `ending` makes the first message after its end be written.
   */
  async touch(userId: number, room: string, now = Date.now()): Promise<void> {
    const key = sessionKey(userId, room);
    if (this.singleInstance) {
      if (now - (this.written.get(key) ?? -Infinity) < this.leaseMs / 3) return;
      // Before the write: an `ending` while it runs must still win.
      this.written.set(key, now);
    }
    try {
      await touchSession(this.db, { userId, room, owner: this.owner, leaseUntil: now + this.leaseMs, now });
    } catch (error) {
      if (this.written.get(key) === now) this.written.delete(key);
      throw error;
    }
  }

  /** The session is ending (its `endedAt` is taken after this): whatever is said from now on is written. */
  ending(userId: number, room: string): void {
    this.written.delete(sessionKey(userId, room));
  }

  /** The employee is back on this instance: it serves their open session from now on. */
  async adopt(userId: number, room: string, now = Date.now()): Promise<void> {
    await this.db
      .updateTable('chat_sessions')
      .set({ owner: this.owner, lease_until: now + this.leaseMs })
      .where('user_id', '=', userId)
      .where('room', '=', room)
      .execute();
  }

  /** Recording the end failed: let the lease run out now, so that a later sweep ends it again. */
  async expire(userId: number, room: string): Promise<void> {
    await this.db.updateTable('chat_sessions').set({ lease_until: 0 }).where('user_id', '=', userId).where('room', '=', room).execute();
  }

  /** Keeps every session of this instance leased. */
  async renew(now = Date.now()): Promise<void> {
    await this.db.updateTable('chat_sessions').set({ lease_until: now + this.leaseMs }).where('owner', '=', this.owner).execute();
  }

  /** The session's end is recorded: forget it, unless the employee said something since `endedAt`. */
  async close(userId: number, room: string, endedAt: number): Promise<void> {
    await this.db
      .deleteFrom('chat_sessions')
      .where('user_id', '=', userId)
      .where('room', '=', room)
      .where('touched_at', '<=', endedAt)
      .execute();
  }

  /**
   * Takes over the sessions whose lease ran out, or with `everyOtherOwner` every session
   * another run left (a single instance's start-up). A session is claimed by one instance
   * only: the update succeeds only if nobody changed the row since it was read.
   */
  async claimAbandoned({ everyOtherOwner = false, now = Date.now() } = {}): Promise<SessionKey[]> {
    const candidates = await this.db
      .selectFrom('chat_sessions')
      .select(['user_id', 'room', 'owner', 'lease_until'])
      .where((eb) => (everyOtherOwner ? eb('owner', '!=', this.owner) : eb('lease_until', '<', now)))
      .limit(500)
      .execute();
    const claimed: SessionKey[] = [];
    for (const row of candidates) {
      const result = await this.db
        .updateTable('chat_sessions')
        .set({ owner: this.owner, lease_until: now + this.leaseMs })
        .where('user_id', '=', row.user_id)
        .where('room', '=', row.room)
        .where('owner', '=', row.owner)
        .where('lease_until', '=', row.lease_until)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) claimed.push({ userId: row.user_id, room: row.room });
    }
    return claimed;
  }
}
