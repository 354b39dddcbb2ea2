import { spawn } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createHttpServer } from '../src/http/server.js';
import { backend, backendEnv } from './support/backend.js';
import { importEmployees, signUpHr } from './support/identity.js';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { parsePrometheus, sampleValue, type PromText } from './support/prometheus.js';
import { watchRoom } from './support/room.js';
import { signUp, startServer, tempDir, waitFor, type TestServer } from './support/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const start = async (env: Record<string, string> = {}) => {
  const server = await startServer(env);
  servers.push(server);
  return server;
};

async function scrape(url: string, token?: string): Promise<PromText> {
  const response = await fetch(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheus(await response.text());
}

describe('GET /metrics (Prometheus text)', () => {
  let standIn: MistralStandIn;
  beforeAll(async () => {
    standIn = await MistralStandIn.start(() => ({ chunks: ['Thank ', 'you.'] }));
  });
  afterAll(() => standIn.close());

  it('is on by default and names every metric family', async () => {
    const server = await start();
    const metrics = await scrape(server.url);
    const expected = {
      http_request_duration_seconds: 'histogram',
      hr_assistant_open_sockets: 'gauge',
      hr_assistant_open_subscriptions: 'gauge',
      hr_assistant_chat_replay_bytes: 'gauge',
      hr_assistant_answers_total: 'counter',
      hr_assistant_first_token_seconds: 'histogram',
      hr_assistant_llm_errors_total: 'counter',
      hr_assistant_report_jobs: 'gauge',
      hr_assistant_mail_outbox: 'gauge',
      hr_assistant_hr_imports_total: 'counter',
      process_resident_memory_bytes: 'gauge',
      nodejs_eventloop_lag_p99_seconds: 'gauge',
    };
    for (const [name, type] of Object.entries(expected)) expect(metrics.types.get(name), name).toBe(type);
  });

  it('counts requests by method, route pattern and status, never by raw URL', async () => {
    const server = await start();
    const { token, user, client } = await signUp(server.url);
    const before = await scrape(server.url);
    await client.auth.me.query();
    await fetch(`${server.url}/api/messages/${user.id}/`, { headers: { authorization: `Bearer ${token}` } });
    await fetch(`${server.url}/no/such/page/12345`, { method: 'DELETE' });
    const after = await scrape(server.url);
    const count = (m: PromText, labels: Record<string, string>) => sampleValue(m, 'http_request_duration_seconds_count', labels);
    expect(count(after, { method: 'GET', route: '/trpc/auth.me', status_code: '200' }) - count(before, { route: '/trpc/auth.me' })).toBe(1);
    expect(count(after, { route: '/api/messages/:id/', status_code: '200' }) - count(before, { route: '/api/messages/:id/' })).toBe(1);
    expect(count(after, { method: 'DELETE', route: '(unmatched)', status_code: '404' }) - count(before, { method: 'DELETE', route: '(unmatched)' })).toBe(1);
    const routes = new Set(after.samples.filter((s) => s.name === 'http_request_duration_seconds_count').map((s) => s.labels.route!));
    expect([...routes].filter((r) => /\d/.test(r))).toEqual([]);
    client.close();
  });

  it('follows the chat: sockets, subscriptions, answers by source, first-token latency, LLM errors, report jobs', async () => {
    const server = await start({
      MISTRAL_API_KEY: 'test-key',
      MISTRAL_SERVER_URL: standIn.url,
      MISTRAL_MODEL: 'metrics-model',
      MISTRAL_FALLBACK_MODEL: 'metrics-model',
      MISTRAL_RETRY_MAX_ELAPSED_MS: '0',
    });
    const before = await scrape(server.url);
    const { client } = await signUp(server.url);
    const room = watchRoom(client, 'metrics-room');
    await room.waitFor('members');
    const during = await scrape(server.url);
    expect(sampleValue(during, 'hr_assistant_open_sockets')).toBe(1);
    expect(sampleValue(during, 'hr_assistant_open_subscriptions') - sampleValue(before, 'hr_assistant_open_subscriptions')).toBe(1);

    const answered = await client.chat.send.mutate({ room: 'metrics-room', message: 'hello' });
    // The first answer may load the Mistral SDK first: generous bounds, no timing asserted.
    await room.waitFor('done', (e) => e.answerId === answered.answerId, 30_000);
    standIn.queue({ status: 500 });
    const failed = await client.chat.send.mutate({ room: 'metrics-room', message: 'again' });
    const offline = await room.waitFor('done', (e) => e.answerId === failed.answerId, 30_000);
    expect(offline.source).toBe('offline');
    await client.chat.end.mutate({ room: 'metrics-room' });

    const after = await waitForMetrics(server.url, (m) => sampleValue(m, 'hr_assistant_report_jobs') > sampleValue(before, 'hr_assistant_report_jobs'));
    const delta = (name: string, labels: Record<string, string> = {}) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(delta('hr_assistant_answers_total', { source: 'mistral:metrics-model' })).toBe(1);
    expect(delta('hr_assistant_answers_total', { source: 'offline' })).toBe(1);
    expect(delta('hr_assistant_first_token_seconds_count', { provider: 'mistral:metrics-model' })).toBe(1);
    expect(delta('hr_assistant_first_token_seconds_count', { provider: 'offline' })).toBe(1);
    expect(delta('hr_assistant_llm_errors_total', { model: 'metrics-model', kind: 'server_error' })).toBe(1);
    // Two questions, their chunks and answers, presence: kept for resume, here or in Redis.
    if (backend === 'sqlite') expect(delta('hr_assistant_chat_replay_bytes')).toBeGreaterThan('hello'.length + 'again'.length + 'Thank you.'.length * 2);
    else expect(sampleValue(after, 'hr_assistant_chat_replay_bytes')).toBe(0);
    room.stop();
    client.close();
    const closed = await waitForMetrics(server.url, (m) => sampleValue(m, 'hr_assistant_open_sockets') === 0);
    expect(sampleValue(closed, 'hr_assistant_open_subscriptions')).toBe(sampleValue(before, 'hr_assistant_open_subscriptions'));
  }, 90_000);

  it('counts HR data imports by outcome', async () => {
    const server = await start();
    const hr = await signUpHr(server);
    const before = await scrape(server.url);
    await importEmployees(hr.client, ['EMP0001']);
    const bad = new FormData();
    bad.append('vibemeter', new Blob(['Employee_ID,Response_Date,Vibe_Score\nEMP0001,not a date,3\n']), 'vibemeter_dataset.csv');
    await expect(hr.client.hrdata.upload.mutate(bad)).rejects.toThrow();
    const after = await scrape(server.url);
    expect(sampleValue(after, 'hr_assistant_hr_imports_total', { outcome: 'imported' }) - sampleValue(before, 'hr_assistant_hr_imports_total', { outcome: 'imported' })).toBe(1);
    expect(sampleValue(after, 'hr_assistant_hr_imports_total', { outcome: 'rejected' }) - sampleValue(before, 'hr_assistant_hr_imports_total', { outcome: 'rejected' })).toBe(1);
    hr.client.close();
  });

  it('needs METRICS_TOKEN as a bearer token when it is set, and is gone with METRICS_ENABLED=false', async () => {
    const token = 'a-metrics-token-of-some-length';
    const server = await start({ METRICS_TOKEN: token });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer a-metrics-token-of-some-lengtH' } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect((await scrape(server.url, token)).types.get('hr_assistant_answers_total')).toBe('counter');
    const off = await start({ METRICS_ENABLED: 'false' });
    expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });
});

async function waitForMetrics(url: string, ready: (m: PromText) => boolean): Promise<PromText> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const metrics = await scrape(url);
    if (ready(metrics)) return metrics;
    if (Date.now() > deadline) throw new Error('timed out waiting for the metrics');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('request ids and request logs', () => {
  /** A real server whose log lines (pino JSON) are kept in `lines`. */
  async function startLogged() {
    const dataDir = tempDir();
    const lines: Array<Record<string, any>> = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
        done();
      },
    });
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, SUMMARIES_DIR: path.join(dataDir, 'summaries'), RATE_LIMIT_REGISTER_PER_HOUR: '1000', ...(await backendEnv(dataDir)) });
    const app = await createApp(config, pino({ level: 'info' }, sink));
    const { port } = await app.listen(0, '127.0.0.1');
    const server: TestServer = { app, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, dataDir, close: () => app.close() };
    servers.push(server);
    return { server, lines };
  }

  it('returns an id per request, keeps a sane incoming X-Request-Id, and logs one line per request with it', async () => {
    const { server, lines } = await startLogged();
    const generated = await fetch(`${server.url}/trpc/auth.me`);
    const id = generated.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // The tRPC error carries it too, for the caller to quote.
    const body = (await generated.json()) as { error: { json: { data: { code: string; requestId: string } } } };
    expect(body.error.json.data).toMatchObject({ code: 'UNAUTHORIZED', requestId: id });

    const kept = await fetch(`${server.url}/trpc/auth.me`, { headers: { 'x-request-id': 'lb-7f3a.42:retry-1' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.42:retry-1');
    for (const insane of ['x'.repeat(200), 'has spaces in it', 'line\u00e9break']) {
      const replaced = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': insane } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }

    const logged = await waitFor(() => lines.find((l) => l.requestId === id && l.msg === 'request completed'), 5000, 'the request log line');
    expect(logged).toMatchObject({ req: { method: 'GET', path: '/trpc/auth.me' }, res: { statusCode: 401 } });
    expect(typeof logged.responseTime).toBe('number');
    await waitFor(() => lines.find((l) => l.requestId === 'lb-7f3a.42:retry-1'), 5000, 'the kept id in the log');
    // Probes are not logged line by line.
    expect(lines.filter((l) => l.req?.path === '/healthz')).toEqual([]);
  });

  it('attaches the request id to the log of an unexpected error and to the error answer', async () => {
    const { server, lines } = await startLogged();
    const { token } = await signUp(server.url);
    await sql`ALTER TABLE messages RENAME TO messages_gone`.execute(server.app.services.database.db); // storage broken under the server
    const response = await fetch(`${server.url}/trpc/chat.history?input=${encodeURIComponent(JSON.stringify({ json: { room: 'r' } }))}`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'broken-storage-1' },
    });
    expect(response.status).toBe(500);
    const body = (await response.json()) as { error: { json: { message: string; data: { requestId: string } } } };
    expect(body.error.json).toMatchObject({ message: 'Internal server error', data: { requestId: 'broken-storage-1' } });
    const failure = await waitFor(() => lines.find((l) => l.msg === 'tRPC procedure failed'), 5000, 'the error log');
    expect(failure).toMatchObject({ level: 50, requestId: 'broken-storage-1', path: 'chat.history' });
    expect(failure.err).toBeTruthy();
    const line = await waitFor(() => lines.find((l) => l.res?.statusCode === 500 && l.requestId === 'broken-storage-1'), 5000, 'the request line');
    expect(line).toMatchObject({ level: 50, req: { path: '/trpc/chat.history' } });
  });
});

describe('/readyz', () => {
  it('is ready once started, and says draining (503) while the server shuts down, /healthz still ok', async () => {
    const server = await startServer({ SHUTDOWN_DRAIN_MS: '1500' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', migrated: true, draining: false, db: 'ok' });

    const closing = server.close();
    const draining = await fetch(`${server.url}/readyz`);
    expect(draining.status).toBe(503);
    expect(await draining.json()).toMatchObject({ status: 'draining', draining: true });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await closing;
    await expect(fetch(`${server.url}/readyz`)).rejects.toThrow();
  });

  it('says starting (503) until the database is migrated', async () => {
    const server = await start();
    const lifecycle = { migrated: false, draining: false };
    const http = createHttpServer(server.app.services, { lifecycle });
    await new Promise<void>((resolve) => http.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.server.address() as { port: number }).port}`;
    try {
      const starting = await fetch(`${url}/readyz`);
      expect(starting.status).toBe(503);
      expect(await starting.json()).toMatchObject({ status: 'starting', migrated: false });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      lifecycle.migrated = true;
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
    } finally {
      await http.close();
    }
  });

  it('never answers ready before the process has started, as a probe polling `npm start` sees it', async () => {
    const dataDir = tempDir();
    const root = path.resolve('.');
    const child = spawn(process.execPath, ['--import', path.join(root, 'node_modules/tsx/dist/loader.mjs'), path.join(root, 'src/main.ts')], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', DATA_DIR: dataDir, SUMMARIES_DIR: path.join(dataDir, 's'), SHUTDOWN_DRAIN_MS: '2000' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk));
      const url = await waitFor(() => output.match(/"url":"(http:\/\/[^"]+)"/)?.[1], 30_000, 'the listening line');
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', migrated: true });
      child.kill('SIGTERM');
      // SHUTDOWN_DRAIN_MS keeps the server answering, not ready, for a while before it closes.
      let status = 200;
      for (let tries = 0; status === 200 && tries < 100; tries++) status = (await fetch(`${url}/readyz`)).status;
      expect(status).toBe(503);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('REST mapping and /openapi.json, used with plain fetch', () => {
  it('describes the queries and mutations, and serves them with a bearer token', async () => {
    const server = await start();
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; parameters?: Array<{ name: string; in: string; required: boolean }>; requestBody?: unknown }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const operation = (id: string) => {
      for (const [route, methods] of Object.entries(doc.paths))
        for (const [method, op] of Object.entries(methods)) if (op.operationId === id) return { route, method: method.toUpperCase(), op };
      throw new Error(`${id} is not in the document`);
    };
    // No subscriptions (they need the WebSocket) and no multipart upload.
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect(ids).not.toContain('chat.join');
    expect(ids).not.toContain('hrdata.upload');
    expect(ids).toEqual(expect.arrayContaining(['auth.register', 'auth.login', 'auth.me', 'chat.send', 'chat.history', 'messages.list', 'reports.list']));
    const history = operation('chat.history');
    expect(history.method).toBe('GET');
    expect(history.op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'room', in: 'query', required: true })]));

    const call = async (id: string, input: Record<string, unknown> | undefined, token?: string) => {
      const { route, method } = operation(id);
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      if (method === 'GET') {
        const query = new URLSearchParams(Object.entries(input ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
        return fetch(`${server.url}${route}?${query}`, { headers });
      }
      return fetch(`${server.url}${route}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) });
    };

    const registered = await call('auth.register', { username: 'rest_user', password: 'a long password' });
    expect(registered.status).toBe(200);
    const { token } = (await registered.json()) as { token: string };
    const me = await call('auth.me', undefined, token);
    expect(await me.json()).toMatchObject({ username: 'rest_user', role: 'employee' });

    const stored = await call('messages.store', { message: 'over REST', response: 'noted' }, token);
    expect(stored.status).toBe(200);
    const listed = (await (await call('messages.list', { limit: 5 }, token)).json()) as { items: Array<{ text: string; timestamp: string }>; nextCursor: unknown };
    expect(listed.items.map((m) => m.text)).toEqual(['noted', 'over REST']);

    // Errors: the same codes and messages as tRPC, in plain JSON with the HTTP status.
    const anonymous = await call('auth.me', undefined);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { data: { code: 'UNAUTHORIZED' } } });
    const bad = await call('messages.list', { limit: 0 }, token);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^limit: /);
    const forbidden = await call('reports.list', { from: '2024-01-01T00:00:00Z' }, token);
    expect(forbidden.status).toBe(403);
    const wrongMethod = await fetch(`${server.url}${operation('chat.send').route}`, { headers: { authorization: `Bearer ${token}` } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await fetch(`${server.url}/rest/no/such`)).status).toBe(404);
    const notJson = await fetch(`${server.url}${operation('chat.send').route}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(400);
    const notJsonType = await fetch(`${server.url}${operation('chat.send').route}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' }, body: '{"room":"r","message":"m"}' });
    expect(notJsonType.status).toBe(415);
  });

  it('takes dates as ISO 8601 text', async () => {
    const server = await start();
    const hr = await signUpHr(server);
    const query = (from: string) =>
      fetch(`${server.url}/rest/reports/list?${new URLSearchParams({ from, limit: '5' })}`, { headers: { authorization: `Bearer ${hr.token}` } });
    const ok = await query('2024-01-01T00:00:00Z');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ items: [] });
    const bad = await query('not a date');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^from: /);
    hr.client.close();
  });
});
