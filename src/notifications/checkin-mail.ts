import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Logger } from '../logger.js';
import type { MailOutbox } from '../mail/mail-outbox.js';
import { hrRecipients } from './hr-recipients.js';
import { daysBetween, localDay } from './local-day.js';
import { digestMail, invitationMail, reminderMail, type Links } from './templates.js';

export interface CheckinMailSettings extends Links {
  hrAlertEmails: string[];
  /** Days without an answer before the one reminder; as many again before HR's digest. */
  remindAfterDays: number;
}

/**
 * A selected employee's mail sequence: an invitation when selected (unless they turned
 * invitations off or have no address); one reminder after `remindAfterDays` without an
 * answer; when that goes unanswered for as long again, they are in HR's next digest.
 * Each step is a `checkin_notices` row, claimed once.
 */
export class CheckinMail {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly outbox: MailOutbox,
    private readonly settings: CheckinMailSettings,
    private readonly logger: Logger,
  ) {}

  /** Queues the invitation in the transaction that records the check-in. */
  async selected(trx: Kysely<Database>, checkin: { checkinId: number; userId: number }, now: number): Promise<void> {
    const user = await trx.selectFrom('users').select(['username', 'email', 'notify_invitations']).where('id', '=', checkin.userId).executeTakeFirst();
    if (!user?.email || !user.notify_invitations) return;
    await trx.insertInto('checkin_notices').values({ checkin_id: checkin.checkinId, kind: 'invitation', created_at: now }).execute();
    await this.outbox.enqueue([{ event: `checkin-invitation:${checkin.checkinId}`, kind: 'checkin-invitation', to: user.email, ...invitationMail(this.settings, user.username) }], trx);
  }

  /** Sends the reminders and HR's digest due at `now`. */
  async followUp(now: number): Promise<{ reminded: number; inDigest: number }> {
    return { reminded: await this.remind(now), inDigest: await this.digest(now) };
  }

  private isDue(since: number, now: number): boolean {
    return daysBetween(localDay(since, this.settings.timeZone), localDay(now, this.settings.timeZone)) >= this.settings.remindAfterDays;
  }

  private unansweredAfter(step: 'invitation' | 'reminder', without: 'reminder' | 'digest') {
    return this.db
      .selectFrom('checkins as c')
      .innerJoin('checkin_notices as n', (join) => join.onRef('n.checkin_id', '=', 'c.id').on('n.kind', '=', step))
      .innerJoin('users as u', 'u.id', 'c.user_id')
      .select(['c.id', 'c.employee_id', 'c.day', 'n.created_at as since', 'u.username', 'u.email', 'u.notify_invitations'])
      .where('c.status', '!=', 'answered')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('checkin_notices as later').select('later.checkin_id').whereRef('later.checkin_id', '=', 'c.id').where('later.kind', '=', without))),
      )
      .orderBy('c.id')
      .execute();
  }

  private async remind(now: number): Promise<number> {
    const due = (await this.unansweredAfter('invitation', 'reminder')).filter((c) => this.isDue(Number(c.since), now));
    let reminded = 0;
    for (const checkin of due) {
      await this.db.transaction().execute(async (trx) => {
        if (!(await this.claim(trx, checkin.id, 'reminder', now))) return;
        // Turned invitations off since: the step passes without a mail.
        if (!checkin.email || !checkin.notify_invitations) return;
        await this.outbox.enqueue([{ event: `checkin-reminder:${checkin.id}`, kind: 'checkin-reminder', to: checkin.email, ...reminderMail(this.settings, checkin.username) }], trx);
        reminded++;
      });
    }
    return reminded;
  }

  private async digest(now: number): Promise<number> {
    const due = (await this.unansweredAfter('reminder', 'digest')).filter((c) => this.isDue(Number(c.since), now));
    if (due.length === 0) return 0;
    return this.db.transaction().execute(async (trx) => {
      const people: Array<{ id: number; employeeId: string; username: string; day: string }> = [];
      for (const checkin of due) if (await this.claim(trx, checkin.id, 'digest', now)) people.push({ ...checkin, employeeId: checkin.employee_id });
      if (people.length === 0) return 0;
      const recipients = await hrRecipients(trx, this.settings.hrAlertEmails);
      if (recipients.length === 0) this.logger.warn({ employees: people.length }, 'no HR e-mail address for the check-in digest (set HR_ALERT_EMAILS or HR users\' e-mail)');
      const mail = digestMail(this.settings, people);
      // Each check-in is in one digest only, so its first check-in names the digest.
      await this.outbox.enqueue(recipients.map((to) => ({ event: `checkin-digest:${people[0]!.id}`, kind: 'checkin-digest', to, ...mail })), trx);
      return people.length;
    });
  }

  private async claim(trx: Kysely<Database>, checkinId: number, kind: 'reminder' | 'digest', now: number): Promise<boolean> {
    const result = await trx
      .insertInto('checkin_notices')
      .values({ checkin_id: checkinId, kind, created_at: now })
      .onConflict((oc) => oc.columns(['checkin_id', 'kind']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }
}
