import type { MistralClient } from '../assistant/mistral-client.js';
import { signFor, type RiskSign } from './signs.js';
import type { SafetyCategory } from './vocabulary.js';

/** Mistral's moderation categories that call for escalation, as the vocabulary's categories. */
const ESCALATING: Record<string, SafetyCategory> = {
  selfharm: 'self_harm',
  violence_and_threats: 'harassment',
  hate_and_discrimination: 'harassment',
};

/** A verdict slower than this is no longer waited for at all (the answer stopped waiting long before). */
const GIVE_UP_MS = 15_000;

/** A second opinion on a message from a classifier beside the local rules. */
export interface Moderator {
  flag(text: string): Promise<RiskSign[]>;
}

/** Mistral's moderation endpoint (`POST /v1/moderations`) through the official SDK. */
export class MistralModeration implements Moderator {
  constructor(
    private readonly client: MistralClient,
    private readonly model: string,
  ) {}

  async flag(text: string): Promise<RiskSign[]> {
    const response = await (await this.client()).classifiers.moderate(
      { model: this.model, inputs: [text] },
      { retries: { strategy: 'none' }, timeoutMs: GIVE_UP_MS },
    );
    const flagged = new Set<SafetyCategory>();
    for (const result of response.results) {
      for (const [name, on] of Object.entries(result.categories ?? {})) {
        const category = ESCALATING[name];
        if (on && category) flagged.add(category);
      }
    }
    return [...flagged].map((category) => signFor(category, text));
  }
}
