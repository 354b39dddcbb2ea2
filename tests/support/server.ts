import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTRPCClient, createWSClient, httpBatchLink, httpLink, isNonJsonSerializable, splitLink, wsLink } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { AppRouter } from '../../src/trpc/root.js';
import { backendEnv } from './backend.js';

export interface TestServer {
  app: App;
  url: string;
  wsUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export function tempDir(prefix = 'hr-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Starts the real server in this process on an ephemeral port, with its own data directory. */
export async function startServer(env: Record<string, string> = {}, dataDir = tempDir()): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    SUMMARIES_DIR: path.join(dataDir, 'summaries'),
    MISTRAL_RETRY_INITIAL_MS: '20',
    MISTRAL_RETRY_MAX_ELAPSED_MS: '300',
    CHAT_ABANDON_GRACE_MS: '2000',
    // Tests register and ask a lot from one IP; the limits have tests of their own.
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_REGISTER_PER_HOUR: '100000',
    RATE_LIMIT_CHAT_PER_MINUTE: '100000',
    RATE_LIMIT_UPLOAD_PER_HOUR: '100000',
    MAX_UNAUTHENTICATED_SOCKETS_PER_IP: '100000',
    ...(await backendEnv(dataDir)),
    ...env,
  });
  const app = await createApp(config);
  const { port } = await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  return { app, url, wsUrl: `ws://127.0.0.1:${port}`, dataDir, close: () => app.close() };
}

export function createClient(url: string, token?: string | null) {
  // Every WebSocket this client opens, so a test can cut one as a network drop would.
  const sockets: WebSocket[] = [];
  class RecordingWebSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      sockets.push(this);
    }
  }
  const wsClient = createWSClient({
    url: `${url.replace(/^http/, 'ws')}/trpc`,
    connectionParams: token ? { token } : null,
    WebSocket: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
    retryDelayMs: () => 50,
    // Open the socket only when a subscription needs it, as a browser app would.
    lazy: { enabled: true, closeMs: 60_000 },
  });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: wsLink({ client: wsClient, transformer: superjson }),
        false: splitLink({
          // FormData (hrdata.upload) cannot be batched; it is sent as is, the answer is superjson.
          condition: (op) => isNonJsonSerializable(op.input),
          true: httpLink({
            url: `${url}/trpc`,
            transformer: { serialize: (data) => data, deserialize: (data) => superjson.deserialize(data) },
            headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
          }),
          false: httpBatchLink({
            url: `${url}/trpc`,
            transformer: superjson,
            headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
          }),
        }),
      }),
    ],
  });
  // The tRPC client is a proxy where every property is a procedure path: add ours in front of it.
  const extras = { close: () => wsClient.close(), wsClient, sockets };
  return new Proxy(client, {
    get: (target, prop) => (prop in extras ? extras[prop as keyof typeof extras] : Reflect.get(target, prop)),
  }) as typeof client & typeof extras;
}

export type TestClient = ReturnType<typeof createClient>;

let userCounter = 0;
/** Registers a fresh user (linked to an employee ID only with HR's `inviteCode`: see `signUpLinked`) and returns a client signed in as them. */
export async function signUp(url: string, overrides: { username?: string; inviteCode?: string; email?: string } = {}) {
  const anonymous = createClient(url);
  const username = overrides.username ?? `user${process.pid}_${++userCounter}`;
  const { token, user } = await anonymous.auth.register.mutate({
    username,
    password: 'correct horse battery',
    ...(overrides.inviteCode ? { inviteCode: overrides.inviteCode } : {}),
    ...(overrides.email ? { email: overrides.email } : {}),
  });
  anonymous.close();
  return { token, user, client: createClient(url, token) };
}

export async function waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
