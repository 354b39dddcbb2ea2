import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.js';
import { compiledOnce } from '../db/compiled-once.js';
import type { Database } from '../db/schema.js';
import { concernKindOf, type ConcernKind } from '../hrdata/features.js';
import type { HrDataService } from '../hrdata/hrdata-service.js';
import type { Logger } from '../logger.js';
import type { PublicUser } from '../users/user.js';
import type { QuestionBank, QuestionBankStore } from './question-bank.js';

export interface CheckinReason {
  kind: ConcernKind;
  /** Plain words, never numbers: what the assistant may say about it. */
  words: string;
  /** Why the employee was selected: the detector, or the sustained low-vibe rule. */
  source: 'detector' | 'low_vibe';
}

/** Runs in the transaction that records a selected employee's check-in. */
export type CheckinSelectedHook = (trx: Kysely<Database>, checkin: { checkinId: number; userId: number }, now: number) => Promise<void>;

export interface CheckinSettings {
  dailyCap: number;
  cooldownDays: number;
  /** The sustained low-vibe rule: mean of the last responses at or below this. */
  lowVibeThreshold: number;
  minVibeResponses: number;
}

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const LOW_VIBE_WORDS = 'low mood in their recent vibe check-ins';
const decodeReasons = (json: string) => JSON.parse(json) as CheckinReason[];

/** Turns a flagged employee's stored concerns (adverse words) back into concern kinds, in order. */
function reasonsFromConcerns(concerns: string[]): CheckinReason[] {
  const reasons: CheckinReason[] = [];
  for (const words of concerns) {
    const kind = concernKindOf(words);
    if (kind && !reasons.some((r) => r.kind === kind)) reasons.push({ kind, words, source: 'detector' });
  }
  return reasons;
}

/** The assistant's first words in a check-in: from the question bank, about at most two concerns, no numbers. */
export function composeOpener(username: string, reasons: CheckinReason[], bank: QuestionBank): string {
  const topics = reasons.slice(0, 2).map((r) => bank[r.kind].opener);
  const noticed = topics.length === 2 ? `${topics[0]}, and ${topics[1]}` : topics[0] ?? 'things may have been demanding lately';
  const question = bank[reasons[0]?.kind ?? 'mood'].followUps[0]!;
  return `Hi ${username}, I'm the HR assistant, just checking in. It looks like ${noticed}. ${question}`;
}

/**
 * Proactive check-ins: each day, whom the assistant should reach out to and why (the
 * detector's flagged employees, then sustained low vibe), within a daily cap and a
 * cool-down; the opener is delivered when the employee next opens the chat.
 */
/** On every message an employee sends: a check-in delivered to them is answered by it. */
const answerCheckin = compiledOnce((db, v: { userId: number; room: string; now: number }) =>
  db.updateTable('checkins').set({ status: 'answered', answered_at: v.now }).where('user_id', '=', v.userId).where('room', '=', v.room).where('status', '=', 'delivered'),
);

export class CheckinService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly hrData: Pick<HrDataService, 'masterEntries'>,
    private readonly bank: QuestionBankStore,
    private readonly settings: CheckinSettings,
    private readonly logger: Logger,
    private readonly audit: Pick<AuditLog, 'record'>,
    private readonly onSelected?: CheckinSelectedHook,
  ) {}

  async selectDaily(now = Date.now()) {
    const candidates: Array<{ employeeId: string; rank: number; reasons: CheckinReason[] }> = [];
    for (const entry of await this.hrData.masterEntries()) {
      const row = entry.row;
      const reasons = entry.flagged ? reasonsFromConcerns(entry.concerns) : [];
      const vibe = row.Recent_Vibe_Mean;
      const responses = Number(row.Vibe_Responses ?? 0);
      const lowVibe = typeof vibe === 'number' && vibe <= this.settings.lowVibeThreshold && responses >= this.settings.minVibeResponses;
      if (lowVibe && !reasons.some((r) => r.kind === 'mood')) reasons.push({ kind: 'mood', words: LOW_VIBE_WORDS, source: 'low_vibe' });
      // Flagged only for favourable signals (no adverse concern) and no low vibe: nothing to check in about.
      if (reasons.length > 0) candidates.push({ employeeId: entry.employeeId, rank: entry.flagRank ?? Number.MAX_SAFE_INTEGER, reasons });
    }
    candidates.sort((a, b) => a.rank - b.rank || a.employeeId.localeCompare(b.employeeId));
    if (candidates.length === 0) return [];

    const users = await this.db
      .selectFrom('users')
      .select(['id', 'username', 'employee_id'])
      .where('employee_id', 'in', candidates.map((c) => c.employeeId))
      .execute();
    const recent = await this.db
      .selectFrom('checkins')
      .select('user_id')
      .where((eb) => eb.or([eb('created_at', '>', now - this.settings.cooldownDays * DAY_MS), eb('status', '=', 'pending')]))
      .execute();
    const coolingDown = new Set(recent.map((r) => r.user_id));
    const { content: bank } = await this.bank.current();

    const today = dayOf(now);
    const already = await this.db.selectFrom('checkins').select((eb) => eb.fn.countAll<number>().as('n')).where('day', '=', today).executeTakeFirstOrThrow();
    const room = this.settings.dailyCap - Number(already.n);
    const selected = [];
    for (const candidate of candidates) {
      if (selected.length >= room) break;
      const user = users.find((u) => u.employee_id === candidate.employeeId);
      if (!user || coolingDown.has(user.id)) continue;
      const opener = composeOpener(user.username, candidate.reasons, bank);
      // The check-in and what it sets off (its invitation) are recorded together.
      const id = await this.db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('checkins')
          .values({ user_id: user.id, employee_id: candidate.employeeId, day: today, reasons: JSON.stringify(candidate.reasons), opener, status: 'pending', room: null, created_at: now, delivered_at: null, answered_at: null })
          .returning('id')
          .executeTakeFirstOrThrow();
        await this.onSelected?.(trx, { checkinId: id, userId: user.id }, now);
        return id;
      });
      selected.push({ checkinId: id, userId: user.id, username: user.username, employeeId: candidate.employeeId, reasons: candidate.reasons, opener });
    }
    this.logger.info({ selected: selected.length, candidates: candidates.length }, 'daily check-ins selected');
    return selected;
  }

  /** The user's oldest check-in waiting to be delivered, if any. */
  private pendingCheckin(userId: number) {
    return this.db
      .selectFrom('checkins')
      .innerJoin('users', 'users.id', 'checkins.user_id')
      .select(['checkins.id', 'checkins.opener'])
      .where('checkins.user_id', '=', userId)
      .where('checkins.status', '=', 'pending')
      // Only while the account is still linked to the employee it was chosen for (HR may have unlinked it since).
      .whereRef('users.employee_id', '=', 'checkins.employee_id')
      .orderBy('checkins.id')
      .limit(1)
      .executeTakeFirst();
  }

  /** Whether a check-in waits for the user: their next chat opens with it. */
  async isPending(userId: number): Promise<boolean> {
    return (await this.pendingCheckin(userId)) !== undefined;
  }

  /** The employee opened the chat: their pending check-in's opener, now delivered (null if none). */
  async deliver(userId: number, room: string, now = Date.now()): Promise<{ checkinId: number; opener: string } | null> {
    const pending = await this.pendingCheckin(userId);
    if (!pending) return null;
    const claimed = await this.db
      .updateTable('checkins')
      .set({ status: 'delivered', room, delivered_at: now })
      .where('id', '=', pending.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    // Two sockets opening at once: only one delivers it.
    return Number(claimed.numUpdatedRows) === 1 ? { checkinId: pending.id, opener: pending.opener } : null;
  }

  /** The employee wrote in the room where their check-in was delivered: it was answered. */
  async noteReply(userId: number, room: string, now = Date.now()): Promise<void> {
    await answerCheckin(this.db, { userId, room, now });
  }

  async forDay(day: string) {
    const rows = await this.db
      .selectFrom('checkins')
      .innerJoin('users', 'users.id', 'checkins.user_id')
      .select(['checkins.id', 'checkins.employee_id', 'checkins.reasons', 'checkins.status', 'users.username', 'users.id as user_id'])
      .where('checkins.day', '=', day)
      .orderBy('checkins.id')
      .execute();
    return rows.map((r) => ({ checkinId: r.id, userId: r.user_id, username: r.username, employeeId: r.employee_id, reasons: decodeReasons(r.reasons), status: r.status }));
  }

  /** Every check-in an employee ID was selected for, newest first, read by HR (audited). */
  async readHistory(reader: PublicUser, employeeId: string) {
    const rows = await this.db
      .selectFrom('checkins')
      .select(['id', 'day', 'reasons', 'status', 'created_at', 'delivered_at', 'answered_at'])
      .where('employee_id', '=', employeeId)
      .orderBy('id', 'desc')
      .execute();
    await this.audit.record(reader, { action: 'hr_employee', subject: { employeeId }, detail: 'check-ins' });
    return rows.map((r) => ({
      checkinId: r.id,
      day: r.day,
      status: r.status,
      reasons: decodeReasons(r.reasons),
      createdAt: new Date(Number(r.created_at)),
      deliveredAt: r.delivered_at === null ? null : new Date(Number(r.delivered_at)),
      answeredAt: r.answered_at === null ? null : new Date(Number(r.answered_at)),
    }));
  }

  /** Follow-up questions for an employee's concerns, for the assistant (both Mistral and offline). */
  async followUpsFor(kinds: ConcernKind[]): Promise<string[]> {
    const { content } = await this.bank.current();
    return [...new Set(kinds)].flatMap((kind) => content[kind].followUps);
  }
}
