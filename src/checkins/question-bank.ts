import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { CONCERN_KINDS, type ConcernKind } from '../hrdata/features.js';

const entrySchema = z.object({
  /** How the assistant names the concern when it opens a check-in: plain words, no numbers. */
  opener: z.string().min(3).max(300),
  followUps: z.array(z.string().min(3).max(300)).min(1).max(10),
});
export const questionBankSchema = z.object(Object.fromEntries(CONCERN_KINDS.map((kind) => [kind, entrySchema])) as Record<ConcernKind, typeof entrySchema>);
export type QuestionBank = z.infer<typeof questionBankSchema>;

/** Version 0: what the assistant asks until HR edits the bank. Each opener fits every adverse side of its kind's features (features.ts). */
export const DEFAULT_QUESTION_BANK: QuestionBank = {
  workload: {
    opener: 'your working hours have been demanding lately',
    followUps: ['What has been taking up most of your time recently?', 'Is there anything on your plate that could be shared or moved?'],
  },
  time_off: {
    opener: 'you may not have had the kind of time away from work that helps you recharge',
    followUps: ['When did you last have a proper break?', 'Is anything making it hard to take time off, or to recover, when you need it?'],
  },
  recognition: {
    opener: 'your recent work may not have been recognised as much as it deserves',
    followUps: ['Is there a piece of work you are proud of that went unnoticed?', 'How would you like your contributions to be recognised?'],
  },
  mood: {
    opener: 'your recent check-ins suggested things might be feeling tough',
    followUps: ['How have you been feeling at work over the last couple of weeks?', 'What would make next week a bit better for you?'],
  },
  onboarding: {
    opener: 'settling in here may not have been as smooth as it should have been',
    followUps: ['What has been hardest about finding your feet here?', 'Who has been helpful to you so far, and where are you missing support?'],
  },
  manager: {
    opener: 'things with your manager may not be going as well as they could',
    followUps: ['How are conversations with your manager going at the moment?', 'What would you most like to change about how you work together?'],
  },
  collaboration: {
    opener: 'the way you work with colleagues seems to have changed lately',
    followUps: ['How connected do you feel to your team right now?', 'Is there anything about meetings or messages that wears you down?'],
  },
};

/** The bank HR reads and edits: each save is a new version; the newest one is used. */
export class QuestionBankStore {
  private readonly savedListeners = new Set<() => Promise<void>>();

  constructor(private readonly db: Kysely<Database>) {}

  /** Called after each save (the saved version is the one used from then on). */
  onSaved(listener: () => Promise<void>): void {
    this.savedListeners.add(listener);
  }

  async current(): Promise<{ version: number; content: QuestionBank; updatedAt: Date | null }> {
    const row = await this.db.selectFrom('question_bank_versions').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!row) return { version: 0, content: DEFAULT_QUESTION_BANK, updatedAt: null };
    return { version: row.id, content: questionBankSchema.parse(JSON.parse(row.content)), updatedAt: new Date(Number(row.created_at)) };
  }

  async save(content: QuestionBank, userId: number): Promise<{ version: number }> {
    const row = await this.db
      .insertInto('question_bank_versions')
      .values({ content: JSON.stringify(content), created_by: userId, created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await Promise.all([...this.savedListeners].map((listener) => listener()));
    return { version: row.id };
  }
}
