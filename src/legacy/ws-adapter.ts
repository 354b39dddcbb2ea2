import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ChatEvent } from '../chat/events.js';
import { AppError } from '../errors.js';
import { POLICY_VIOLATION, withinBuffer } from '../http/connections.js';
import type { AppServices } from '../services.js';
import type { Authenticated } from '../auth/auth-service.js';
import type { PublicUser } from '../users/user.js';
import { parseClientFrame, type ClientFrame } from './frames.js';
import { ASSISTANT, LEGACY_ERRORS, toLegacyMessageItem } from './messages.js';

const PATH = /^\/ws\/chat\/([^/]*)\/?$/;
const LEGACY_ROOM = /^\w{1,64}$/;

/**
 * The original Django Channels protocol at /ws/chat/<room>/, translated frame by
 * frame onto the chat service. No chat logic lives here.
 */
export function createLegacyChatAdapter(services: AppServices) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: services.config.legacy.maxFrameBytes });
  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if ((socket as WebSocket & { alive?: boolean }).alive === false) socket.terminate();
      else {
        (socket as WebSocket & { alive?: boolean }).alive = false;
        socket.ping();
      }
    }
  }, 30_000);
  heartbeat.unref();

  function refuse(socket: Duplex, status: number, reason: string) {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, room: string, token: string | null) {
    let auth: Authenticated | null = null;
    if (token) {
      auth = await services.auth.authenticate(token);
      if (!auth) return refuse(socket, 401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => new LegacyChatSession(ws, room, auth, services).start());
  }

  return {
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): boolean {
      const match = url.pathname.match(PATH);
      if (!match) return false;
      const room = decodeURIComponent(match[1]!);
      if (!LEGACY_ROOM.test(room)) {
        refuse(socket, 400, 'Bad Request');
        return true;
      }
      accept(req, socket, head, room, url.searchParams.get('token')).catch((error) => {
        services.logger.error({ err: error }, 'legacy upgrade failed');
        refuse(socket, 500, 'Internal Server Error');
      });
      return true;
    },
    close() {
      clearInterval(heartbeat);
      for (const socket of wss.clients) socket.close(1001, 'server shutting down');
      wss.close();
    },
  };
}

class LegacyChatSession {
  private user: PublicUser | null = null;
  private sessionId: string | null = null;
  private readonly left = new AbortController();
  /** Answers asked from this socket: only these stream here, as in the original. */
  private readonly ownAnswers = new Set<string>();

  constructor(
    private readonly socket: WebSocket,
    private readonly room: string,
    private readonly tokenAuth: Authenticated | null,
    private readonly services: AppServices,
  ) {}

  start(): void {
    const alive = this.socket as WebSocket & { alive?: boolean };
    alive.alive = true;
    this.socket.on('pong', () => (alive.alive = true));
    this.socket.on('message', (data: RawData, isBinary: boolean) => {
      const parsed = parseClientFrame(data as Buffer, isBinary);
      if (parsed.kind === 'invalid') this.send({ type: 'error', message: parsed.error });
      if (parsed.kind !== 'frame') return;
      this.handle(parsed.frame).catch((error) => this.fail(error));
    });
    this.socket.on('close', () => this.left.abort());
    this.socket.on('error', () => this.left.abort());
  }

  private async handle(frame: ClientFrame): Promise<void> {
    switch (frame.type) {
      case 'connection':
        return this.connect(frame);
      case 'chatbot_query':
        return this.ask(frame.message);
      case 'disconnect_request':
        return this.endSession();
    }
  }

  private async connect(frame: Extract<ClientFrame, { type: 'connection' }>): Promise<void> {
    const username = frame.username?.trim();
    if (!username) return this.send({ type: 'error', message: LEGACY_ERRORS.usernameRequired });
    const authenticated = await this.authenticate(username, frame.token);
    if (!authenticated) return;
    const { user, sessionId } = authenticated;
    const wasConnected = this.user !== null;
    if (!this.services.connections.register(user.id, sessionId, this.socket)) {
      this.send({ type: 'error', message: `Too many open connections (at most ${this.services.config.sockets.maxPerUser})` });
      this.socket.close(POLICY_VIOLATION, 'too many connections');
      return;
    }
    this.user = user;
    this.sessionId = sessionId;
    this.send({ type: 'connection_confirmed', user_id: user.id, employee_id: user.employeeId ?? '', chat_messages: await this.chatMessages() });
    if (!wasConnected) void this.pump(user);
  }

  private async authenticate(username: string, frameToken: string | undefined): Promise<{ user: PublicUser; sessionId: string | null } | null> {
    const { auth, config } = this.services;
    const found =
      this.tokenAuth ??
      (frameToken ? await auth.authenticate(frameToken) : null) ??
      (config.legacy.trustUsername ? { user: await auth.trustedUser(username), sessionId: null } : null);
    if (!found) {
      this.send({ type: 'error', message: LEGACY_ERRORS.authRequired });
      this.socket.close(POLICY_VIOLATION, 'authentication required');
      return null;
    }
    if (found.user.username !== username) {
      this.send({ type: 'error', message: LEGACY_ERRORS.usernameMismatch });
      return null;
    }
    return found;
  }

  private async ask(message: unknown): Promise<void> {
    if (!this.user) return this.send({ type: 'error', message: LEGACY_ERRORS.connectFirst });
    if (typeof message !== 'string' || message.trim() === '') {
      return this.send({ type: 'error', message: LEGACY_ERRORS.messageRequired });
    }
    const answerId = randomUUID();
    this.ownAnswers.add(answerId);
    try {
      await this.services.chat.send(this.user, this.room, message, answerId);
    } catch (error) {
      this.ownAnswers.delete(answerId);
      throw error;
    }
  }

  private async endSession(): Promise<void> {
    if (!this.user) return this.send({ type: 'error', message: LEGACY_ERRORS.connectFirst });
    this.send({ type: 'disconnect_confirmed', message: 'Chat session ended successfully', chat_messages: await this.chatMessages() });
    this.services.chat.endSession(this.user, this.room);
  }

  /** Forwards the room's events to this socket in the original's frames until it closes. */
  private async pump(user: PublicUser): Promise<void> {
    try {
      for await (const { event } of this.services.chat.join(user, this.room, { signal: this.left.signal })) {
        this.forward(user, event);
      }
    } catch (error) {
      this.fail(error);
    }
  }

  private forward(user: PublicUser, event: ChatEvent): void {
    switch (event.type) {
      case 'presence': {
        const who = { user_id: event.user.id, username: event.user.username };
        if (event.action === 'joined') this.send({ type: 'connect', message: `${event.user.username} joined the room`, ...who });
        else if (event.user.id !== user.id) this.send({ type: 'disconnect', message: `${event.user.username} left the room`, ...who });
        return;
      }
      case 'chunk':
        if (this.ownAnswers.has(event.answerId)) this.send({ type: 'chatbot_stream', chunk: event.text, ...ASSISTANT });
        return;
      case 'done':
        // A check-in's opener: the assistant speaking first, not an answer to this socket.
        if (this.ownAnswers.delete(event.answerId) || event.source === 'checkin') this.send({ type: 'chatbot_response', message: event.text, ...ASSISTANT });
        return;
      case 'error':
        if (event.answerId && this.ownAnswers.delete(event.answerId)) this.send({ type: 'error', message: event.message });
        return;
      default:
        return;
    }
  }

  private async chatMessages() {
    const user = this.user!;
    const messages = await this.services.messages.allForUser(user.id);
    return messages.map((message) => toLegacyMessageItem(message, user));
  }

  private fail(error: unknown): void {
    if (error instanceof AppError) return this.send({ type: 'error', message: error.message });
    this.services.logger.error({ err: error, room: this.room }, 'legacy chat frame failed');
    this.send({ type: 'error', message: 'Internal server error' });
  }

  private send(frame: Record<string, unknown>): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (!withinBuffer(this.socket, this.services.config.sockets.maxBufferedBytes)) {
      this.services.logger.warn({ room: this.room, userId: this.user?.id }, 'slow legacy WebSocket reader cut off');
      return;
    }
    this.socket.send(JSON.stringify(frame));
  }
}
