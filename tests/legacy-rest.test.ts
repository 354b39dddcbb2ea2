import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

async function call(method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe('legacy REST paths', () => {
  it('POST /api/auth/register/ → 201 with the original shape; 400 field errors', async () => {
    const created = await call('POST', '/api/auth/register/', { username: 'rest_user', password: 'password123' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      user: { id: expect.any(Number), username: 'rest_user', employee_id: null, role: 'employee' },
      token: expect.any(String),
    });
    const invalid = await call('POST', '/api/auth/register/', { username: '', password: 'short', employee_id: '../x' });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body).sort()).toEqual(['employee_id', 'password', 'username']);
    expect(invalid.body.username[0]).toMatch(/empty/);
    const duplicate = await call('POST', '/api/auth/register/', { username: 'rest_user', password: 'password123' });
    expect(duplicate).toEqual({ status: 400, body: { username: ['A user with that username already exists.'] } });
    const notJson = await call('POST', '/api/auth/register/', '{nope');
    expect(notJson.status).toBe(400);
  });

  it('POST /api/auth/login/ → 200 {access, user, role}; 400 non_field_errors', async () => {
    await call('POST', '/api/auth/register/', { username: 'login_user', password: 'password123' });
    const ok = await call('POST', '/api/auth/login/', { username: 'login_user', password: 'password123' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ access: expect.any(String), user: { id: expect.any(Number), username: 'login_user', company_id: null }, role: 'employee' });
    const me = await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${ok.body.access}` } });
    expect(me.status).toBe(200);

    expect(await call('POST', '/api/auth/login/', { username: 'login_user', password: 'wrong-password' })).toEqual({
      status: 400,
      body: { non_field_errors: ['Invalid credentials'] },
    });
    expect(await call('POST', '/api/auth/login/', { username: 'nobody', password: 'wrong-password' })).toEqual({
      status: 400,
      body: { non_field_errors: ['Invalid credentials'] },
    });
    const missing = await call('POST', '/api/auth/login/', { username: 'login_user' });
    expect(missing.status).toBe(400);
    expect(missing.body.password).toBeDefined();
  });

  it('POST /api/messages/ → 201 pair; 400, 401, 403, 404', async () => {
    const a = await signUp(server.url);
    const b = await signUp(server.url);
    const stored = await call('POST', '/api/messages/', { user_id: a.user.id, message: 'hello', response: 'hi there' }, a.token);
    expect(stored.status).toBe(201);
    expect(stored.body.count).toBe(2);
    expect(stored.body.messages.map((m: any) => [m.direction, m.message])).toEqual([
      ['sent', 'hello'],
      ['received', 'hi there'],
    ]);
    expect(stored.body.messages[0]).toEqual({
      id: expect.any(Number),
      message: 'hello',
      direction: 'sent',
      timestamp: expect.stringMatching(/Z$/),
      user: { id: a.user.id, username: a.user.username, profile_pic: null },
    });
    expect(await call('POST', '/api/messages/', { user_id: a.user.id, message: 'x' }, a.token)).toEqual({
      status: 400,
      body: { error: 'user_id, message, and response are required.' },
    });
    expect((await call('POST', '/api/messages/', { user_id: a.user.id, message: 'x', response: 'y' })).status).toBe(401);
    expect((await call('POST', '/api/messages/', { user_id: b.user.id, message: 'x', response: 'y' }, a.token)).status).toBe(403);

    const hr = await signUp(server.url);
    await server.app.services.auth.promoteToHr(hr.user.username);
    expect(await call('POST', '/api/messages/', { user_id: 999_999, message: 'x', response: 'y' }, hr.token)).toEqual({
      status: 404,
      body: { error: 'User not found.' },
    });
    // HR reads another's messages but never writes words into their history.
    expect((await call('POST', '/api/messages/', { user_id: b.user.id, message: 'by hr', response: 'ok' }, hr.token)).status).toBe(403);
    expect((await call('GET', `/api/messages/${b.user.id}/`, undefined, hr.token)).body.messages.map((m: { message: string }) => m.message)).not.toContain('by hr');
    expect((await call('POST', '/api/messages/', { user_id: hr.user.id, message: 'my own', response: 'ok' }, hr.token)).status).toBe(201);
  });

  it('GET /api/messages/<user_id>/ → 200 {count, user, messages}; 401, 403, 404', async () => {
    const a = await signUp(server.url);
    const b = await signUp(server.url);
    await call('POST', '/api/messages/', { user_id: a.user.id, message: 'm1', response: 'r1' }, a.token);
    const own = await call('GET', `/api/messages/${a.user.id}/`, undefined, a.token);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ count: 2, user: { id: a.user.id, username: a.user.username, profile_pic: null } });
    expect(own.body.messages.map((m: any) => m.message)).toEqual(['m1', 'r1']);

    expect((await call('GET', `/api/messages/${a.user.id}/`)).status).toBe(401);
    expect((await call('GET', `/api/messages/${a.user.id}/`, undefined, b.token)).status).toBe(403);
    const hr = await signUp(server.url);
    await server.app.services.auth.promoteToHr(hr.user.username);
    expect((await call('GET', `/api/messages/${a.user.id}/`, undefined, hr.token)).body.count).toBe(2);
    expect((await call('GET', '/api/messages/999999/', undefined, hr.token)).status).toBe(404);
    expect((await call('DELETE', `/api/messages/${a.user.id}/`, undefined, hr.token)).status).toBe(405);
  });
});
