import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusRecord } from '../src/bus/event-bus.js';
import { MemoryEventBus } from '../src/bus/memory-bus.js';
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

describe('the in-process replay buffers', () => {
  it('keep at most maxBytes of events over all channels, dropping the oldest first', async () => {
    const bus = new MemoryEventBus<{ text: string }>({ replayBuffer: 1000, retentionMs: 60_000, maxBytes: 1000 });
    const payload = { text: 'x'.repeat(89) }; // 100 bytes as JSON
    const ids: Array<{ channel: string; id: string }> = [];
    for (let i = 0; i < 40; i++) {
      const channel = i % 2 === 0 ? 'a' : 'b';
      ids.push({ channel, id: await bus.publish(channel, payload) });
    }
    // The ten newest events (1,000 bytes) are kept, five per channel; anything older is a gap.
    expect(await bus.replay('a', ids[0]!.id)).toBeNull();
    expect(await bus.replay('a', ids[26]!.id)).toBeNull();
    // From the newest event dropped, nothing is missing: the five kept follow.
    expect((await bus.replay('a', ids[28]!.id))!.map((r) => r.id)).toEqual([30, 32, 34, 36, 38].map((i) => ids[i]!.id));
    expect((await bus.replay('b', ids[29]!.id))!.map((r) => r.id)).toEqual([31, 33, 35, 37, 39].map((i) => ids[i]!.id));
    await bus.close();
  });
});
