import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusRecord, EventBus } from '../src/bus/event-bus.js';
import { MemoryEventBus } from '../src/bus/memory-bus.js';
import { RedisEventBus } from '../src/bus/redis-bus.js';
import { createLogger } from '../src/logger.js';
import { backend, REDIS_TEST_PREFIX, testRedisUrl } from './support/backend.js';
import { roomChannel, userChannel } from '../src/chat/channels.js';
import type { RoomEnvelope } from '../src/chat/events.js';
import { genericChunks, MistralStandIn } from './support/mistral-stand-in.js';
import { signUpHr, signUpLinked } from './support/identity.js';
import { watchRoom } from './support/room.js';
import { signUp, startServer, waitFor, type TestServer } from './support/server.js';

let standIn: MistralStandIn;
let server: TestServer;
beforeAll(async () => {
  standIn = await MistralStandIn.start(() => ({ chunks: 12, delayMs: 30 }));
  server = await startServer({ MISTRAL_API_KEY: 'test-key', MISTRAL_SERVER_URL: standIn.url });
});
afterAll(async () => {
  await server.close();
  await standIn.close();
});

/** Everything published on one bus channel from now on (the bus is the real one: in-process or Redis). */
async function tapChannel(channel: string) {
  const records: Array<BusRecord<RoomEnvelope>> = [];
  const stop = await server.app.services.bus.subscribe(channel, (record) => records.push(record));
  return { records, stop, types: () => records.map((r) => r.payload.event.type) };
}

describe('chat channels', () => {
  it('keeps questions, chunks and answers off the room channel: only presence travels there', async () => {
    const asker = await signUp(server.url);
    const neighbour = await signUp(server.url);
    const roomTap = await tapChannel(roomChannel('private-1'));
    const neighbourTap = await tapChannel(userChannel('private-1', neighbour.user.id));

    const neighbourRoom = watchRoom(neighbour.client, 'private-1');
    await neighbourRoom.waitFor('presence', (e) => e.user.id === neighbour.user.id);
    const askerRoom = watchRoom(asker.client, 'private-1');
    await askerRoom.waitFor('presence', (e) => e.user.id === asker.user.id);
    const { answerId } = await asker.client.chat.send.mutate({ room: 'private-1', message: 'Something private' });
    const done = await askerRoom.waitFor('done', (e) => e.answerId === answerId, 10_000);
    expect(done.text).toBe(genericChunks(12).join(''));

    // The room channel saw the two joins and nothing else; the neighbour's own channel only their own join.
    expect(roomTap.types()).toEqual(['presence', 'presence']);
    expect(roomTap.records.every((r) => r.payload.audience === null)).toBe(true);
    expect(neighbourTap.types()).toEqual(['presence']);
    expect(neighbourTap.records[0]!.payload.event).toMatchObject({ type: 'presence', user: { id: neighbour.user.id } });
    // …so the neighbour's subscription had nothing to filter, and got nothing of the asker's.
    expect(neighbourRoom.events.map((e) => e.data.type)).toEqual(['members', 'presence']);

    roomTap.stop();
    neighbourTap.stop();
    askerRoom.stop();
    neighbourRoom.stop();
    asker.client.close();
    neighbour.client.close();
  });

  it('resumes an HR subscription exactly on both of its channels (its answer and the room presence)', async () => {
    const hr = await signUpHr(server);
    const first = watchRoom(hr.client, 'resume-hr');
    await first.waitFor('presence', (e) => e.user.id === hr.user.id);
    const { answerId } = await hr.client.chat.send.mutate({ room: 'resume-hr', message: 'Hello' });
    const third = await waitFor(() => first.events.find((e) => e.data.type === 'chunk' && e.data.seq === 2), 5000, 'chunk 2');
    first.stop();

    // While HR is away: the answer goes on (their channel) and an employee joins (the room channel).
    const employee = await signUp(server.url);
    const employeeRoom = watchRoom(employee.client, 'resume-hr');
    await employeeRoom.waitFor('presence', (e) => e.user.id === employee.user.id);

    const resumed = watchRoom(hr.client, 'resume-hr', third.id);
    const done = await resumed.waitFor('done', (e) => e.answerId === answerId, 10_000);
    await resumed.waitFor('presence', (e) => e.user.id === employee.user.id && e.action === 'joined');
    expect(resumed.ofType('chunk').map((c) => c.seq)).toEqual(Array.from({ length: 9 }, (_, i) => i + 3));
    expect(done.text).toBe(genericChunks(12).join(''));
    expect(resumed.ofType('members')).toEqual([]);
    expect(resumed.ofType('error')).toEqual([]);
    const ids = resumed.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);

    // Resuming from the last of those ids replays nothing twice: only what comes after.
    const last = resumed.events.at(-1)!.id;
    resumed.stop();
    const again = watchRoom(hr.client, 'resume-hr', last);
    employeeRoom.stop();
    await again.waitFor('presence', (e) => e.user.id === employee.user.id && e.action === 'left', 5000);
    // HR's own leave and rejoin (the previous subscription was their only one) and the employee's leave, in either order.
    await again.waitFor('presence', (e) => e.user.id === hr.user.id && e.action === 'joined');
    const seen = again.ofType('presence').map((e) => `${e.user.id}:${e.action}`);
    expect(seen.sort()).toEqual([`${hr.user.id}:joined`, `${hr.user.id}:left`, `${employee.user.id}:left`].sort());
    expect(again.events).toHaveLength(3);

    // A cursor that names only one of the two channels cannot be resumed exactly: a gap, said so.
    const partial = watchRoom(hr.client, 'resume-hr', third.id.split('~')[0]);
    expect((await partial.waitFor('error')).code).toBe('RESUME_GAP');

    again.stop();
    partial.stop();
    hr.client.close();
    employee.client.close();
  });
});

describe('the HR context, read once per employee', () => {
  async function uploadVibes(hr: Awaited<ReturnType<typeof signUpHr>>['client'], employeeId: string, score: number) {
    const rows = ['01-02-2024', '15-02-2024', '01-03-2024'].map((day) => `${employeeId},${day},${score}`).join('\n');
    const form = new FormData();
    form.append('vibemeter', new Blob([`Employee_ID,Response_Date,Vibe_Score\n${rows}\n`]), 'vibemeter_dataset.csv');
    await hr.hrdata.upload.mutate(form);
  }

  it('is read anew after a question bank save and after an HR data import', { timeout: 90_000 }, async () => {
    const hr = await signUpHr(server);
    await uploadVibes(hr.client, 'CTX001', 1);
    const employee = await signUpLinked(server.url, hr.client, 'CTX001');
    const room = watchRoom(employee.client, 'context');
    await room.waitFor('members');
    const systemPromptOf = async (question: string) => {
      const before = standIn.requests.length;
      const { answerId } = await employee.client.chat.send.mutate({ room: 'context', message: question });
      await room.waitFor('done', (e) => e.answerId === answerId, 10_000);
      const request = standIn.requests.slice(before).find((r) => r.stream)!;
      return request.body.messages.find((m) => m.role === 'system')!.content as string;
    };

    expect(await systemPromptOf('Hello')).toContain('low mood in their recent vibe check-ins');

    // A saved question bank reaches the very next answer.
    const { content } = await hr.client.checkins.questionBank.query();
    const followUp = 'What would make this week lighter for you?';
    await hr.client.checkins.updateQuestionBank.mutate({ content: { ...content, mood: { ...content.mood, followUps: [followUp] } } });
    expect(await systemPromptOf('Still here')).toContain(followUp);

    // So does an import that changes what HR's data says about them.
    await uploadVibes(hr.client, 'CTX001', 5);
    const after = await systemPromptOf('And now?');
    expect(after).not.toContain('low mood');
    expect(after).not.toContain(followUp);

    room.stop();
    employee.client.close();
    hr.client.close();
  });
});

/** The bus this run's servers use, on its own: in-process, or Redis under a key prefix of its own. */
function standaloneBus(maxBytes: number): EventBus<{ text: string }> {
  const options = { replayBuffer: 1000, retentionMs: 60_000, maxBytes };
  if (backend === 'sqlite') return new MemoryEventBus(options);
  const prefix = `${REDIS_TEST_PREFIX}bytes-${process.pid}-${Date.now()}:`;
  return new RedisEventBus({ ...options, url: testRedisUrl, prefix, logger: createLogger('silent') });
}

describe(`the replay buffers (${backend === 'sqlite' ? 'in-process' : 'Redis'} bus)`, () => {
  it('keep at most maxBytes of events over all channels, dropping the oldest first', async () => {
    const maxBytes = 2000;
    const bus = standaloneBus(maxBytes);
    const payload = { text: 'x'.repeat(189) }; // 200 bytes as JSON (a few more as Redis stores it)
    const ids: Array<{ channel: string; id: string }> = [];
    for (let i = 0; i < 40; i++) {
      const channel = i % 2 === 0 ? 'a' : 'b';
      ids.push({ channel, id: await bus.publish(channel, payload) });
    }
    const of = (channel: string) => ids.filter((entry) => entry.channel === channel).map((entry) => entry.id);
    // Per channel: from some event on, replay works and gives every later event; before it, a gap.
    const kept = async (channel: string) => {
      const channelIds = of(channel);
      let from = 0;
      while (from < channelIds.length && (await bus.replay(channel, channelIds[from]!)) === null) from++;
      const records = from < channelIds.length ? await bus.replay(channel, channelIds[from]!) : [];
      expect(records!.map((record) => record.id)).toEqual(channelIds.slice(from + 1));
      expect(await bus.replay(channel, channelIds[0]!)).toBeNull();
      return records!.length;
    };
    const keptA = await kept('a');
    const keptB = await kept('b');
    // The newest events that fit the bound, and not far fewer: roughly ten of 200 bytes, split evenly.
    expect((keptA + keptB) * 200).toBeLessThanOrEqual(maxBytes);
    expect(keptA + keptB).toBeGreaterThanOrEqual(8);
    expect(Math.abs(keptA - keptB)).toBeLessThanOrEqual(1);
    // A new subscriber starts after the newest event, whatever was dropped.
    expect(await bus.headId('a')).toBe(ids[38]!.id);
    await bus.close();
  });

  it('report a gap, not an empty replay, once every event of a channel is gone', async () => {
    const bus = standaloneBus(500);
    const before = await bus.headId('quiet');
    const only = await bus.publish('quiet', { text: 'soon dropped' });
    for (let i = 0; i < 10; i++) await bus.publish('busy', { text: 'y'.repeat(189) });
    // Who joined before it missed it, and it is gone: a gap. Who saw it missed nothing.
    expect(await bus.replay('quiet', before)).toBeNull();
    expect(await bus.replay('quiet', only)).toEqual([]);
    expect(await bus.headId('quiet')).toBe(only);
    await bus.close();
  });
});
