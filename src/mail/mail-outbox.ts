import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from '../db/database.js';
import type { Database, MailOutboxTable } from '../db/schema.js';
import { LeasedJobTable } from '../jobs/leased-job-table.js';

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
  /** The outbox as the mail worker's queue (a mail is `sending` while a worker holds it). */
  readonly queue: LeasedJobTable<QueuedMail>;

  constructor(
    private readonly db: Kysely<Database>,
    dialect: DialectName,
  ) {
    this.queue = new LeasedJobTable(db, dialect, 'mail_outbox', 'sending');
  }

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

  async markSent(id: number, now = Date.now()): Promise<void> {
    await this.db.updateTable('mail_outbox').set({ status: 'sent', sent_at: now, lease_until: null, last_error: null }).where('id', '=', id).execute();
  }
}
