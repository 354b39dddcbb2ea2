import WebSocket from 'ws';
import { legacyServerFrameSchema } from '../../src/legacy/server-frames.js';
import { waitFor } from './server.js';

export type Frame = Record<string, any> & { type: string };

/**
 * A raw `ws` client of the original /ws/chat/ protocol that records every frame. Each frame
 * is checked against the server's frame schemas: once one fails, `next` throws.
 */
export class LegacySocket {
  readonly frames: Frame[] = [];
  readonly invalidFrames: Array<{ frame: unknown; problem: string }> = [];
  closed: { code: number; reason: string } | null = null;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data));
      const checked = legacyServerFrameSchema.safeParse(frame);
      if (!checked.success) this.invalidFrames.push({ frame, problem: checked.error.message });
      this.frames.push(frame);
    });
    socket.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }));
  }

  static async open(wsUrl: string, room: string, token?: string): Promise<LegacySocket> {
    const query = token ? `?token=${encodeURIComponent(token)}` : '';
    const socket = new WebSocket(`${wsUrl}/ws/chat/${room}/${query}`);
    const client = new LegacySocket(socket);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  ofType(type: string): Frame[] {
    return this.frames.filter((f) => f.type === type);
  }

  next(type: string, match: (f: Frame) => boolean = () => true, timeoutMs = 5000, after = 0): Promise<Frame> {
    return waitFor(
      () => {
        if (this.invalidFrames.length > 0) throw new Error(`the server sent a frame its schema refuses: ${JSON.stringify(this.invalidFrames[0])}`);
        return this.frames.slice(after).find((f) => f.type === type && match(f));
      },
      timeoutMs,
      `a "${type}" frame`,
    );
  }

  /** As the original React client did: send the query, concatenate chunks until the response. */
  async ask(message: string, username: string): Promise<{ chunks: Frame[]; response: Frame }> {
    const start = this.frames.length;
    this.send({ type: 'chatbot_query', message, username });
    const response = await this.next('chatbot_response', () => true, 10_000, start);
    const chunks = this.frames.slice(start, this.frames.indexOf(response)).filter((f) => f.type === 'chatbot_stream');
    return { chunks, response };
  }

  waitClosed(timeoutMs = 5000) {
    return waitFor(() => this.closed, timeoutMs, 'the socket to close');
  }

  close(): void {
    this.socket.close();
  }
}

/** Opens a legacy socket without a token that authenticates with its `connection` frame. */
export async function connectByFrame(wsUrl: string, room: string, username: string, token: string): Promise<LegacySocket> {
  const socket = await LegacySocket.open(wsUrl, room);
  socket.send({ type: 'connection', username, token });
  await socket.next('connection_confirmed');
  return socket;
}
