/**
 * A small client of the original Django system's raw WebSocket protocol
 * (`/ws/chat/<room>/`), for migrating old frontends. Pass a session token: the new
 * server requires one (the old one trusted the username).
 */
import type { LegacyMessageItem, LegacyServerFrame } from './generated/legacy-frames.js';

export type { LegacyMessageItem, LegacyServerFrame };

export interface LegacyChatOptions {
  /** The server's base URL, e.g. `https://hr.example.com`. */
  url: string;
  room: string;
  username: string;
  token: string;
  /** A WebSocket implementation where there is no global one (Node 20: `ws`). */
  webSocket?: unknown;
  onFrame?: (frame: LegacyServerFrame) => void;
}

export interface LegacyChat {
  /** Your stored messages, oldest first, as sent in `connection_confirmed`. */
  history: LegacyMessageItem[];
  userId: number;
  employeeId: string;
  /** Sends `chatbot_query`; resolves with the full `chatbot_response` message. */
  ask(message: string, onChunk?: (chunk: string) => void): Promise<string>;
  /** Sends `disconnect_request` (the session ends; the socket stays open). */
  end(): Promise<LegacyMessageItem[]>;
  close(): void;
}

type Socket = {
  send(data: string): void;
  close(): void;
  addEventListener(type: 'message' | 'open' | 'close' | 'error', listener: (event: { data?: unknown }) => void): void;
};

export function connectLegacyChat(options: LegacyChatOptions): Promise<LegacyChat> {
  const Impl = (options.webSocket ?? globalThis.WebSocket) as new (url: string) => Socket;
  const base = options.url.replace(/\/+$/, '').replace(/^http/, 'ws');
  const socket = new Impl(`${base}/ws/chat/${encodeURIComponent(options.room)}/?token=${encodeURIComponent(options.token)}`);
  const waiters: Array<(frame: LegacyServerFrame) => boolean> = [];
  socket.addEventListener('message', (event) => {
    const frame = JSON.parse(String(event.data)) as LegacyServerFrame;
    options.onFrame?.(frame);
    for (const waiter of [...waiters]) if (waiter(frame)) waiters.splice(waiters.indexOf(waiter), 1);
  });
  const next = <T extends LegacyServerFrame['type']>(...types: T[]) =>
    new Promise<Extract<LegacyServerFrame, { type: T | 'error' }>>((resolve) =>
      waiters.push((frame) => {
        if (!types.includes(frame.type as T) && frame.type !== 'error') return false;
        resolve(frame as Extract<LegacyServerFrame, { type: T | 'error' }>);
        return true;
      }),
    );

  return new Promise((resolve, reject) => {
    socket.addEventListener('error', () => reject(new Error('legacy chat: connection failed')));
    socket.addEventListener('open', async () => {
      const confirmed = next('connection_confirmed');
      socket.send(JSON.stringify({ type: 'connection', username: options.username }));
      const frame = await confirmed;
      if (frame.type === 'error') return reject(new Error(frame.message));
      resolve({
        history: frame.chat_messages,
        userId: frame.user_id,
        employeeId: frame.employee_id,
        async ask(message, onChunk) {
          const chunks: Array<(frame: LegacyServerFrame) => boolean> = [];
          if (onChunk) {
            const onStream = (f: LegacyServerFrame) => {
              if (f.type === 'chatbot_stream') onChunk(f.chunk);
              return false;
            };
            chunks.push(onStream);
            waiters.push(onStream);
          }
          const response = next('chatbot_response');
          socket.send(JSON.stringify({ type: 'chatbot_query', message, username: options.username }));
          const reply = await response;
          for (const waiter of chunks) waiters.splice(waiters.indexOf(waiter), 1);
          if (reply.type === 'error') throw new Error(reply.message);
          return reply.message;
        },
        async end() {
          const confirmed = next('disconnect_confirmed');
          socket.send(JSON.stringify({ type: 'disconnect_request' }));
          const reply = await confirmed;
          if (reply.type === 'error') throw new Error(reply.message);
          return reply.chat_messages;
        },
        close: () => socket.close(),
      });
    });
  });
}
