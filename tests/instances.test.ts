// Two instances share the database and the bus: this file runs on PostgreSQL + Redis only
// (SERVICES_ONLY in vitest.config.ts), as SQLite is single-instance.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectByFrame, LegacySocket } from './support/legacy.js';
import { watchRoom } from './support/room.js';
import { createClient, signUp, startServer, tempDir, waitFor, type TestServer } from './support/server.js';

const PASSWORD = 'correct horse battery';
const DAY = 86_400_000;

describe('item 3: across instances', () => {
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    const dataDir = tempDir();
    one = await startServer({}, dataDir);
    two = await startServer({}, dataDir);
  });
  afterAll(async () => {
    await one.close();
    await two.close();
  });

  it('item 3: a logout on instance A closes the session\'s sockets on instance B (tRPC and legacy)', async () => {
    const { token, user, client } = await signUp(one.url);
    const subscriber = createClient(two.url, token);
    const room = watchRoom(subscriber, 'across');
    await room.waitFor('members');
    const waiting = await LegacySocket.open(two.wsUrl, 'across', token);
    const byFrame = await connectByFrame(two.wsUrl, 'across', user.username, token);

    await client.auth.logout.mutate();
    expect((await waiting.waitClosed()).code).toBe(1008);
    expect((await byFrame.waitClosed()).code).toBe(1008);
    await waitFor(() => subscriber.sockets[0]!.readyState === WebSocket.CLOSED, 5000, 'the tRPC socket on instance B to close');
    room.stop();
    subscriber.close();
    client.close();
  });

  it('item 3: a password change on instance A closes every session\'s sockets on instance B', async () => {
    const { user, client } = await signUp(one.url);
    const other = await createClient(two.url).auth.login.mutate({ username: user.username, password: PASSWORD });
    const watcher = createClient(two.url, other.token);
    await watchRoom(watcher, 'across_password').waitFor('members');
    const legacy = await LegacySocket.open(two.wsUrl, 'across_password', other.token);

    await client.auth.changePassword.mutate({ currentPassword: PASSWORD, newPassword: 'a brand new secret' });
    expect((await legacy.waitClosed()).code).toBe(1008);
    await waitFor(() => watcher.sockets[0]!.readyState === WebSocket.CLOSED, 5000, 'the tRPC socket on instance B to close');
    watcher.close();
    client.close();
  });
});

describe('daily schedule across instances', () => {
  it('the daily check-in run happens once between them', async () => {
    const dataDir = tempDir();
    const env = { CHECKIN_SCHEDULE_ENABLED: 'false' };
    const one = await startServer(env, dataDir);
    const two = await startServer(env, dataDir);
    try {
      const at = Date.now() + 5 * DAY;
      const runs = await Promise.all([one, two, one, two].map((s) => s.app.services.dailyCheckins.run(at)));
      expect(runs.filter(Boolean)).toHaveLength(1);
      expect(await two.app.services.dailyCheckins.run(at)).toBe(false);
      expect(await one.app.services.dailyCheckins.run(at + DAY)).toBe(true);
    } finally {
      await one.close();
      await two.close();
    }
  });
});

