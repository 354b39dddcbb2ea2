import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { roomNameSchema } from '../chat/chat-inputs.js';
import type { ChatEvent } from '../chat/events.js';
import { AppError } from '../errors.js';
import { POLICY_VIOLATION, withinBuffer } from '../http/connections.js';
import { coalesceSends } from '../http/coalesced-sends.js';
import { releaseUpgradeSocket } from '../http/upgrade-socket.js';
import type { AppServices } from '../services.js';
import type { PublicUser } from '../users/user.js';
import { parseClientFrame, type ClientFrame, type ParsedFrame } from './frames.js';
import { UnauthenticatedSockets } from '../http/unauthenticated-sockets.js';
import { sessionCookieToken } from './session-cookie.js';
import { apology, ASSISTANT, LEGACY_ERRORS, toLegacyMessageItem } from './messages.js';
import { encodeLegacyFrame, type LegacyServerFrame } from './server-frames.js';

const PATH = /^\/ws\/chat\/([^/]*)\/?$/;

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
  const unauthenticated = new UnauthenticatedSockets({
    timeoutMs: services.config.legacy.authTimeoutMs,
    maxPerIp: services.config.legacy.maxUnauthenticatedPerIp,
  });

  function refuse(socket: Duplex, status: number, reason: string) {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, room: string, urlToken: string | null) {
    // The original frontend sends no token: `POST /login/`'s session cookie stands for it.
    const token = urlToken ?? sessionCookieToken(req);
    if (token) {
      const auth = await services.auth.authenticate(token);
      if (auth) {
        return wss.handleUpgrade(req, socket, head, (ws) => {
          releaseUpgradeSocket(socket);
          coalesceSends(ws, socket);
          // The user's from the start, before any `connection` frame: ending the session closes it.
          if (!services.connections.register(auth.user.id, auth.sessionId, auth.user.role, ws)) return tooManyConnections(ws, services);
          new LegacyChatSession(ws, room, token, services, () => {}).start();
        });
      }
      // A stale cookie is no answer: the socket may still authenticate in its `connection` frame.
      if (urlToken) return refuse(socket, 401, 'Unauthorized');
    }
    // Only the socket's own address counts: behind a proxy, raise LEGACY_MAX_UNAUTHENTICATED_PER_IP.
    let upgraded: WebSocket | null = null;
    const authenticated = unauthenticated.admit(req.socket.remoteAddress ?? 'unknown', socket, () => {
      if (!upgraded) return socket.destroy();
      upgraded.send(encodeLegacyFrame({ type: 'error', message: LEGACY_ERRORS.authRequired }));
      upgraded.close(POLICY_VIOLATION, 'authentication timed out');
    });
    if (!authenticated) return refuse(socket, 429, 'Too Many Requests');
    wss.handleUpgrade(req, socket, head, (ws) => {
      releaseUpgradeSocket(socket);
      coalesceSends(ws, socket);
      upgraded = ws;
      new LegacyChatSession(ws, room, null, services, authenticated).start();
    });
  }

  return {
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): boolean {
      const match = url.pathname.match(PATH);
      if (!match) return false;
      const room = roomNameSchema.safeParse(decodePathSegment(match[1]!));
      if (!room.success) {
        refuse(socket, 400, 'Bad Request');
        return true;
      }
      accept(req, socket, head, room.data, url.searchParams.get('token')).catch((error) => {
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
  /** Frames are handled one after another, in the order sent (a question sent right after `connection` waits for it). */
  private handled: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: WebSocket,
    private readonly room: string,
    /** The token of the upgrade (its URL's or its session cookie's), if any (already checked once, at the upgrade). */
    private readonly upgradeToken: string | null,
    private readonly services: AppServices,
    /** Ends the wait of a socket opened without a token. */
    private readonly authenticated: () => void,
  ) {}

  start(): void {
    const alive = this.socket as WebSocket & { alive?: boolean };
    alive.alive = true;
    this.socket.on('pong', () => (alive.alive = true));
    this.socket.on('message', (data: RawData, isBinary: boolean) => {
      const parsed = parseClientFrame(data as Buffer, isBinary);
      this.handled = this.handled.then(() => this.handle(parsed)).catch((error) => this.fail(error));
    });
    this.socket.on('close', () => this.left.abort());
    this.socket.on('error', () => this.left.abort());
  }

  private async handle(parsed: ParsedFrame): Promise<void> {
    if (this.sessionId) this.services.connections.used(this.sessionId);
    if (parsed.kind === 'invalid') {
      if (parsed.type === 'chatbot_query') this.questionFailed(parsed.error);
      else this.send({ type: 'error', message: parsed.error });
    }
    if (parsed.kind !== 'frame') return;
    const frame = parsed.frame;
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
    if (!this.services.connections.register(user.id, sessionId, user.role, this.socket)) return tooManyConnections(this.socket, this.services);
    this.authenticated();
    this.user = user;
    this.sessionId = sessionId;
    this.send({ type: 'connection_confirmed', user_id: user.id, employee_id: user.employeeId ?? '', chat_messages: await this.chatMessages() });
    if (!wasConnected) void this.pump(user);
  }

  private async authenticate(username: string, frameToken: string | undefined): Promise<{ user: PublicUser; sessionId: string | null } | null> {
    const { auth, config } = this.services;
    // A token given must be valid, even where usernames are trusted. The upgrade's is checked
    // again: a session ended since the upgrade gets nothing.
    const token = this.upgradeToken ?? frameToken;
    const found = token
      ? await auth.authenticate(token)
      : config.legacy.trustUsername
        ? { user: await auth.trustedUser(username), sessionId: null }
        : null;
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

  private async ask(message: string): Promise<void> {
    if (!this.user) return this.questionFailed(LEGACY_ERRORS.connectFirst);
    const answerId = randomUUID();
    this.ownAnswers.add(answerId);
    try {
      await this.services.chat.send(this.user, this.room, message, answerId);
    } catch (error) {
      this.ownAnswers.delete(answerId);
      this.questionFailed(this.describe(error));
    }
  }

  /** The original client waits for a `chatbot_response` after each question: a failed one ends with an apology. */
  private questionFailed(reason: string): void {
    this.send({ type: 'error', message: reason });
    this.send({ type: 'chatbot_response', message: apology(reason), ...ASSISTANT });
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
        if (!event.answerId || !this.ownAnswers.delete(event.answerId)) return;
        // A replacement follows from the next provider: it streams here and ends as this question's chatbot_response.
        if (event.replacedBy) this.ownAnswers.add(event.replacedBy);
        else this.questionFailed(event.message);
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
    this.send({ type: 'error', message: this.describe(error) });
  }

  /** What the client may be told of an error; anything unexpected goes to the log only. */
  private describe(error: unknown): string {
    if (error instanceof AppError) return error.message;
    this.services.logger.error({ err: error, room: this.room }, 'legacy chat frame failed');
    return 'Internal server error';
  }

  private send(frame: LegacyServerFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (!withinBuffer(this.socket, this.services.config.sockets.maxBufferedBytes)) {
      this.services.logger.warn({ room: this.room, userId: this.user?.id }, 'slow legacy WebSocket reader cut off');
      return;
    }
    this.socket.send(encodeLegacyFrame(frame));
  }
}

function tooManyConnections(socket: WebSocket, services: AppServices): void {
  if (socket.readyState === socket.OPEN) {
    socket.send(encodeLegacyFrame({ type: 'error', message: `Too many open connections (at most ${services.config.sockets.maxPerUser})` }));
  }
  socket.close(POLICY_VIOLATION, 'too many connections');
}

/** A path segment as text; `null` for malformed percent-encoding (refused like any bad room name). */
function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
