import { withCallerSignal } from '../assistant/caller-signal.js';
import { withoutStackTraces, type MistralClient } from '../assistant/mistral-client.js';
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

/** Inputs in one moderation request at most. */
const MAX_BATCH = 32;
/** Requests on their way at once: one slow request does not hold up every message behind it. */
const MAX_IN_FLIGHT = 2;

interface Waiting {
  text: string;
  resolve: (signs: RiskSign[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Mistral's moderation endpoint (`POST /v1/moderations`) through the official SDK. Messages
 * that arrive while a request is on its way go together in the next one (the endpoint takes a
 * list of inputs): under load, one request for many messages instead of one each; alone, a
 * message is sent at once.
 */
export class MistralModeration implements Moderator {
  private waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly client: MistralClient,
    private readonly model: string,
  ) {}

  flag(text: string): Promise<RiskSign[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ text, resolve, reject });
      if (this.inFlight < MAX_IN_FLIGHT) this.sendWaiting();
    });
  }

  private sendWaiting(): void {
    const batch = this.waiting.splice(0, MAX_BATCH);
    if (batch.length === 0) return;
    this.inFlight++;
    this.moderate(batch.map((w) => w.text))
      .then(
        (signs) => batch.forEach((w, i) => w.resolve(signs[i] ?? [])),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        this.inFlight--;
        this.sendWaiting();
      });
  }

  private async moderate(inputs: string[]): Promise<RiskSign[][]> {
    const client = await this.client();
    // The SDK's own `timeoutMs` lives in its request's signal, which Node 20 can lose (caller-signal.ts).
    const giveUp = AbortSignal.timeout(GIVE_UP_MS);
    const response = await withCallerSignal(giveUp, (options) =>
      withoutStackTraces(() => client.classifiers.moderate({ model: this.model, inputs }, { ...options, retries: { strategy: 'none' } })),
    );
    return inputs.map((text, i) => {
      const flagged = new Set<SafetyCategory>();
      for (const [name, on] of Object.entries(response.results[i]?.categories ?? {})) {
        const category = ESCALATING[name];
        if (on && category) flagged.add(category);
      }
      return [...flagged].map((category) => signFor(category, text));
    });
  }
}
