import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { MailOutbox } from '../mail/mail-outbox.js';
import type { PublicUser } from '../users/user.js';
import { hrRecipients } from './hr-recipients.js';
import { escalationMail, type Links } from './templates.js';

/** Crisis escalations by e-mail: every HR address, always (nobody can turn these off). */
export class EscalationMail {
  constructor(
    private readonly outbox: MailOutbox,
    private readonly settings: Links & { hrAlertEmails: string[] },
  ) {}

  /** Queues the alert in the transaction that records the escalation (`escalationId`: its first row). */
  async escalated(trx: Kysely<Database>, event: { escalationId: number; user: PublicUser; concerns: string[]; at: Date }): Promise<void> {
    const mail = escalationMail(this.settings, { employeeId: event.user.employeeId, username: event.user.username, concerns: event.concerns, at: event.at });
    const recipients = await hrRecipients(trx, this.settings.hrAlertEmails);
    await this.outbox.enqueue(recipients.map((to) => ({ event: `escalation:${event.escalationId}`, kind: 'escalation', to, ...mail })), trx);
  }
}
