import { TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: TRPCClientError<any>) => error.data?.code as string,
  );

describe('messages', () => {
  it('stores a message and response as a pair and lists newest first with a cursor', async () => {
    const { client, user } = await signUp(server.url);
    const [sent, received] = await client.messages.store.mutate({ message: 'I feel tired', response: 'Why is that?' });
    expect(sent).toMatchObject({ userId: user.id, direction: 'sent', text: 'I feel tired' });
    expect(received).toMatchObject({ userId: user.id, direction: 'received', text: 'Why is that?' });
    expect(sent.createdAt).toBeInstanceOf(Date);
    await client.messages.store.mutate({ message: 'second', response: 'reply two' });

    const first = await client.messages.list.query({ limit: 3 });
    expect(first.items.map((m) => m.text)).toEqual(['reply two', 'second', 'Why is that?']);
    expect(first.nextCursor).toBe(first.items[2]!.id);
    const rest = await client.messages.list.query({ limit: 3, cursor: first.nextCursor });
    expect(rest.items.map((m) => m.text)).toEqual(['I feel tired']);
    expect(rest.nextCursor).toBeNull();
    client.close();
  });

  it("forbids an employee from reading another employee's messages, while HR can", async () => {
    const a = await signUp(server.url);
    const b = await signUp(server.url);
    await b.client.messages.store.mutate({ message: 'private', response: 'noted' });
    expect(await codeOf(a.client.messages.list.query({ userId: b.user.id }))).toBe('FORBIDDEN');

    const hr = await signUp(server.url);
    await server.app.services.auth.promoteToHr(hr.user.username);
    const seen = await hr.client.messages.list.query({ userId: b.user.id });
    expect(seen.items.map((m) => m.text)).toEqual(['noted', 'private']);
    expect(await codeOf(hr.client.messages.list.query({ userId: 999_999 }))).toBe('NOT_FOUND');
    for (const c of [a.client, b.client, hr.client]) c.close();
  });

  it('rejects a 10 MB message and wrong types with BAD_REQUEST naming the field', async () => {
    const { client } = await signUp(server.url);
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const tooLong = await client.messages.store.mutate({ message: huge, response: 'ok' }).catch((e) => e);
    expect(tooLong.data?.code).toBe('BAD_REQUEST');
    expect(tooLong.message).toMatch(/^message: must be at most 4000 characters/);

    const wrongType = await client.messages.list.query({ limit: 'ten' as unknown as number }).catch((e) => e);
    expect(wrongType.data?.code).toBe('BAD_REQUEST');
    expect(wrongType.message).toMatch(/^limit: /);

    const empty = await client.messages.store.mutate({ message: '', response: 'ok' }).catch((e) => e);
    expect(empty.message).toMatch(/^message: must not be empty/);
    client.close();
  });

  it('requires a session', async () => {
    const { client } = await signUp(server.url);
    await client.auth.logout.mutate();
    expect(await codeOf(client.messages.list.query({}))).toBe('UNAUTHORIZED');
    client.close();
  });
});
