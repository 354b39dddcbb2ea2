export interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

export interface AnswerRequest {
  /** The conversation, oldest first, ending with the user's new message. */
  turns: Turn[];
  /** What the HR data says about this employee, in words; null when nothing is known. */
  hrSignals: string | null;
  /** HR's follow-up questions for this employee's concerns (the offline responder asks them too). */
  followUps?: string[];
  /** The assistant's own first words when it opened the conversation (a check-in). */
  opening?: string | null;
  signal: AbortSignal;
}

export interface Answer {
  text: string;
  /** `mistral:<model>` or `offline`. */
  source: string;
}

export type DeltaSink = (text: string) => void | Promise<void>;

/** One way of producing an answer; the assistant tries several in order. */
export interface ReplyProvider {
  readonly name: string;
  answer(request: AnswerRequest, onDelta: DeltaSink): Promise<Answer>;
}

/** The answer broke off after text had already been streamed: it must not be stored as complete. */
export class AnswerInterruptedError extends Error {
  override name = 'AnswerInterruptedError';
}
