import type { Kysely } from 'kysely';
import type { EventBus } from '../bus/event-bus.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { HR_ALERTS_CHANNEL, type HrAlert } from '../reports/alerts.js';
import type { SafetyScreen, Screening } from '../safety/screen.js';
import type { RiskSign } from '../safety/signs.js';
import type { PublicUser } from '../users/user.js';
import { escalationReply } from './escalation-replies.js';

/** Told in the transaction that records an escalation (HR's alert mail is queued there). */
export interface EscalationNotifier {
  escalated(trx: Kysely<Database>, event: { escalationId: number; user: PublicUser; concerns: string[]; at: Date }): Promise<void>;
}

/**
 * Crisis signs in an employee's message: an immediate `hr.alerts` escalation, and a
 * supportive answer with the configured help contacts instead of the model's.
 */
export class CrisisEscalation {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly screen: SafetyScreen,
    private readonly alerts: EventBus<HrAlert>,
    private readonly helpContacts: string,
    private readonly logger: Logger,
    private readonly notifier?: EscalationNotifier,
  ) {}

  /** The crisis signs in a message (`src/safety/`): self-harm, harassment, burnout said outright. */
  assess(text: string): Promise<Screening> {
    return this.screen.screen(text);
  }

  async raise(user: PublicUser, room: string, signs: RiskSign[]): Promise<void> {
    const at = new Date();
    // The rows and HR's alert mail are recorded together: no escalation without its mail.
    const ids = await this.db.transaction().execute(async (trx) => {
      const ids: number[] = [];
      for (const sign of signs) {
        const { id } = await trx
          .insertInto('escalations')
          .values({ user_id: user.id, employee_id: user.employeeId, room, concern: sign.concern, evidence: sign.evidence, created_at: at.getTime() })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(id);
      }
      if (ids.length > 0) await this.notifier?.escalated(trx, { escalationId: ids[0]!, user, concerns: signs.map((sign) => sign.concern), at });
      return ids;
    });
    for (const [index, sign] of signs.entries()) {
      const id = ids[index]!;
      await this.alerts.publish(HR_ALERTS_CHANNEL, {
        type: 'escalation',
        escalationId: id,
        userId: user.id,
        username: user.username,
        employeeId: user.employeeId,
        room,
        concern: sign.concern,
        evidence: sign.evidence,
        at,
      });
      this.logger.warn({ userId: user.id, room, concern: sign.concern }, 'crisis sign escalated to HR');
    }
  }

  /** What the assistant answers instead of the model. */
  response(signs: RiskSign[]): string {
    return escalationReply(signs, this.helpContacts);
  }

  /** The escalations recorded since `start`, newest first (at most `limit`), as `hr.alerts` told them. */
  async alertsSince(start: number, limit: number): Promise<HrAlert[]> {
    const rows = await this.db
      .selectFrom('escalations')
      .innerJoin('users', 'users.id', 'escalations.user_id')
      .select(['escalations.id', 'escalations.user_id', 'users.username', 'escalations.employee_id', 'escalations.room', 'escalations.concern', 'escalations.evidence', 'escalations.created_at'])
      .where('escalations.created_at', '>=', start)
      .orderBy('escalations.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      type: 'escalation',
      escalationId: row.id,
      userId: row.user_id,
      username: row.username,
      employeeId: row.employee_id,
      room: row.room,
      concern: row.concern,
      evidence: row.evidence,
      at: new Date(row.created_at),
    }));
  }

  async forDay(start: number, end: number) {
    return this.db.selectFrom('escalations').selectAll().where('created_at', '>=', start).where('created_at', '<', end).orderBy('id').execute();
  }
}
