import type { StoredMessage } from '../messages/message.js';
import type { MessageRepository } from '../messages/message-repository.js';

/** How far back the window looks for the check-in that opened the conversation. */
export const CONTEXT_MESSAGES = 100;

interface Window {
  /** Newest first: the messages that can still fit in the context budget. */
  recent: StoredMessage[];
  /** Messages in the conversation's last CONTEXT_MESSAGES, as far as this window knows. */
  count: number;
  /** The check-in opener, while it is among the last CONTEXT_MESSAGES messages. */
  opening: string | null;
}

export interface ConversationContext {
  recent: StoredMessage[];
  opening: string | null;
}

/**
 * The newest messages of each open conversation on this process, read from the database
 * once and then kept current by the chat's own writes (questions, answers, check-ins);
 * forgotten when the conversation ends. Only what fits in `budgetChars` is kept. With
 * `keep` false (several instances may write to one conversation) every read goes to the database.
 */
export class ConversationWindows {
  private readonly windows = new Map<string, Promise<Window>>();

  constructor(
    private readonly messages: MessageRepository,
    private readonly budgetChars: number,
    private readonly keep: boolean,
  ) {}

  async context(userId: number, room: string): Promise<ConversationContext> {
    const { recent, opening } = await this.window(userId, room);
    return { recent, opening };
  }

  /** A message just stored in the conversation (a no-op until the window was first read). */
  add(message: StoredMessage): void {
    if (!this.keep) return;
    const key = keyOf(message.userId, message.room);
    const window = this.windows.get(key);
    if (!window) return;
    const updated = window.then((current) => {
      if (current.recent.some((known) => known.id === message.id)) return current;
      const count = current.count + 1;
      const recent = this.trim([message, ...current.recent].sort((a, b) => b.id - a.id));
      return { recent, count, opening: count > CONTEXT_MESSAGES ? null : current.opening };
    });
    this.windows.set(key, updated);
  }

  forget(userId: number, room: string): void {
    this.windows.delete(keyOf(userId, room));
  }

  private window(userId: number, room: string): Promise<Window> {
    const key = keyOf(userId, room);
    let window = this.windows.get(key);
    if (!window) {
      window = this.messages.newest(userId, room, CONTEXT_MESSAGES).then((newest) => {
        const oldest = newest.at(-1);
        const opening = oldest?.direction === 'received' && oldest.source === 'checkin' ? oldest.text : null;
        return { recent: this.trim(newest), count: newest.length, opening };
      });
      if (!this.keep) return window;
      window.catch(() => {
        if (this.windows.get(key) === window) this.windows.delete(key);
      });
      this.windows.set(key, window);
    }
    return window;
  }

  /** The newest messages up to the first that no longer fits the budget (what `fitToBudget` can use). */
  private trim(newestFirst: StoredMessage[]): StoredMessage[] {
    let used = newestFirst[0]?.text.length ?? 0;
    let end = Math.min(newestFirst.length, 1);
    while (end < newestFirst.length && used + newestFirst[end]!.text.length <= this.budgetChars) {
      used += newestFirst[end]!.text.length;
      end++;
    }
    return newestFirst.slice(0, end);
  }
}

const keyOf = (userId: number, room: string) => `${userId}:${room}`;
