import { randomUUID } from 'node:crypto';
import type { Assistant } from '../assistant/assistant.js';
import { fitToBudget } from '../assistant/context-window.js';
import { AnswerInterruptedError, type Turn } from '../assistant/conversation.js';
import type { HrSignalsProvider } from '../assistant/hr-signals.js';
import type { EventBus } from '../bus/event-bus.js';
import { followChannels } from '../bus/follow.js';
import { AppError } from '../errors.js';
import type { RateLimits } from '../limits/rate-limits.js';
import { assertMaxChars } from '../limits/text.js';
import type { Logger } from '../logger.js';
import type { StoredMessage } from '../messages/message.js';
import type { MessagePage, MessageRepository } from '../messages/message-repository.js';
import type { PublicUser } from '../users/user.js';
import type { ChatEvent, ChatUser, RoomEnvelope, TrackedChatEvent } from './events.js';
import type { PresenceStore } from './presence.js';
import { isVisibleTo, seesEveryonesPresence, seesPresenceOf } from './visibility.js';
import { ConversationWindows } from './conversation-windows.js';
import { DeltaBatcher } from './delta-batcher.js';
import { channelsOf, roomChannel, userChannel } from './channels.js';
import type { OpenSessions } from './open-sessions.js';
import type { Screening } from '../safety/screen.js';
import type { RiskSign } from '../safety/signs.js';
import { toDeltas } from '../assistant/offline-responder.js';
import { answersTotal } from '../observability/metrics.js';

export interface ChatServiceOptions {
  contextChars: number;
  /** How long a user may be gone before their running answers are cancelled and their session ends. */
  abandonGraceMs: number;
  maxInflightPerUser: number;
  maxMessageChars: number;
  /** Lease of an open session (renewed every third of it): how soon another instance ends a crashed one's. */
  sessionLeaseMs: number;
  /** No other instance writes to this one's conversations: their context windows can be kept in memory. */
  singleInstance: boolean;
}

export interface SessionEnded {
  userId: number;
  room: string;
  /** `abandoned`: left open by an instance that stopped (a crash), ended by this one. */
  reason: 'left' | 'ended' | 'abandoned';
}

/** Records a session's end (the report job); a rejection keeps the session open, to be ended again later. */
export type SessionEndedListener = (event: SessionEnded) => void | Promise<void>;

/** Proactive check-ins, as the chat needs them (the check-in service provides them). */
export interface CheckinHooks {
  deliver(userId: number, room: string): Promise<{ checkinId: number; opener: string } | null>;
  noteReply(userId: number, room: string): Promise<void>;
}

/** Crisis signs in a message: raised to HR, answered with support instead of the model. */
export interface CrisisPolicy {
  /** Never rejects; resolves within a short bound, with what a slower classifier finds `late`. */
  assess(text: string): Promise<Screening>;
  raise(user: PublicUser, room: string, signs: RiskSign[]): Promise<void>;
  response(signs: RiskSign[]): string;
}

export interface JoinOptions {
  lastEventId?: string | null | undefined;
  signal: AbortSignal;
}

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
  private readonly sessionEndedListeners = new Set<SessionEndedListener>();
  private leaseTimer: NodeJS.Timeout | null = null;
  private readonly windows: ConversationWindows;

  constructor(
    private readonly bus: EventBus<RoomEnvelope>,
    private readonly presence: PresenceStore,
    private readonly messages: MessageRepository,
    private readonly assistant: Assistant,
    private readonly hrSignals: HrSignalsProvider,
    private readonly logger: Logger,
    private readonly options: ChatServiceOptions,
    private readonly limits: RateLimits,
    private readonly sessions: OpenSessions,
    private readonly proactive: { checkins?: CheckinHooks; crisis?: CrisisPolicy } = {},
  ) {
    this.windows = new ConversationWindows(messages, options.contextChars, options.singleInstance);
  }

  /**
   * The user's view of a room, as long as `signal` is not aborted: the presence they
   * may see (`seesPresenceOf`), and their own messages and answers: their own channel and, for
   * HR, the room's presence channel (`channelsOf`), so nothing of anyone else's is received.
   * With `lastEventId` (a cursor over those channels), first what was missed since that event.
   */
  async *join(user: PublicUser, room: string, { lastEventId, signal }: JoinOptions): AsyncGenerator<TrackedChatEvent> {
    const firstConnection = await this.presence.add(room, chatUser(user));
    this.cancelAbandon(user.id, room);
    // Back after a crash of the instance that served the session: this one serves it now.
    if (firstConnection) await this.sessions.adopt(user.id, room).catch((error) => this.logger.error({ err: error }, 'could not adopt the chat session'));
    try {
      // A pending check-in: the assistant speaks first, before anything else in the room.
      const checkin = lastEventId ? null : await this.proactive.checkins?.deliver(user.id, room);
      if (checkin) {
        const answerId = `checkin-${checkin.checkinId}`;
        const message = await this.messages.insert({ user_id: user.id, room, direction: 'received', text: checkin.opener, source: 'checkin', answer_id: answerId });
        this.windows.add(message);
        const event: ChatEvent = { type: 'done', answerId, text: checkin.opener, source: 'checkin', message };
        yield { id: await this.publishTo(user.id, room, event), event };
      }
      const items = followChannels(this.bus, channelsOf(user, room), {
        lastEventId,
        signal,
        accept: (payload) => isVisibleTo(user, payload),
      });
      for await (const item of items) {
        if (item.kind === 'record') {
          yield { id: item.cursor, event: item.record.payload.event };
          continue;
        }
        if (item.replay === 'gap') {
          const message = 'Some events could not be replayed; reload the history to catch up.';
          yield { id: item.headId, event: { type: 'error', answerId: null, code: 'RESUME_GAP', message } };
        }
        if (item.replay !== 'done') {
          const users = seesEveryonesPresence(user)
            ? (await this.presence.members(room)).filter((member) => seesPresenceOf(user, member))
            : [chatUser(user)];
          yield { id: item.headId, event: { type: 'members', room, users } };
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
    let message: StoredMessage;
    try {
      message = await this.messages.insert({ user_id: user.id, room, direction: 'sent', text });
    } catch (error) {
      release();
      throw error;
    }
    this.windows.add(message);
    // Published before the answer starts, so the question precedes the answer's chunks on the channel.
    const published = this.publishTo(user.id, room, { type: 'message', message });
    void this.respond(user, room, text, answerId, controller.signal)
      .catch((error) => this.logger.error({ err: error, answerId }, 'could not answer'))
      .finally(release);
    await Promise.all([
      published,
      this.sessions.touch(user.id, room).catch((error) => this.logger.error({ err: error }, 'could not record the open chat session')),
      this.proactive.checkins?.noteReply(user.id, room).catch((error) => this.logger.error({ err: error }, 'could not record the check-in reply')),
    ]);
    return { answerId, message };
  }

  /**
   * A message showing a crisis sign is escalated to HR (once) and answered with support and
   * the help contacts instead of the model; a sign a classifier finds only after its bound
   * still reaches HR, beside the model's answer.
   */
  private async respond(user: PublicUser, room: string, text: string, answerId: string, signal: AbortSignal): Promise<void> {
    const crisis = this.proactive.crisis;
    if (!crisis) return this.streamAnswer(user, room, answerId, signal);
    const escalate = (signs: RiskSign[]) =>
      crisis.raise(user, room, signs).catch((error) => this.logger.error({ err: error }, 'could not escalate to HR'));
    const { signs, late } = await crisis.assess(text);
    if (signs.length > 0) {
      await escalate(signs);
      return this.streamAnswer(user, room, answerId, signal, { text: crisis.response(signs), source: 'escalation' });
    }
    void late.then(async (found) => {
      if (found.length > 0) await escalate(found);
    });
    return this.streamAnswer(user, room, answerId, signal);
  }

  history(user: PublicUser, room: string, cursor: number | null | undefined, limit: number): Promise<MessagePage> {
    return this.messages.page({ userId: user.id, room, cursor, limit });
  }

  /** The employee ends the conversation explicitly (legacy `disconnect_request`, or `chat.end`). */
  endSession(user: PublicUser, room: string): void {
    void this.finishSession({ userId: user.id, room, reason: 'ended' });
  }

  onSessionEnded(listener: SessionEndedListener): () => void {
    this.sessionEndedListeners.add(listener);
    return () => this.sessionEndedListeners.delete(listener);
  }

  /**
   * Ends the sessions that a stopped run left open (with `singleInstance`, every one not
   * this instance's: nobody else can be serving them), then keeps this instance's sessions
   * leased and ends any whose lease runs out.
   */
  async startSessionLeases({ singleInstance }: { singleInstance: boolean }): Promise<void> {
    await this.endAbandonedSessions(singleInstance);
    this.leaseTimer = setInterval(() => {
      this.sessions
        .renew()
        .then(() => this.endAbandonedSessions(false))
        .catch((error) => this.logger.error({ err: error }, 'could not maintain the chat session leases'));
    }, this.options.sessionLeaseMs / 3);
    this.leaseTimer.unref();
  }

  /** Cancels running answers and pending session ends (shutdown); open sessions stay leased until their lease runs out. */
  async close(): Promise<void> {
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    await this.presence.close();
    for (const running of this.inflight.values()) for (const controller of running) controller.abort();
    for (const { timer } of this.abandonTimers.values()) clearTimeout(timer);
    this.abandonTimers.clear();
  }

  /**
   * Streams the assistant's answer, or `fixed` (a crisis response) word by word in the same way.
   * An answer that breaks off mid-stream is followed by a replacement from the next provider,
   * under a new answer id that names the one it `replaces`.
   */
  private async streamAnswer(user: PublicUser, room: string, firstAnswerId: string, signal: AbortSignal, fixed?: { text: string; source: string }): Promise<void> {
    const log = this.logger.child({ answerId: firstAnswerId, userId: user.id, room });
    let answerId = firstAnswerId;
    let replaces: { replaces?: string } = {};
    let pendingChunks: DeltaBatcher | null = null;
    try {
      let seq = 0;
      // Read when each chunk is sent: a replacement answer's chunks carry its own id.
      const chunks = new DeltaBatcher((text) => this.publishTo(user.id, room, { type: 'chunk', answerId, seq: seq++, text, ...replaces }).then(() => {}));
      pendingChunks = chunks;
      const onDelta = (text: string) => chunks.add(text);
      const onInterrupted = async () => {
        await chunks.flush();
        const replacement = randomUUID();
        await this.publishTo(user.id, room, {
          type: 'error',
          answerId,
          code: 'ANSWER_INTERRUPTED',
          message: 'The answer broke off before it was complete; a complete answer follows.',
          replacedBy: replacement,
        });
        replaces = { replaces: answerId };
        answerId = replacement;
        seq = 0;
      };
      let answer = fixed;
      if (!answer) {
        const [{ recent, opening }, context] = await Promise.all([this.windows.context(user.id, room), this.hrSignals.describe(user)]);
        const turns = fitToBudget(recent.map(toTurn), this.options.contextChars);
        const request = { turns, hrSignals: context?.text ?? null, followUps: context?.followUps ?? [], opening, signal };
        answer = await this.assistant.answer(request, onDelta, onInterrupted);
      } else {
        for (const delta of toDeltas(answer.text)) onDelta(delta);
      }
      await chunks.flush();
      const message = await this.messages.insert({
        user_id: user.id,
        room,
        direction: 'received',
        text: answer.text,
        source: answer.source,
        answer_id: answerId,
      });
      this.windows.add(message);
      answersTotal.inc({ source: answer.source });
      await this.publishTo(user.id, room, { type: 'done', answerId, text: answer.text, source: answer.source, message, ...replaces });
    } catch (error) {
      if (signal.aborted) {
        log.info('answer cancelled: the asker left');
        return;
      }
      const interrupted = error instanceof AnswerInterruptedError;
      log.error({ err: error, answerId }, interrupted ? 'answer broke off mid-stream' : 'answer failed');
      await pendingChunks?.flush().catch(() => {}); // what was streamed comes before the error
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
    return this.bus.publish(userChannel(room, userId), { audience: userId, event });
  }

  /** On the room channel for HR; a user who does not follow it sees their own presence on their channel. */
  private async publishPresence(room: string, user: PublicUser, action: 'joined' | 'left'): Promise<void> {
    const envelope = { audience: null, event: { type: 'presence', room, action, user: chatUser(user), at: new Date() } } as const;
    await Promise.all([
      this.bus.publish(roomChannel(room), envelope),
      seesEveryonesPresence(user) ? null : this.bus.publish(userChannel(room, user.id), envelope),
    ]);
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
      await this.finishSession({ userId: user.id, room, reason: 'left' });
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

  private async endAbandonedSessions(everyOtherOwner: boolean): Promise<void> {
    const abandoned = await this.sessions.claimAbandoned({ everyOtherOwner });
    if (abandoned.length > 0) this.logger.info({ sessions: abandoned.length }, 'ending chat sessions left open by a stopped instance');
    await Promise.all(abandoned.map(({ userId, room }) => this.finishSession({ userId, room, reason: 'abandoned' })));
  }

  /** Tells the listeners (the report job is recorded), then forgets the open session; if one failed, another sweep retries. */
  private async finishSession(event: SessionEnded): Promise<void> {
    this.sessions.ending(event.userId, event.room);
    const endedAt = Date.now();
    this.windows.forget(event.userId, event.room);
    const results = await Promise.allSettled([...this.sessionEndedListeners].map(async (listener) => listener(event)));
    const failed = results.filter((result) => result.status === 'rejected');
    for (const { reason } of failed) this.logger.error({ err: reason, userId: event.userId, room: event.room }, 'session-ended listener failed');
    const forget = failed.length === 0 ? this.sessions.close(event.userId, event.room, endedAt) : this.sessions.expire(event.userId, event.room);
    await forget.catch((error) => this.logger.error({ err: error }, 'could not update the open chat session'));
  }
}

function toTurn(message: StoredMessage): Turn {
  return { role: message.direction === 'sent' ? 'user' : 'assistant', content: message.text };
}
