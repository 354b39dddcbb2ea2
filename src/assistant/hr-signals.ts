import type { PublicUser } from '../users/user.js';

/**
 * Where the assistant learns what HR's data says about an employee (the HR-data
 * module provides the real one). Returns plain words, or null when nothing is known.
 */
export interface HrSignalsProvider {
  describe(user: PublicUser): Promise<string | null>;
}

export const noHrSignals: HrSignalsProvider = {
  describe: async () => null,
};
