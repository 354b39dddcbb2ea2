import WebSocket from 'ws';
import { waitFor } from './server.js';

export type Frame = Record<string, any> & { type: string };

/** A raw `ws` client of the original /ws/chat/ protocol that records every frame. */
export class LegacySocket {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | null = null;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.frames.push(JSON.parse(String(data))));
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
    return waitFor(() => this.frames.slice(after).find((f) => f.type === type && match(f)), timeoutMs, `a "${type}" frame`);
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
