import { randomUUID } from 'node:crypto';
import type { Assistant } from '../assistant/assistant.js';
import { fitToBudget } from '../assistant/context-window.js';
import { AnswerInterruptedError, type Turn } from '../assistant/conversation.js';
import type { HrSignalsProvider } from '../assistant/hr-signals.js';
import type { EventBus } from '../bus/event-bus.js';
import { followChannel } from '../bus/follow.js';
import { AppError } from '../errors.js';
import type { RateLimits } from '../limits/rate-limits.js';
import { assertMaxChars } from '../limits/text.js';
import type { Logger } from '../logger.js';
import type { StoredMessage } from '../messages/message.js';
import type { MessagePage, MessageRepository } from '../messages/message-repository.js';
import type { PublicUser } from '../users/user.js';
import type { ChatEvent, ChatUser, RoomEnvelope, TrackedChatEvent } from './events.js';
import type { PresenceStore } from './presence.js';
import type { RiskSign } from '../reports/risk-language.js';
import { toDeltas } from '../assistant/offline-responder.js';

export interface ChatServiceOptions {
  contextChars: number;
  /** How long a user may be gone before their running answers are cancelled and their session ends. */
  abandonGraceMs: number;
  maxInflightPerUser: number;
  maxMessageChars: number;
}

export interface SessionEnded {
  user: PublicUser;
  room: string;
  reason: 'left' | 'ended';
}

/** Proactive check-ins, as the chat needs them (the check-in service provides them). */
export interface CheckinHooks {
  deliver(userId: number, room: string): Promise<{ checkinId: number; opener: string } | null>;
  noteReply(userId: number, room: string): Promise<void>;
}

/** Crisis signs in a message: raised to HR, answered with support instead of the model. */
export interface CrisisPolicy {
  assess(text: string): RiskSign[];
  raise(user: PublicUser, room: string, signs: RiskSign[]): Promise<void>;
  response(signs: RiskSign[]): string;
}

export interface JoinOptions {
  lastEventId?: string | null | undefined;
  signal: AbortSignal;
}

const CONTEXT_MESSAGES = 100;

const roomChannel = (room: string) => `room:${room}`;
const conversationKey = (userId: number, room: string) => `${userId}:${room}`;
const chatUser = (user: PublicUser): ChatUser => ({ id: user.id, username: user.username });

/**
 * The chat, independent of any transport: rooms, presence, questions, streamed
 * answers, persistence and resume. The tRPC router and the legacy WebSocket adapter
 * are both thin layers over this.
 */
export class ChatService {
  private readonly inflight = new Map<string, Set<AbortController>>();
  private readonly abandonTimers = new Map<string, { timer: NodeJS.Timeout; user: PublicUser }>();
  private readonly sessionEndedListeners = new Set<(event: SessionEnded) => void>();

  constructor(
    private readonly bus: EventBus<RoomEnvelope>,
    private readonly presence: PresenceStore,
    private readonly messages: MessageRepository,
    private readonly assistant: Assistant,
    private readonly hrSignals: HrSignalsProvider,
    private readonly logger: Logger,
    private readonly options: ChatServiceOptions,
    private readonly limits: RateLimits,
    private readonly proactive: { checkins?: CheckinHooks; crisis?: CrisisPolicy } = {},
  ) {}

  /**
   * The user's view of a room, as long as `signal` is not aborted: presence of
   * everyone, and the user's own messages and answers. With `lastEventId`, first
   * what was missed since that event.
   */
  async *join(user: PublicUser, room: string, { lastEventId, signal }: JoinOptions): AsyncGenerator<TrackedChatEvent> {
    const firstConnection = await this.presence.add(room, chatUser(user));
    this.cancelAbandon(user.id, room);
    try {
      // A pending check-in: the assistant speaks first, before anything else in the room.
      const checkin = lastEventId ? null : await this.proactive.checkins?.deliver(user.id, room);
      if (checkin) {
        const answerId = `checkin-${checkin.checkinId}`;
        const message = await this.messages.insert({ user_id: user.id, room, direction: 'received', text: checkin.opener, source: 'checkin', answer_id: answerId });
        const event: ChatEvent = { type: 'done', answerId, text: checkin.opener, source: 'checkin', message };
        yield { id: await this.publishTo(user.id, room, event), event };
      }
      const items = followChannel(this.bus, roomChannel(room), {
        lastEventId,
        signal,
        accept: (payload) => payload.audience === null || payload.audience === user.id,
      });
      for await (const item of items) {
        if (item.kind === 'record') {
          yield { id: item.record.id, event: item.record.payload.event };
          continue;
        }
        if (item.replay === 'gap') {
          const message = 'Some events could not be replayed; reload the history to catch up.';
          yield { id: item.headId, event: { type: 'error', answerId: null, code: 'RESUME_GAP', message } };
        }
        if (item.replay !== 'done') {
          yield { id: item.headId, event: { type: 'members', room, users: await this.presence.members(room) } };
        }
        if (firstConnection) await this.publishPresence(room, user, 'joined');
      }
    } finally {
      if (await this.presence.remove(room, user.id)) this.onLastLeave(user, room);
    }
  }

  /**
   * Stores the question and starts streaming the answer to the asker's subscriptions.
   * A caller may choose the answer's id, to recognise its events before this resolves.
   */
  async send(
    user: PublicUser,
    room: string,
    text: string,
    answerId: string = randomUUID(),
  ): Promise<{ answerId: string; message: StoredMessage }> {
    assertMaxChars('message', text, this.options.maxMessageChars);
    await this.limits.consume('chat', `user:${user.id}`);
    const key = conversationKey(user.id, room);
    const running = this.inflight.get(key) ?? new Set<AbortController>();
    if (running.size >= this.options.maxInflightPerUser) {
      throw new AppError('TOO_MANY_REQUESTS', 'message: wait for the current answer to finish before asking again');
    }
    const controller = new AbortController();
    running.add(controller);
    this.inflight.set(key, running);
    const release = () => {
      running.delete(controller);
      if (running.size === 0) this.inflight.delete(key);
    };
    try {
      const message = await this.messages.insert({ user_id: user.id, room, direction: 'sent', text });
      await this.publishTo(user.id, room, { type: 'message', message });
      await this.proactive.checkins?.noteReply(user.id, room).catch((error) => this.logger.error({ err: error }, 'could not record the check-in reply'));
      const signs = this.proactive.crisis?.assess(text) ?? [];
      if (signs.length > 0) {
        await this.proactive.crisis!.raise(user, room, signs).catch((error) => this.logger.error({ err: error }, 'could not escalate to HR'));
        const support = this.proactive.crisis!.response(signs);
        void this.streamAnswer(user, room, answerId, controller.signal, { text: support, source: 'escalation' }).finally(release);
      } else {
        void this.streamAnswer(user, room, answerId, controller.signal).finally(release);
      }
      return { answerId, message };
    } catch (error) {
      release();
      throw error;
    }
  }

  history(user: PublicUser, room: string, cursor: number | null | undefined, limit: number): Promise<MessagePage> {
    return this.messages.page({ userId: user.id, room, cursor, limit });
  }

  /** The employee ends the conversation explicitly (legacy `disconnect_request`, or `chat.end`). */
  endSession(user: PublicUser, room: string): void {
    this.emitSessionEnded({ user, room, reason: 'ended' });
  }

  onSessionEnded(listener: (event: SessionEnded) => void): () => void {
    this.sessionEndedListeners.add(listener);
    return () => this.sessionEndedListeners.delete(listener);
  }

  /** Cancels running answers and pending session ends (shutdown). */
  async close(): Promise<void> {
    await this.presence.close();
    for (const running of this.inflight.values()) for (const controller of running) controller.abort();
    for (const { timer } of this.abandonTimers.values()) clearTimeout(timer);
    this.abandonTimers.clear();
  }

  /** Streams the assistant's answer, or `fixed` (a crisis response) word by word in the same way. */
  private async streamAnswer(user: PublicUser, room: string, answerId: string, signal: AbortSignal, fixed?: { text: string; source: string }): Promise<void> {
    const log = this.logger.child({ answerId, userId: user.id, room });
    try {
      let seq = 0;
      const onDelta = async (text: string) => {
        await this.publishTo(user.id, room, { type: 'chunk', answerId, seq: seq++, text });
      };
      let answer = fixed;
      if (!answer) {
        const recent = await this.messages.newest(user.id, room, CONTEXT_MESSAGES);
        const turns = fitToBudget(recent.map(toTurn), this.options.contextChars);
        const context = await this.hrSignals.describe(user);
        const oldest = recent.at(-1);
        const opening = oldest?.direction === 'received' && oldest.source === 'checkin' ? oldest.text : null;
        answer = await this.assistant.answer({ turns, hrSignals: context?.text ?? null, followUps: context?.followUps ?? [], opening, signal }, onDelta);
      } else {
        for (const delta of toDeltas(answer.text)) await onDelta(delta);
      }
      const message = await this.messages.insert({
        user_id: user.id,
        room,
        direction: 'received',
        text: answer.text,
        source: answer.source,
        answer_id: answerId,
      });
      await this.publishTo(user.id, room, { type: 'done', answerId, text: answer.text, source: answer.source, message });
    } catch (error) {
      if (signal.aborted) {
        log.info('answer cancelled: the asker left');
        return;
      }
      const interrupted = error instanceof AnswerInterruptedError;
      log.error({ err: error }, interrupted ? 'answer broke off mid-stream' : 'answer failed');
      await this.publishTo(user.id, room, {
        type: 'error',
        answerId,
        code: interrupted ? 'ANSWER_INTERRUPTED' : 'ANSWER_FAILED',
        message: interrupted
          ? 'The answer broke off before it was complete; please ask again.'
          : 'The assistant could not answer; please try again.',
      }).catch((publishError) => log.error({ err: publishError }, 'could not publish the error event'));
    }
  }

  private publishTo(userId: number, room: string, event: ChatEvent): Promise<string> {
    return this.bus.publish(roomChannel(room), { audience: userId, event });
  }

  private publishPresence(room: string, user: PublicUser, action: 'joined' | 'left'): Promise<string> {
    return this.bus.publish(roomChannel(room), {
      audience: null,
      event: { type: 'presence', room, action, user: chatUser(user), at: new Date() },
    });
  }

  private onLastLeave(user: PublicUser, room: string): void {
    this.publishPresence(room, user, 'left').catch((error) =>
      this.logger.error({ err: error, room }, 'could not publish presence'),
    );
    const key = conversationKey(user.id, room);
    const timer = setTimeout(async () => {
      this.abandonTimers.delete(key);
      if (await this.presence.isPresent(room, user.id)) return;
      for (const controller of this.inflight.get(key) ?? []) controller.abort();
      this.emitSessionEnded({ user, room, reason: 'left' });
    }, this.options.abandonGraceMs);
    timer.unref();
    this.abandonTimers.set(key, { timer, user });
  }

  private cancelAbandon(userId: number, room: string): void {
    const key = conversationKey(userId, room);
    const pending = this.abandonTimers.get(key);
    if (pending) {
      clearTimeout(pending.timer);
      this.abandonTimers.delete(key);
    }
  }

  private emitSessionEnded(event: SessionEnded): void {
    for (const listener of this.sessionEndedListeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.error({ err: error }, 'session-ended listener failed');
      }
    }
  }
}

function toTurn(message: StoredMessage): Turn {
  return { role: message.direction === 'sent' ? 'user' : 'assistant', content: message.text };
}
