import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionIdFromToken } from '../src/auth/tokens.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { backendEnv } from './support/backend.js';
import { startChildServer } from './support/child-server.js';
import { connectByFrame, LegacySocket } from './support/legacy.js';
import { createClient, signUp, startServer, tempDir, waitFor, type TestServer } from './support/server.js';

const PASSWORD = 'correct horse battery';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: any) => error?.data?.code ?? error?.code ?? String(error),
  );

describe('item 3: a revoked session closes its sockets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('item 3: logout and a password change close legacy sockets that have not sent `connection` yet', async () => {
    const { token, user, client } = await signUp(server.url);
    const waiting = await LegacySocket.open(server.wsUrl, 'revoked', token);
    const byFrame = await connectByFrame(server.wsUrl, 'revoked', user.username, token);

    await client.auth.logout.mutate();
    expect((await waiting.waitClosed()).code).toBe(1008);
    expect((await byFrame.waitClosed()).code).toBe(1008);
    expect(waiting.ofType('connection_confirmed')).toEqual([]);
    client.close();

    const login = await createClient(server.url).auth.login.mutate({ username: user.username, password: PASSWORD });
    const other = await createClient(server.url).auth.login.mutate({ username: user.username, password: PASSWORD });
    const stale = await LegacySocket.open(server.wsUrl, 'revoked', login.token);
    const staleByFrame = await connectByFrame(server.wsUrl, 'revoked', user.username, login.token);
    const changed = await createClient(server.url, other.token).auth.changePassword.mutate({ currentPassword: PASSWORD, newPassword: 'a brand new secret' });
    expect((await stale.waitClosed()).code).toBe(1008);
    expect((await staleByFrame.waitClosed()).code).toBe(1008);

    const fresh = await LegacySocket.open(server.wsUrl, 'revoked', changed.token);
    fresh.send({ type: 'connection', username: user.username });
    expect((await fresh.next('connection_confirmed')).user_id).toBe(user.id);
    fresh.close();
  });

  it('item 3: a `?token=` whose session ended after the upgrade gets no history', async () => {
    const { token, user, client } = await signUp(server.url);
    await client.messages.store.mutate({ message: 'private question', response: 'private answer' });
    const socket = await LegacySocket.open(server.wsUrl, 'expired', token);
    // Ended as an expiry would end it: no revocation message to close the socket.
    await server.app.services.database.db.deleteFrom('sessions').where('id', '=', sessionIdFromToken(token)).execute();
    socket.send({ type: 'connection', username: user.username });
    expect((await socket.waitClosed()).code).toBe(1008);
    expect(socket.ofType('connection_confirmed')).toEqual([]);
    expect(socket.ofType('error').map((f) => f.message)).toEqual([expect.stringMatching(/^Authentication required/)]);
    client.close();
  });
});

describe('item 4: legacy sockets that do not authenticate', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ LEGACY_AUTH_TIMEOUT_MS: '1000', LEGACY_MAX_UNAUTHENTICATED_PER_IP: '3' });
  });
  afterAll(() => server.close());

  it('item 4: are closed after LEGACY_AUTH_TIMEOUT_MS and capped per IP', async () => {
    expect(loadConfig({}).legacy).toMatchObject({ authTimeoutMs: 10_000, maxUnauthenticatedPerIp: 100 });
    const { token, user, client } = await signUp(server.url);
    const idle = [await LegacySocket.open(server.wsUrl, 'lobby'), await LegacySocket.open(server.wsUrl, 'lobby')];
    const authenticating = await LegacySocket.open(server.wsUrl, 'lobby');
    await expect(LegacySocket.open(server.wsUrl, 'lobby')).rejects.toThrow(/429/);
    // A socket with a valid token has authenticated already: the cap does not concern it.
    const withToken = await LegacySocket.open(server.wsUrl, 'lobby', token);

    // Authenticating frees its place.
    authenticating.send({ type: 'connection', username: user.username, token });
    await authenticating.next('connection_confirmed');
    idle.push(await LegacySocket.open(server.wsUrl, 'lobby'));

    for (const socket of idle) {
      const closed = await socket.waitClosed(5000);
      expect(closed).toEqual({ code: 1008, reason: 'authentication timed out' });
      expect(socket.ofType('error').map((f) => f.message)).toEqual([expect.stringMatching(/^Authentication required/)]);
    }
    // Past the deadline, authenticated sockets stay, and the address may open new ones.
    expect(authenticating.closed).toBeNull();
    expect(withToken.closed).toBeNull();
    const later = await LegacySocket.open(server.wsUrl, 'lobby');
    later.close();
    for (const socket of [authenticating, withToken]) socket.close();
    client.close();
  });
});

describe('item 7: login throttling nobody can use to lock someone out', () => {
  let server: TestServer;
  const login = (username: string, password: string, ip: string) => codeOf(server.app.services.auth.login(username, password, ip));
  const register = (username: string) => server.app.services.auth.register({ username, password: PASSWORD }, null, 'setup');

  beforeAll(async () => {
    server = await startServer({
      RATE_LIMIT_LOGIN_PER_MINUTE: '3',
      RATE_LIMIT_LOGIN_PER_IP_PER_HOUR: '6',
      RATE_LIMIT_LOGIN_PER_USERNAME_PER_HOUR: '5',
    });
  });
  afterAll(() => server.close());

  it('item 7: an attacker\'s bad logins from IP A do not stop carol\'s right password from IP B', async () => {
    await register('carol');
    for (let i = 0; i < 3; i++) expect(await login('carol', 'guess', 'ip-a')).toBe('UNAUTHORIZED');
    const throttled = await server.app.services.auth.login('carol', 'guess', 'ip-a').catch((e) => e);
    expect(throttled).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { retryAfterSeconds: expect.any(Number) } });
    expect(throttled.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(await login('carol', PASSWORD, 'ip-a')).toBe('TOO_MANY_REQUESTS');
    expect(await login('carol', PASSWORD, 'ip-b')).toBe('resolved');
  });

  it('item 7: past the per-username back-off, only addresses that have not failed yet may try', async () => {
    await register('dave');
    for (const ip of ['ip-c1', 'ip-c1', 'ip-c2', 'ip-c2', 'ip-c3']) expect(await login('dave', 'guess', ip)).toBe('UNAUTHORIZED');
    // The sixth failure for dave: checked, as this address had not failed before.
    expect(await login('dave', 'guess', 'ip-c4')).toBe('UNAUTHORIZED');
    expect(await login('dave', 'guess', 'ip-c1')).toBe('TOO_MANY_REQUESTS');
    expect(await login('dave', PASSWORD, 'ip-c4')).toBe('TOO_MANY_REQUESTS');
    expect(await login('dave', PASSWORD, 'ip-d')).toBe('resolved');
    expect(await login('dave', 'guess', 'ip-e')).toBe('UNAUTHORIZED');
    expect(await login('dave', 'guess', 'ip-e')).toBe('TOO_MANY_REQUESTS');
  });

  it('item 7: the per-IP throttle spans usernames', async () => {
    for (let i = 0; i < 6; i++) expect(await login(`nobody${i}`, 'guess', 'ip-f')).toBe('UNAUTHORIZED');
    expect(await login('nobody6', 'guess', 'ip-f')).toBe('TOO_MANY_REQUESTS');
    expect(await login('carol', PASSWORD, 'ip-f')).toBe('TOO_MANY_REQUESTS');
    expect(await login('nobody6', 'guess', 'ip-f2')).toBe('UNAUTHORIZED');
  });

  it('item 7: successful logins do not count, and reset the username+IP count', async () => {
    await register('erin');
    for (let i = 0; i < 10; i++) expect(await login('erin', PASSWORD, 'ip-g')).toBe('resolved');
    for (let i = 0; i < 2; i++) expect(await login('erin', 'guess', 'ip-g')).toBe('UNAUTHORIZED');
    expect(await login('erin', PASSWORD, 'ip-g')).toBe('resolved');
    for (let i = 0; i < 3; i++) expect(await login('erin', 'guess', 'ip-g')).toBe('UNAUTHORIZED');
    expect(await login('erin', 'guess', 'ip-g')).toBe('TOO_MANY_REQUESTS');
  });

  it('item 7: over HTTP, the tRPC and legacy login paths share the throttle, with a retry-after', async () => {
    await register('frank');
    const trpcLogin = (password: string) =>
      fetch(`${server.url}/trpc/auth.login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { username: 'frank', password } }),
      });
    const legacyLogin = (password: string) =>
      fetch(`${server.url}/api/auth/login/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'frank', password }),
      });
    expect((await trpcLogin(PASSWORD)).status).toBe(200);
    expect((await trpcLogin('guess')).status).toBe(401);
    expect((await legacyLogin('guess')).status).toBe(400);
    expect((await trpcLogin('guess')).status).toBe(401);
    const trpcThrottled = await trpcLogin(PASSWORD);
    expect(trpcThrottled.status).toBe(429);
    expect(Number(trpcThrottled.headers.get('retry-after'))).toBeGreaterThan(0);
    const legacyThrottled = await legacyLogin(PASSWORD);
    expect(legacyThrottled.status).toBe(429);
    expect(Number(legacyThrottled.headers.get('retry-after'))).toBeGreaterThan(0);
    // The failures were this address's: frank signs in from another.
    expect(await login('frank', PASSWORD, 'ip-h')).toBe('resolved');
  });
});

describe('item 11 (part): LEGACY_TRUST_USERNAME', () => {
  it('item 11: is refused with NODE_ENV=production, at start-up, naming the variable', async () => {
    expect(() => loadConfig({ NODE_ENV: 'production', LEGACY_TRUST_USERNAME: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production', LEGACY_TRUST_USERNAME: 'true' })).toThrow(/LEGACY_TRUST_USERNAME/);
    expect(loadConfig({ NODE_ENV: 'production' }).legacy.trustUsername).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development', LEGACY_TRUST_USERNAME: 'true' }).legacy.trustUsername).toBe(true);
    const dataDir = tempDir();
    const start = startChildServer({ ...(await backendEnv(dataDir)), DATA_DIR: dataDir, NODE_ENV: 'production', LEGACY_TRUST_USERNAME: 'true' });
    await expect(start).rejects.toThrow(/exited with 1[^]*LEGACY_TRUST_USERNAME/);
  });

  it('item 11: a token that is given must be valid, even when usernames are trusted', async () => {
    const trusting = await startServer({ LEGACY_TRUST_USERNAME: 'true' });
    try {
      const bogus = await LegacySocket.open(trusting.wsUrl, 'dev');
      bogus.send({ type: 'connection', username: 'walk_in_bogus', token: 'not-a-session' });
      expect((await bogus.waitClosed()).code).toBe(1008);
      expect(bogus.ofType('connection_confirmed')).toEqual([]);
      expect(await trusting.app.services.database.db.selectFrom('users').select('id').where('username', '=', 'walk_in_bogus').executeTakeFirst()).toBeUndefined();
      await expect(LegacySocket.open(trusting.wsUrl, 'dev', 'not-a-session')).rejects.toThrow(/401/);

      const trusted = await LegacySocket.open(trusting.wsUrl, 'dev');
      trusted.send({ type: 'connection', username: 'walk_in_trusted' });
      expect((await trusted.next('connection_confirmed')).user_id).toEqual(expect.any(Number));
      trusted.close();
    } finally {
      await trusting.close();
    }
  });
});
