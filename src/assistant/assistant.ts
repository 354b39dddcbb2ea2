import type { Logger } from '../logger.js';
import {
  AnswerInterruptedError,
  type Answer,
  type AnswerRequest,
  type DeltaSink,
  type ReplyProvider,
} from './conversation.js';

/**
 * Tries each provider in order (primary model, secondary model, offline responder).
 * A provider that fails before its first token hands over to the next; one that fails
 * after streaming text raises AnswerInterruptedError, since the text already sent
 * cannot be taken back.
 */
export class Assistant {
  constructor(
    private readonly providers: ReplyProvider[],
    private readonly logger: Logger,
  ) {}

  async answer(request: AnswerRequest, onDelta: DeltaSink): Promise<Answer> {
    let lastError: unknown;
    for (const provider of this.providers) {
      let streamed = false;
      try {
        return await provider.answer(request, (delta) => {
          streamed = true;
          return onDelta(delta);
        });
      } catch (error) {
        if (request.signal.aborted) throw error;
        if (streamed || error instanceof AnswerInterruptedError) {
          throw error instanceof AnswerInterruptedError ? error : new AnswerInterruptedError(String(error));
        }
        lastError = error;
        this.logger.warn({ provider: provider.name, err: error }, 'assistant provider failed, trying the next');
      }
    }
    throw lastError ?? new Error('no assistant provider configured');
  }
}
