import http from 'node:http';
import https from 'node:https';
import { CALLER_SIGNAL_HEADER, callerSignalOf, linkSignals } from './caller-signal.js';

/** What the Mistral SDK's `HTTPClient` calls to send a request (its `fetcher` option). */
export type Fetcher = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

type Agents = Record<'http:' | 'https:', http.Agent>;

/** Statuses whose responses have no body (`new Response` refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * `fetch` for the Mistral SDK on Node's own HTTP client with kept-alive connections.
 * Node's `fetch` (undici) runs the whole WHATWG fetch algorithm per request; under chat
 * load that was a tenth of the server's CPU. Errors look like `fetch`'s to the SDK: a
 * connection failure is a `TypeError('fetch failed')` (retried), an abort rejects with the
 * signal's reason (an `AbortError` or `TimeoutError`). The request is aborted by its own
 * signal or by the caller's (`withCallerSignal`), whichever comes first.
 */
export function createNodeHttpFetcher(): Fetcher {
  const agents: Agents = {
    'http:': new http.Agent({ keepAlive: true }),
    'https:': new https.Agent({ keepAlive: true }),
  };
  return async (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const caller = callerSignalOf(request.headers);
    const linked = caller ? linkSignals(request.signal, caller) : { signal: request.signal, dispose: () => {} };
    try {
      return await send(request, linked.signal, agents, linked.dispose);
    } catch (error) {
      linked.dispose();
      throw error;
    }
  };
}

/** Sends `request`; `closed` runs once its connection is done with it (the body read, or the request failed). */
async function send(request: Request, signal: AbortSignal, agents: Agents, closed: () => void): Promise<Response> {
  signal.throwIfAborted();
  const url = new URL(request.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${url.protocol}`) });
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : null;
  signal.throwIfAborted(); // an abort while the body was read fired no listener of ours
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (name !== CALLER_SIGNAL_HEADER) headers[name] = value;
  });
  if (body) headers['content-length'] = String(body.byteLength);
  return new Promise<Response>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request(url, { method: request.method, headers, agent: agents[url.protocol as keyof Agents] });
    const onAbort = () => outgoing.destroy(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    outgoing.once('close', () => {
      signal.removeEventListener('abort', onAbort);
      closed();
    });
    outgoing.once('error', (error) => reject(signal.aborted ? signal.reason : new TypeError('fetch failed', { cause: error })));
    outgoing.once('response', (incoming) => {
      const status = incoming.statusCode ?? 502;
      const responseHeaders = new Headers();
      for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2) responseHeaders.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
      const stream = NULL_BODY_STATUSES.has(status) ? null : bodyStream(incoming, signal);
      if (!stream) incoming.resume();
      resolve(new Response(stream, { status, statusText: incoming.statusMessage ?? '', headers: responseHeaders }));
    });
    outgoing.end(body);
  });
}

/**
 * The response body as a web stream, paused while its reader is behind. Once the reader has
 * cancelled it (the SDK stops at `[DONE]`), the response's own late events are ignored: an
 * `end` already queued would otherwise close a closed controller, and that throw, inside an
 * event listener, would take the whole process down.
 */
export function bodyStream(incoming: http.IncomingMessage, signal: AbortSignal): ReadableStream<Uint8Array> {
  let finished = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const finish = (settle: () => void) => {
        if (finished) return;
        finished = true;
        settle();
      };
      incoming.on('data', (chunk: Buffer) => {
        if (finished) return;
        controller.enqueue(chunk);
        if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
      });
      incoming.once('end', () => finish(() => controller.close()));
      const failed = (error?: Error) =>
        finish(() => controller.error(signal.aborted ? signal.reason : new TypeError('terminated', error ? { cause: error } : undefined)));
      incoming.once('error', failed);
      incoming.once('aborted', () => failed());
    },
    pull() {
      incoming.resume();
    },
    cancel() {
      finished = true;
      incoming.destroy();
    },
  });
}

/**
 * The SDK's default, Node's `fetch`, following the caller's signal too (see `withCallerSignal`):
 * `fetch` keeps the signal it is given in `init` alive, unlike the one of a `Request`.
 */
export function createFetchFetcher(): Fetcher {
  return (input, init) => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    if (!request.headers.has(CALLER_SIGNAL_HEADER)) return fetch(request);
    const caller = callerSignalOf(request.headers);
    const headers = new Headers(request.headers);
    headers.delete(CALLER_SIGNAL_HEADER);
    // Both signals live only as long as this call: the link needs no undoing.
    return fetch(request, { headers, signal: caller ? linkSignals(request.signal, caller).signal : request.signal });
  };
}
