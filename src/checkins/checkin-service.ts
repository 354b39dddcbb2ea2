import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { FEATURES, type ConcernKind } from '../hrdata/features.js';
import type { Logger } from '../logger.js';
import type { QuestionBank, QuestionBankStore } from './question-bank.js';

export interface CheckinReason {
  kind: ConcernKind;
  /** Plain words, never numbers: what the assistant may say about it. */
  words: string;
  /** Why the employee was selected: the detector, or the sustained low-vibe rule. */
  source: 'detector' | 'low_vibe';
}

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

/** Turns a flagged employee's stored concerns (words) back into concern kinds, in order. */
function reasonsFromConcerns(concerns: string[]): CheckinReason[] {
  const reasons: CheckinReason[] = [];
  for (const words of concerns) {
    const feature = FEATURES.find((f) => f.high === words || f.low === words);
    if (feature && !reasons.some((r) => r.kind === feature.concern)) reasons.push({ kind: feature.concern, words, source: 'detector' });
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
export class CheckinService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly bank: QuestionBankStore,
    private readonly settings: CheckinSettings,
    private readonly logger: Logger,
  ) {}

  async selectDaily(now = Date.now()) {
    const master = await this.db.selectFrom('hr_master').select(['employee_id', 'row', 'flagged', 'flag_rank', 'concerns']).execute();
    const candidates: Array<{ employeeId: string; rank: number; reasons: CheckinReason[] }> = [];
    for (const entry of master) {
      const row = JSON.parse(entry.row) as Record<string, unknown>;
      const reasons = entry.flagged ? reasonsFromConcerns(JSON.parse(entry.concerns ?? '[]') as string[]) : [];
      const vibe = row.Recent_Vibe_Mean;
      const responses = Number(row.Vibe_Responses ?? 0);
      const lowVibe = typeof vibe === 'number' && vibe <= this.settings.lowVibeThreshold && responses >= this.settings.minVibeResponses;
      if (lowVibe && !reasons.some((r) => r.kind === 'mood')) reasons.push({ kind: 'mood', words: LOW_VIBE_WORDS, source: 'low_vibe' });
      if (entry.flagged || lowVibe) candidates.push({ employeeId: entry.employee_id, rank: entry.flag_rank ?? Number.MAX_SAFE_INTEGER, reasons });
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
      const { id } = await this.db
        .insertInto('checkins')
        .values({ user_id: user.id, employee_id: candidate.employeeId, day: today, reasons: JSON.stringify(candidate.reasons), opener, status: 'pending', room: null, created_at: now, delivered_at: null, answered_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      selected.push({ checkinId: id, userId: user.id, username: user.username, employeeId: candidate.employeeId, reasons: candidate.reasons, opener });
    }
    this.logger.info({ selected: selected.length, candidates: candidates.length }, 'daily check-ins selected');
    return selected;
  }

  /** The employee opened the chat: their pending check-in's opener, now delivered (null if none). */
  async deliver(userId: number, room: string, now = Date.now()): Promise<{ checkinId: number; opener: string } | null> {
    const pending = await this.db.selectFrom('checkins').select(['id', 'opener']).where('user_id', '=', userId).where('status', '=', 'pending').orderBy('id').limit(1).executeTakeFirst();
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
    await this.db
      .updateTable('checkins')
      .set({ status: 'answered', answered_at: now })
      .where('user_id', '=', userId)
      .where('room', '=', room)
      .where('status', '=', 'delivered')
      .execute();
  }

  async forDay(day: string) {
    const rows = await this.db
      .selectFrom('checkins')
      .innerJoin('users', 'users.id', 'checkins.user_id')
      .select(['checkins.id', 'checkins.employee_id', 'checkins.reasons', 'checkins.status', 'users.username', 'users.id as user_id'])
      .where('checkins.day', '=', day)
      .orderBy('checkins.id')
      .execute();
    return rows.map((r) => ({ checkinId: r.id, userId: r.user_id, username: r.username, employeeId: r.employee_id, reasons: JSON.parse(r.reasons) as CheckinReason[], status: r.status }));
  }

  /** Follow-up questions for an employee's concerns, for the assistant (both Mistral and offline). */
  async followUpsFor(kinds: ConcernKind[]): Promise<string[]> {
    const { content } = await this.bank.current();
    return [...new Set(kinds)].flatMap((kind) => content[kind].followUps);
  }
}
