import type { Mistral } from '@mistralai/mistralai';
import type { RetryConfig } from '@mistralai/mistralai/lib/retries.js';
import {
  AnswerInterruptedError,
  type Answer,
  type AnswerRequest,
  type DeltaSink,
  type ReplyProvider,
} from './conversation.js';
import { buildPromptMessages } from './prompts.js';

export interface MistralProviderOptions {
  model: string;
  retries: RetryConfig;
  firstTokenTimeoutMs: number;
  idleTimeoutMs: number;
}

class StallError extends Error {
  override name = 'StallError';
}

/** Streams an answer from one Mistral model through the official SDK. */
export class MistralProvider implements ReplyProvider {
  readonly name: string;

  constructor(
    private readonly client: Mistral,
    private readonly options: MistralProviderOptions,
  ) {
    this.name = `mistral:${options.model}`;
  }

  async answer(request: AnswerRequest, onDelta: DeltaSink): Promise<Answer> {
    const stall = new AbortController();
    const signal = AbortSignal.any([request.signal, stall.signal]);
    let timer = setTimeout(
      () => stall.abort(new StallError('no first token in time')),
      this.options.firstTokenTimeoutMs,
    );
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => stall.abort(new StallError('stream stalled')), this.options.idleTimeoutMs);
    };
    let text = '';
    let finished = false;
    try {
      const stream = await this.client.chat.stream(
        { model: this.options.model, messages: buildPromptMessages(request.turns, request.hrSignals, request.opening ?? null) },
        { signal, retries: this.options.retries, timeoutMs: 24 * 3600_000 },
      );
      for await (const event of stream) {
        rearm();
        const choice = event.data.choices[0];
        if (choice?.finishReason) finished = true;
        const delta = deltaText(choice?.delta.content);
        if (!delta) continue;
        text += delta;
        await onDelta(delta);
      }
      // A stream that ends without a finish reason was cut, however cleanly it closed.
      if (!finished) throw new Error('the stream ended without a finish reason');
    } catch (error) {
      if (text.length > 0 && !request.signal.aborted) {
        throw new AnswerInterruptedError(`${this.name} broke off mid-answer: ${describe(error)}`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
    if (text.length === 0) throw new Error(`${this.name} returned an empty answer`);
    return { text, source: this.name };
  }
}

function deltaText(content: string | Array<{ type?: string; text?: string }> | null | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((chunk) => (chunk.type === 'text' && chunk.text ? chunk.text : '')).join('');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
