import { createTRPCClient, createWSClient, httpBatchLink, httpLink, isNonJsonSerializable, splitLink, wsLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter, Answer, ChatEvent } from './types.js';

export interface HrClientOptions {
  /** The server's base URL, e.g. `https://hr.example.com` (tRPC lives at `/trpc`). */
  url: string;
  /** A session token (from `login` or `auth.register`), or a function that returns the current one. */
  token?: string | null;
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** A WebSocket implementation where there is no global one (Node 20: `import WebSocket from 'ws'`). */
  webSocket?: unknown;
}

export type HrClient = ReturnType<typeof createHrClient>;

function toWebSocketUrl(url: string): string {
  return `${url.replace(/\/+$/, '').replace(/^http/, 'ws')}/trpc`;
}

/**
 * The typed tRPC client (queries and mutations over HTTP batching, subscriptions over
 * a WebSocket that reconnects and resumes from the last event id on its own), plus
 * helpers for the common flows.
 */
export function createHrClient(options: HrClientOptions) {
  let token = options.token ?? null;
  const currentToken = async () => (options.getToken ? ((await options.getToken()) ?? null) : token);
  const base = options.url.replace(/\/+$/, '');
  const ws = createWSClient({
    url: toWebSocketUrl(base),
    connectionParams: async () => {
      const current = await currentToken();
      return current ? { token: current } : null;
    },
    lazy: { enabled: true, closeMs: 30_000 },
    ...(options.webSocket ? { WebSocket: options.webSocket as typeof WebSocket } : {}),
  });
  const headers = async (): Promise<Record<string, string>> => {
    const current = await currentToken();
    return current ? { authorization: `Bearer ${current}` } : {};
  };
  const trpc = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: ws, transformer: superjson }),
        false: splitLink({
          // FormData (hrdata.upload) cannot be batched: sent as is; the answer is still superjson.
          condition: (op) => isNonJsonSerializable(op.input),
          true: httpLink({ url: `${base}/trpc`, transformer: { serialize: (data) => data, deserialize: (data) => superjson.deserialize(data) }, headers }),
          false: httpBatchLink({ url: `${base}/trpc`, transformer: superjson, headers }),
        }),
      }),
    ],
  });

  /** A room's events, as an async iterator; stops when `signal` aborts or the loop breaks. */
  async function* chat(room: string, opts: { signal?: AbortSignal; lastEventId?: string } = {}): AsyncGenerator<ChatEvent> {
    const signal = opts.signal ?? new AbortController().signal;
    const events = trpc.chat.join.subscribe({ room, lastEventId: opts.lastEventId ?? null }, { signal });
    for await (const { data } of events) yield data;
  }

  return {
    /** The full typed tRPC client: `client.trpc.messages.list.query(...)`, etc. */
    trpc,

    /** Signs in; the token is then used for every call (HTTP and WebSocket). */
    async login(username: string, password: string) {
      const result = await trpc.auth.login.mutate({ username, password });
      token = result.token;
      return result;
    },

    chat,

    /**
     * Asks the assistant in `room` and resolves to the whole answer; `onChunk` sees each
     * piece as it streams. Listens to the room before asking, so no chunk is missed.
     */
    async ask(room: string, text: string, opts: { onChunk?: (text: string) => void; signal?: AbortSignal } = {}): Promise<Answer> {
      const stop = new AbortController();
      const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
      let answerId: string | null = null;
      try {
        for await (const event of chat(room, { signal })) {
          if (event.type === 'members' && answerId === null) {
            answerId = (await trpc.chat.send.mutate({ room, message: text })).answerId;
            continue;
          }
          // Events that arrive while `send` is in flight wait in the subscription's queue.
          if (answerId === null || !('answerId' in event) || event.answerId !== answerId) continue;
          if (event.type === 'chunk') opts.onChunk?.(event.text);
          if (event.type === 'done') return { answerId, text: event.text, source: event.source };
          // A stream that broke off is answered anew under another id: follow that answer.
          if (event.type === 'error' && event.replacedBy) answerId = event.replacedBy;
          else if (event.type === 'error') throw new Error(event.message);
        }
        throw new Error('the subscription ended before the answer was complete');
      } finally {
        stop.abort();
      }
    },

    /** Closes the WebSocket. */
    close() {
      ws.close();
    },
  };
}
