import { createMistralClient } from '../assistant/mistral-client.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { MistralModeration, type Moderator } from './moderation.js';
import { crisisModel, findCrisisSigns, type RiskSign } from './signs.js';

export interface Screening {
  /** Crisis signs known within the bound: the local rules', or the moderator's when it answered in time. */
  signs: RiskSign[];
  /** What the moderator finds after the bound ([] when it answered in time, found nothing or failed). */
  late: Promise<RiskSign[]>;
}

const NOTHING_LATE: Promise<RiskSign[]> = Promise.resolve([]);

/**
 * Screens an employee's message for crisis signs: the local rules at once and, when a
 * moderator is configured, its verdict beside them; the moderator is waited for at most
 * `boundMs`, and its failure counts as "nothing found".
 */
export class SafetyScreen {
  constructor(
    private readonly moderator: Moderator | null,
    private readonly boundMs: number,
    private readonly logger: Logger,
  ) {}

  async screen(text: string): Promise<Screening> {
    const local = findCrisisSigns(text);
    // The rules already escalate: a second opinion would change nothing.
    if (local.length > 0 || !this.moderator) return { signs: local, late: NOTHING_LATE };
    const verdict = this.moderator.flag(text).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'moderation failed: the local rules decide alone');
      return [];
    });
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.boundMs);
    });
    const inTime = await Promise.race([verdict, bound]);
    clearTimeout(timer);
    return inTime ? { signs: inTime, late: NOTHING_LATE } : { signs: [], late: verdict };
  }
}

/** The screen the app uses: Mistral's moderation beside the local rules when a key is set. */
export function createSafetyScreen(config: Config['mistral'], logger: Logger): SafetyScreen {
  crisisModel();
  const client = createMistralClient(config);
  return new SafetyScreen(client && new MistralModeration(client, config.moderationModel), config.moderationTimeoutMs, logger);
}
