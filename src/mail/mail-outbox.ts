import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from '../db/database.js';
import type { Database, MailOutboxTable } from '../db/schema.js';

export type QueuedMail = Selectable<MailOutboxTable>;

export interface OutgoingMail {
  /** The event this mail is about, e.g. `escalation:12`; with the recipient, it is sent once. */
  event: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
}

/** The mail outbox: a durable queue, one row per event and recipient. Owned by the mail module. */
export class MailOutbox {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  /** How many mails are in each status. */
  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('mail_outbox')
      .select((eb) => ['status', eb.fn.countAll<number | string>().as('count')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /**
   * Queues mails, in the caller's transaction when given one (so the mail exists exactly
   * when the event does). A mail already queued for the same event and recipient is skipped.
   */
  async enqueue(mails: OutgoingMail[], db: Kysely<Database> = this.db): Promise<void> {
    if (mails.length === 0) return;
    const now = Date.now();
    await db
      .insertInto('mail_outbox')
      .values(
        mails.map((mail) => ({
          dedupe_key: `${mail.event}:${mail.to.toLowerCase()}`,
          kind: mail.kind,
          recipient: mail.to,
          subject: mail.subject,
          body: mail.text,
          status: 'pending' as const,
          run_after: now,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
  }

  /** Takes the next due mail (or one whose lease ran out) for `worker`, or null. */
  async claim(worker: string, leaseMs: number, now = Date.now()): Promise<QueuedMail | null> {
    let next = this.db
      .selectFrom('mail_outbox')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_after', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('id')
      .limit(1);
    if (this.dialect === 'postgres') next = next.forUpdate().skipLocked();
    const claimed = await this.db
      .updateTable('mail_outbox')
      .set((eb) => ({ status: 'sending', locked_by: worker, lease_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', (eb) => eb.selectFrom(next.as('due')).select('due.id'))
      .returningAll()
      .executeTakeFirst();
    return claimed ?? null;
  }

  async renewLease(id: number, worker: string, until: number): Promise<void> {
    await this.db.updateTable('mail_outbox').set({ lease_until: until }).where('id', '=', id).where('locked_by', '=', worker).where('status', '=', 'sending').execute();
  }

  async markSent(id: number, now = Date.now()): Promise<void> {
    await this.db.updateTable('mail_outbox').set({ status: 'sent', sent_at: now, lease_until: null, last_error: null }).where('id', '=', id).execute();
  }

  async retryLater(id: number, error: string, runAfter: number, giveUp: boolean): Promise<void> {
    await this.db
      .updateTable('mail_outbox')
      .set({ status: giveUp ? 'failed' : 'pending', run_after: runAfter, lease_until: null, last_error: error.slice(0, 2000) })
      .where('id', '=', id)
      .execute();
  }

  /** Mails a previous run of this single process left mid-send (SQLite is single-instance). */
  async releaseAbandoned(): Promise<number> {
    const result = await this.db.updateTable('mail_outbox').set({ status: 'pending', lease_until: null }).where('status', '=', 'sending').executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
