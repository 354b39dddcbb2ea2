import type { RetryConfig } from '@mistralai/mistralai/lib/retries.js';
import { linkSignals, withCallerSignal } from './caller-signal.js';
import { withoutStackTraces, type MistralClient } from './mistral-client.js';
import {
  AnswerInterruptedError,
  type Answer,
  type AnswerRequest,
  type DeltaSink,
  type ReplyProvider,
} from './conversation.js';
import { buildPromptMessages } from './prompts.js';
import { llmErrorsTotal } from '../observability/metrics.js';

export interface MistralProviderOptions {
  model: string;
  retries: RetryConfig;
  firstTokenTimeoutMs: number;
  idleTimeoutMs: number;
  /** The longest answer: the stream is no longer read once it is reached. */
  maxAnswerChars: number;
}

class StallError extends Error {
  override name = 'StallError';
}

class TruncatedStreamError extends Error {
  override name = 'TruncatedStreamError';
}

const NO_FIRST_TOKEN = 'no first token in time';

/** The kind of a failed model call, for `hr_assistant_llm_errors_total` (the SDK's errors are told apart by shape: it is loaded lazily). */
function failureKind(error: unknown, stall: AbortSignal, streamed: boolean): string {
  if (stall.aborted) return (stall.reason as Error).message === NO_FIRST_TOKEN ? 'first_token_timeout' : 'stalled';
  if (error instanceof TruncatedStreamError) return 'truncated';
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (status === 429) return 'rate_limited';
  if (typeof status === 'number') return status >= 500 ? 'server_error' : 'client_error';
  if (streamed) return 'interrupted';
  const name = (error as Error | null)?.name ?? '';
  return ['ConnectionError', 'RequestTimeoutError', 'TypeError'].includes(name) ? 'network' : 'other';
}

/** Streams an answer from one Mistral model through the official SDK. */
export class MistralProvider implements ReplyProvider {
  readonly name: string;

  constructor(
    private readonly client: MistralClient,
    private readonly options: MistralProviderOptions,
  ) {
    this.name = `mistral:${options.model}`;
  }

  async answer(request: AnswerRequest, onDelta: DeltaSink): Promise<Answer> {
    // Before the timers start: importing the SDK on first use is not the model's silence.
    const client = await this.client();
    const stall = new AbortController();
    const { signal, dispose } = linkSignals(request.signal, stall.signal);
    let idle: NodeJS.Timeout | null = null;
    const firstToken = setTimeout(() => stall.abort(new StallError(NO_FIRST_TOKEN)), this.options.firstTokenTimeoutMs);
    // One idle timer per answer, pushed back on every event (not a new timer per event).
    const rearm = () => {
      if (idle) idle.refresh();
      else {
        clearTimeout(firstToken);
        idle = setTimeout(() => stall.abort(new StallError('stream stalled')), this.options.idleTimeoutMs);
      }
    };
    let text = '';
    let finished = false;
    try {
      const messages = buildPromptMessages(request.turns, request.hrSignals, request.opening ?? null);
      const stream = await withCallerSignal(signal, (options) =>
        withoutStackTraces(() => client.chat.stream({ model: this.options.model, messages }, { ...options, retries: this.options.retries, timeoutMs: 24 * 3600_000 })),
      );
      for await (const event of stream) {
        rearm();
        const choice = event.data.choices[0];
        if (choice?.finishReason) finished = true;
        const whole = deltaText(choice?.delta.content);
        const delta = clip(whole, this.options.maxAnswerChars - text.length);
        if (delta) {
          text += delta;
          await onDelta(delta);
        }
        if (delta.length < whole.length || text.length >= this.options.maxAnswerChars) {
          // Leaving the loop cancels the stream: the rest of an overlong answer is never read.
          finished = true;
          break;
        }
      }
      // A stream that ends without a finish reason was cut, however cleanly it closed.
      if (!finished) throw new TruncatedStreamError('the stream ended without a finish reason');
    } catch (error) {
      if (!request.signal.aborted) llmErrorsTotal.inc({ model: this.options.model, kind: failureKind(error, stall.signal, text.length > 0) });
      if (text.length > 0 && !request.signal.aborted) {
        throw new AnswerInterruptedError(`${this.name} broke off mid-answer: ${describe(error)}`);
      }
      throw error;
    } finally {
      clearTimeout(firstToken);
      if (idle) clearTimeout(idle);
      dispose();
    }
    if (text.length === 0) {
      llmErrorsTotal.inc({ model: this.options.model, kind: 'empty' });
      throw new Error(`${this.name} returned an empty answer`);
    }
    return { text, source: this.name };
  }
}

function deltaText(content: string | Array<{ type?: string; text?: string }> | null | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((chunk) => (chunk.type === 'text' && chunk.text ? chunk.text : '')).join('');
}

/** At most `room` characters of `text`, never ending in half of a surrogate pair. */
function clip(text: string, room: number): string {
  if (text.length <= room) return text;
  return text.slice(0, room).replace(/[\uD800-\uDBFF]$/, '');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
