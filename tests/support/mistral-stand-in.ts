import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in does for one request. */
export interface Behaviour {
  /** Answer with this HTTP error status instead (e.g. 429, 500). */
  status?: number;
  /** Content deltas to stream, or how many generic ones. */
  chunks?: string[] | number;
  /** Pause before each chunk. */
  delayMs?: number;
  /** Accept the request and never answer. */
  hang?: boolean;
  /** Destroy the connection after this many chunks (no [DONE]). */
  cutAfter?: number;
  /** The message content of a non-streaming answer (JSON mode): an object is serialised. */
  content?: unknown;
}

export interface RecordedRequest {
  model: string;
  stream: boolean;
  body: { model: string; messages: Array<{ role: string; content: string }>; response_format?: unknown; stream?: boolean };
  authorization: string | undefined;
  /** Names of the request's headers, lower-case. */
  headerNames: string[];
  /** True when the client went away before the answer was complete. */
  aborted: boolean;
  completed: boolean;
}

export type Script = (request: RecordedRequest) => Behaviour;

/** What the stand-in's moderation endpoint does for one input. */
export interface ModerationBehaviour {
  /** Moderation categories to flag (e.g. `selfharm`, `violence_and_threats`). */
  flag?: string[];
  /** Answer with this HTTP error status instead. */
  status?: number;
  /** Accept the request and never answer. */
  hang?: boolean;
  delayMs?: number;
}

export type ModerationScript = (input: string) => ModerationBehaviour;

const MODERATION_CATEGORIES = ['sexual', 'hate_and_discrimination', 'violence_and_threats', 'dangerous_and_criminal_content', 'selfharm', 'health', 'financial', 'law', 'pii'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function genericChunks(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `word${i} `);
}

/**
 * A real HTTP server speaking Mistral's chat-completions wire format (SSE streaming
 * and plain JSON), scriptable per request. Tests and benches point the real SDK at it.
 */
export class MistralStandIn {
  readonly requests: RecordedRequest[] = [];
  /** Inputs of `POST /v1/moderations`, in order (kept apart from `requests`, the chat completions). */
  readonly moderations: string[] = [];
  /** The inputs of each moderation request, one list per request. */
  readonly moderationRequests: string[][] = [];
  /** The moderation endpoint flags nothing unless a test says otherwise. */
  moderationScript: ModerationScript = () => ({});
  /** TCP connections accepted so far (kept-alive clients reuse theirs). */
  connections = 0;
  private readonly queued: Behaviour[] = [];
  private server: http.Server;
  private counter = 0;
  url = '';

  constructor(public script: Script = () => ({ chunks: ['Thank you ', 'for telling me. ', 'What happened?'] })) {
    this.server = http.createServer((req, res) =>
      this.handle(req, res).catch((error: unknown) => {
        // A client that gives up mid-request (the product aborting a call, or shutting down) is
        // what a real API sees every day: nothing is left to answer. Any other error is the stand-in's own.
        if (!req.destroyed) throw error;
      }),
    );
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', () => this.connections++);
  }

  static async start(script?: Script): Promise<MistralStandIn> {
    const standIn = new MistralStandIn(script);
    await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
    standIn.url = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
    return standIn;
  }

  /** Behaviours used by the next requests, in order, before falling back to `script`. */
  queue(...behaviours: Behaviour[]): void {
    this.queued.push(...behaviours);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'POST' && req.url?.split('?')[0] === '/v1/moderations') return this.moderate(req, res);
    if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"not found"}');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const recorded: RecordedRequest = {
      model: body.model,
      stream: body.stream === true,
      body,
      authorization: req.headers.authorization,
      headerNames: Object.keys(req.headers),
      aborted: false,
      completed: false,
    };
    this.requests.push(recorded);
    res.on('close', () => {
      if (!recorded.completed) recorded.aborted = true;
    });

    const behaviour = this.queued.shift() ?? this.script(recorded);
    if (behaviour.hang) return;
    if (behaviour.status && behaviour.status >= 400) {
      recorded.completed = true;
      res
        .writeHead(behaviour.status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ object: 'error', message: `stand-in error ${behaviour.status}`, type: 'stand_in' }));
      return;
    }
    const id = `cmpl-${++this.counter}`;
    const created = Math.floor(Date.now() / 1000);
    const deltas = typeof behaviour.chunks === 'number' ? genericChunks(behaviour.chunks) : (behaviour.chunks ?? ['Hello.']);

    if (!recorded.stream) {
      const content =
        behaviour.content === undefined ? deltas.join('') : typeof behaviour.content === 'string' ? behaviour.content : JSON.stringify(behaviour.content);
      if (behaviour.delayMs) await sleep(behaviour.delayMs);
      recorded.completed = true;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          id,
          object: 'chat.completion',
          created,
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        }),
      );
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const frame = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    // Flushed before a cut, so the client really receives the chunks sent before it.
    const send = (data: string) => new Promise<void>((resolve) => res.write(data, () => resolve()));
    await send(frame({ role: 'assistant', content: '' }, null));
    for (let i = 0; i < deltas.length; i++) {
      if (behaviour.cutAfter !== undefined && i >= behaviour.cutAfter) {
        await sleep(20);
        res.destroy();
        return;
      }
      if (behaviour.delayMs) await sleep(behaviour.delayMs);
      if (res.destroyed) return;
      if (behaviour.delayMs || behaviour.cutAfter !== undefined) await send(frame({ content: deltas[i] }, null));
      else res.write(frame({ content: deltas[i] }, null));
    }
    res.write(frame({ content: '' }, 'stop'));
    recorded.completed = true;
    res.end('data: [DONE]\n\n');
  }

  /** Mistral's moderation wire format: `{ model, input }` in, one result per input out. */
  private async moderate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; input: string | string[] };
    const inputs = typeof body.input === 'string' ? [body.input] : body.input;
    this.moderations.push(...inputs);
    this.moderationRequests.push(inputs);
    const behaviours = inputs.map((input) => this.moderationScript(input));
    if (behaviours.some((b) => b.hang)) return;
    const delayMs = Math.max(0, ...behaviours.map((b) => b.delayMs ?? 0));
    if (delayMs) await sleep(delayMs);
    const status = behaviours.find((b) => b.status && b.status >= 400)?.status;
    if (status) {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'error', message: `stand-in error ${status}`, type: 'stand_in' }));
      return;
    }
    const results = behaviours.map(({ flag = [] }) => ({
      categories: Object.fromEntries(MODERATION_CATEGORIES.map((name) => [name, flag.includes(name)])),
      category_scores: Object.fromEntries(MODERATION_CATEGORIES.map((name) => [name, flag.includes(name) ? 0.97 : 0.01])),
    }));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `mod-${++this.counter}`, model: body.model, results }));
  }
}
