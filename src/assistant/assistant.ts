import type { Logger } from '../logger.js';
import { firstTokenSeconds } from '../observability/metrics.js';
import {
  AnswerInterruptedError,
  type Answer,
  type AnswerRequest,
  type DeltaSink,
  type ReplyProvider,
} from './conversation.js';

/**
 * Tries each provider in order (primary model, secondary model, offline responder).
 * A provider that fails before its first token hands over to the next. One that fails
 * after streaming text cannot take that text back: `onInterrupted` tells the caller, and
 * the next provider answers anew (the caller streams it as a new answer). Only the last
 * provider's interruption is raised, as AnswerInterruptedError.
 */
export class Assistant {
  constructor(
    private readonly providers: ReplyProvider[],
    private readonly logger: Logger,
  ) {}

  async answer(request: AnswerRequest, onDelta: DeltaSink, onInterrupted: OnInterrupted = () => {}): Promise<Answer> {
    let lastError: unknown;
    const started = performance.now();
    let answering = false;
    for (const [index, provider] of this.providers.entries()) {
      let streamed = false;
      try {
        return await provider.answer(request, (delta) => {
          streamed = true;
          if (!answering) firstTokenSeconds.observe({ provider: provider.name }, (performance.now() - started) / 1000);
          answering = true;
          return onDelta(delta);
        });
      } catch (error) {
        if (request.signal.aborted) throw error;
        const isLast = index === this.providers.length - 1;
        if (streamed || error instanceof AnswerInterruptedError) {
          const interrupted = error instanceof AnswerInterruptedError ? error : new AnswerInterruptedError(String(error));
          if (isLast) throw interrupted;
          this.logger.warn({ provider: provider.name, err: error }, 'answer broke off mid-stream; the next provider answers anew');
          await onInterrupted(interrupted);
        } else {
          this.logger.warn({ provider: provider.name, err: error }, 'assistant provider failed, trying the next');
        }
        lastError = error;
      }
    }
    throw lastError ?? new Error('no assistant provider configured');
  }
}

/** Called when a streamed answer broke off and the next provider is about to answer anew. */
export type OnInterrupted = (error: AnswerInterruptedError) => void | Promise<void>;
