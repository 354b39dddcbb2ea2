import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { backend } from './support/backend.js';
import { createClient, startServer, tempDir, type TestServer } from './support/server.js';

const started: TestServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

describe('server', () => {
  it('answers /healthz with 200 when the database is reachable', async () => {
    const server = await startServer();
    started.push(server);
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', db: 'ok', redis: backend === 'sqlite' ? 'not configured' : 'ok' });
  });

  it('keeps users, sessions and messages across a restart (same SQLite file)', async () => {
    const dataDir = tempDir();
    const first = await startServer({}, dataDir);
    const anonymous = createClient(first.url);
    const { token } = await anonymous.auth.register.mutate({ username: 'persistent', password: 'password123' });
    const client = createClient(first.url, token);
    await client.messages.store.mutate({ message: 'before restart', response: 'kept' });
    client.close();
    anonymous.close();
    await first.close();

    const second = await startServer({}, dataDir);
    started.push(second);
    const again = createClient(second.url, token);
    expect((await again.auth.me.query()).username).toBe('persistent');
    const { items } = await again.messages.list.query({});
    expect(items.map((m) => m.text)).toEqual(['kept', 'before restart']);
    const relogin = createClient(second.url);
    await expect(relogin.auth.login.mutate({ username: 'persistent', password: 'password123' })).resolves.toBeTruthy();
    again.close();
    relogin.close();
  });

  it('refuses a bad configuration value, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ MISTRAL_SERVER_URL: 'not a url' })).toThrow(/MISTRAL_SERVER_URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(loadConfig({}).port).toBe(3000);
  });

  it('stops start-up with a message naming the bad variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: 'eighty', DATA_DIR: tempDir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT/);
  });
});
