import type { PublicUser } from '../users/user.js';

/** What the HR data says about an employee, for the assistant. */
export interface HrContext {
  /** Plain words for the model's instructions (never numbers to quote). */
  text: string;
  /** Follow-up questions from HR's question bank for this employee's concerns. */
  followUps: string[];
}

/**
 * Where the assistant learns what HR's data says about an employee (the HR-data
 * module provides the real one); null when nothing is known.
 */
export interface HrSignalsProvider {
  describe(user: PublicUser): Promise<HrContext | null>;
}

export const noHrSignals: HrSignalsProvider = {
  describe: async () => null,
};
