import type { Kysely } from 'kysely';
import type { EventBus } from '../bus/event-bus.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { HR_ALERTS_CHANNEL, type HrAlert } from '../reports/alerts.js';
import { findRiskSigns, type RiskSign } from '../reports/risk-language.js';
import type { PublicUser } from '../users/user.js';

/**
 * The signs raised to HR at once, whatever the assistant would have said: self-harm and
 * harassment as the reports recognise them; burnout only when said outright (being tired or
 * overwhelmed is a conversation, not an emergency).
 */
const CRISIS_CONCERNS = new Set(['Possible risk of self-harm', 'Harassment or mistreatment']);
const OUTRIGHT_BURNOUT = /\b(burn(ed|t)?[- ]?out|breaking point)\b/i;

const SUPPORT: Record<string, string> = {
  'Possible risk of self-harm': "I'm really sorry you're feeling this way, and I'm glad you told me. You don't have to go through this alone.",
  'Harassment or mistreatment': "I'm sorry this is happening to you. Nobody should be treated like that at work, and it will be taken seriously.",
  Burnout: 'That sounds like far too much to carry, and it is not a failing on your part to feel this way.',
};

/**
 * Crisis signs in an employee's message: an immediate `hr.alerts` escalation, and a
 * supportive answer with the configured help contacts instead of the model's.
 */
export class CrisisEscalation {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly alerts: EventBus<HrAlert>,
    private readonly helpContacts: string,
    private readonly logger: Logger,
  ) {}

  assess(text: string): RiskSign[] {
    const signs = findRiskSigns([text]).filter((sign) => CRISIS_CONCERNS.has(sign.concern));
    if (OUTRIGHT_BURNOUT.test(text)) signs.push({ concern: 'Burnout', weight: 0.55, evidence: text.slice(0, 160) });
    return signs;
  }

  async raise(user: PublicUser, room: string, signs: RiskSign[]): Promise<void> {
    const at = new Date();
    for (const sign of signs) {
      const { id } = await this.db
        .insertInto('escalations')
        .values({ user_id: user.id, employee_id: user.employeeId, room, concern: sign.concern, evidence: sign.evidence, created_at: at.getTime() })
        .returning('id')
        .executeTakeFirstOrThrow();
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
    const support = SUPPORT[signs[0]!.concern] ?? SUPPORT.Burnout!;
    return `${support} I've let the HR team know so that someone can reach out to you personally. If you need to talk to someone right now: ${this.helpContacts}`;
  }

  async forDay(start: number, end: number) {
    return this.db.selectFrom('escalations').selectAll().where('created_at', '>=', start).where('created_at', '<', end).orderBy('id').execute();
  }
}
