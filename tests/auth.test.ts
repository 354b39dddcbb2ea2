import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, signUp, startServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  return error as TRPCClientError<any>;
}

describe('auth', () => {
  it('register → login → me → logout → me is UNAUTHORIZED', async () => {
    const anonymous = createClient(server.url);
    const registered = await anonymous.auth.register.mutate({
      username: 'alice',
      password: 'correct horse battery',
      email: 'alice@example.com',
    });
    expect(registered.user).toEqual({
      id: expect.any(Number),
      username: 'alice',
      email: 'alice@example.com',
      employeeId: null,
      role: 'employee',
      profilePic: null,
    });
    expect(registered.token).toEqual(expect.any(String));

    const { token, user } = await anonymous.auth.login.mutate({ username: 'alice', password: 'correct horse battery' });
    expect(user).toEqual(registered.user);
    const alice = createClient(server.url, token);
    expect(await alice.auth.me.query()).toEqual(registered.user);

    await alice.auth.logout.mutate();
    const error = await rejection(alice.auth.me.query());
    expect(error.data?.code).toBe('UNAUTHORIZED');
    alice.close();
    anonymous.close();
  });

  it('authenticates WebSocket calls through connectionParams', async () => {
    const { client, user } = await signUp(server.url);
    // A subscription travels over the WebSocket with the token as a connection param.
    const room = await new Promise<unknown>((resolve, reject) => {
      const sub = client.chat.join.subscribe(
        { room: 'ws-auth' },
        {
          onData: (event) => {
            sub.unsubscribe();
            resolve(event.data);
          },
          onError: reject,
        },
      );
    });
    expect(room).toMatchObject({ type: 'members', users: [{ id: user.id }] });
    client.close();

    const anonymous = createClient(server.url);
    const error = await new Promise<any>((resolve) => {
      anonymous.chat.join.subscribe({ room: 'ws-auth' }, { onError: resolve, onData: () => resolve(null) });
    });
    expect(error?.data?.code).toBe('UNAUTHORIZED');
    anonymous.close();
  });

  it('gives the same error for a wrong password and an unknown user', async () => {
    await signUp(server.url, { username: 'bob' });
    const anonymous = createClient(server.url);
    const wrongPassword = await rejection(anonymous.auth.login.mutate({ username: 'bob', password: 'wrong password' }));
    const unknownUser = await rejection(anonymous.auth.login.mutate({ username: 'nobody-here', password: 'wrong password' }));
    expect(wrongPassword.data?.code).toBe('UNAUTHORIZED');
    expect(unknownUser.data?.code).toBe('UNAUTHORIZED');
    expect(unknownUser.message).toBe(wrongPassword.message);
    anonymous.close();
  });

  it('rejects a duplicate username with CONFLICT', async () => {
    await signUp(server.url, { username: 'carol' });
    const anonymous = createClient(server.url);
    const error = await rejection(anonymous.auth.register.mutate({ username: 'carol', password: 'another password' }));
    expect(error.data?.code).toBe('CONFLICT');
    expect(error.message).toContain('username');
    anonymous.close();
  });

  it('lets only HR create HR users', async () => {
    const anonymous = createClient(server.url);
    const byAnonymous = await rejection(anonymous.auth.register.mutate({ username: 'eve', password: 'password123', role: 'hr' }));
    expect(byAnonymous.data?.code).toBe('FORBIDDEN');

    const employee = await signUp(server.url);
    const byEmployee = await rejection(employee.client.auth.register.mutate({ username: 'eve', password: 'password123', role: 'hr' }));
    expect(byEmployee.data?.code).toBe('FORBIDDEN');

    const hr = await signUp(server.url, { username: 'hr-root' });
    await server.app.services.auth.promoteToHr('hr-root');
    const created = await hr.client.auth.register.mutate({ username: 'eve', password: 'password123', role: 'hr' });
    expect(created.user.role).toBe('hr');
    for (const c of [anonymous, employee.client, hr.client]) c.close();
  });

  it('answers invalid input with BAD_REQUEST naming the field', async () => {
    const anonymous = createClient(server.url);
    const emptyName = await rejection(anonymous.auth.register.mutate({ username: '', password: 'password123' }));
    expect(emptyName.data?.code).toBe('BAD_REQUEST');
    expect(emptyName.message).toMatch(/^username: /);

    const wrongType = await rejection(anonymous.auth.login.mutate({ username: 42 as unknown as string, password: 'x' }));
    expect(wrongType.data?.code).toBe('BAD_REQUEST');
    expect(wrongType.message).toMatch(/username: Expected string, received number/);

    const badEmail = await rejection(anonymous.auth.register.mutate({ username: 'dave', password: 'password123', email: 'nope' }));
    expect(badEmail.message).toMatch(/^email: /);
    anonymous.close();
  });

  it('hides internal details of unexpected errors', async () => {
    const response = await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: 'Bearer x' } });
    const body = await response.json();
    expect(response.status).toBe(401);
    expect(JSON.stringify(body)).not.toMatch(/stack|select|sqlite/i);
  });
});
