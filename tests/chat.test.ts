import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MistralStandIn } from './support/mistral-stand-in.js';
import { watchRoom } from './support/room.js';
import { signUpHr } from './support/identity.js';
import { signUp, startServer, type TestServer } from './support/server.js';

let standIn: MistralStandIn;
let server: TestServer;
beforeAll(async () => {
  standIn = await MistralStandIn.start(() => ({ chunks: ['It sounds ', 'like a hard ', 'week. ', 'What happened?'] }));
  server = await startServer({ MISTRAL_API_KEY: 'test-key', MISTRAL_SERVER_URL: standIn.url, MISTRAL_MODEL: 'primary-model' });
});
afterAll(async () => {
  await server.close();
  await standIn.close();
});

describe('chat rooms', () => {
  it('shows presence to HR (an employee sees only their own) and streams an answer only to its asker', async () => {
    const a = await signUpHr(server);
    const b = await signUp(server.url);
    const roomA = watchRoom(a.client, 'team-1');
    await roomA.waitFor('presence', (e) => e.user.id === a.user.id && e.action === 'joined');
    const roomB = watchRoom(b.client, 'team-1');
    await roomA.waitFor('presence', (e) => e.user.id === b.user.id && e.action === 'joined');
    await roomB.waitFor('presence', (e) => e.user.id === b.user.id && e.action === 'joined');
    expect(roomB.ofType('members')[0]!.users.map((u) => u.id)).toEqual([b.user.id]);

    const { answerId } = await a.client.chat.send.mutate({ room: 'team-1', message: 'I have been working late every day' });
    const done = await roomA.waitFor('done', (e) => e.answerId === answerId);
    const chunks = roomA.ofType('chunk').filter((e) => e.answerId === answerId);
    expect(chunks.map((c) => c.seq)).toEqual(chunks.map((_, i) => i));
    expect(done.text).toBe(chunks.map((c) => c.text).join(''));
    expect(done.text).toBe('It sounds like a hard week. What happened?');
    expect(done.source).toBe('mistral:primary-model');
    expect(roomA.ofType('message').map((e) => e.message.text)).toEqual(['I have been working late every day']);

    // The request the SDK made carried the key, the system prompt and the question.
    const request = standIn.requests.at(-1)!;
    expect(request.authorization).toBe('Bearer test-key');
    expect(request.body.messages[0]!.role).toBe('system');
    expect(request.body.messages.at(-1)).toEqual({ role: 'user', content: 'I have been working late every day' });

    // Both sides are stored and in the room's history.
    const history = await a.client.chat.history.query({ room: 'team-1' });
    expect(history.items.map((m) => [m.direction, m.text])).toEqual([
      ['received', done.text],
      ['sent', 'I have been working late every day'],
    ]);
    expect(history.items[0]!.source).toBe('mistral:primary-model');
    expect((await a.client.messages.list.query({})).items).toHaveLength(2);

    // B saw nothing of A's conversation.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(roomB.events.map((e) => e.data.type).filter((t) => t !== 'presence' && t !== 'members')).toEqual([]);
    expect((await b.client.chat.history.query({ room: 'team-1' })).items).toEqual([]);

    roomB.stop();
    await roomA.waitFor('presence', (e) => e.user.id === b.user.id && e.action === 'left');
    roomA.stop();
    a.client.close();
    b.client.close();
  });

  it('sends earlier turns as conversation context', async () => {
    const a = await signUp(server.url);
    const room = watchRoom(a.client, 'context');
    await room.waitFor('members');
    const first = await a.client.chat.send.mutate({ room: 'context', message: 'My manager ignores me' });
    await room.waitFor('done', (e) => e.answerId === first.answerId);
    const second = await a.client.chat.send.mutate({ room: 'context', message: 'It started in March' });
    await room.waitFor('done', (e) => e.answerId === second.answerId);
    const turns = standIn.requests.at(-1)!.body.messages.slice(1);
    expect(turns.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(turns[0]!.content).toBe('My manager ignores me');
    expect(turns[2]!.content).toBe('It started in March');
    room.stop();
    a.client.close();
  });

  it('validates rooms and messages', async () => {
    const a = await signUp(server.url);
    const badRoom = await a.client.chat.send.mutate({ room: '../etc', message: 'hi' }).catch((e) => e);
    expect(badRoom.data?.code).toBe('BAD_REQUEST');
    expect(badRoom.message).toMatch(/^room: /);
    const tooLong = await a.client.chat.send.mutate({ room: 'ok', message: 'x'.repeat(5000) }).catch((e) => e);
    expect(tooLong.data?.code).toBe('BAD_REQUEST');
    expect(tooLong.message).toMatch(/^message: /);
    a.client.close();
  });
});
