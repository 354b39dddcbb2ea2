import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { genericChunks, MistralStandIn } from './support/mistral-stand-in.js';
import { watchRoom } from './support/room.js';
import { signUp, startServer, waitFor, type TestServer } from './support/server.js';

let standIn: MistralStandIn;
let server: TestServer;
beforeAll(async () => {
  standIn = await MistralStandIn.start(() => ({ chunks: 20, delayMs: 40 }));
  server = await startServer({ MISTRAL_API_KEY: 'test-key', MISTRAL_SERVER_URL: standIn.url });
});
afterAll(async () => {
  await server.close();
  await standIn.close();
});

describe('resume after a dropped connection', () => {
  it('delivers exactly the full answer, no chunk missing or repeated', async () => {
    const { client } = await signUp(server.url);
    const room = watchRoom(client, 'resume');
    await room.waitFor('members');
    const { answerId } = await client.chat.send.mutate({ room: 'resume', message: 'Can we talk?' });
    await room.waitFor('chunk', (c) => c.answerId === answerId && c.seq === 5);

    // Cut the connection as a network failure would; tRPC's wsLink reconnects on its
    // own and resubscribes with the last event id it received.
    const socket = client.sockets.at(-1)!;
    socket.terminate();
    await waitFor(() => client.sockets.length === 2 && client.sockets[1]!.readyState === 1, 5000, 'a reconnect');

    const done = await room.waitFor('done', (e) => e.answerId === answerId, 10_000);
    const seqs = room.ofType('chunk').filter((c) => c.answerId === answerId).map((c) => c.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(done.text).toBe(genericChunks(20).join(''));
    const ids = room.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(room.errors).toEqual([]);
    // The upstream answer was never cancelled: the asker came back within the grace period.
    expect(standIn.requests.at(-1)).toMatchObject({ completed: true, aborted: false });
    room.stop();
    client.close();
  });

  it('replays missed events to a new subscription given lastEventId', async () => {
    const { client } = await signUp(server.url);
    const first = watchRoom(client, 'replay');
    await first.waitFor('members');
    const { answerId } = await client.chat.send.mutate({ room: 'replay', message: 'Hello' });
    const third = await waitFor(() => first.events.find((e) => e.data.type === 'chunk' && e.data.seq === 2), 5000, 'chunk 2');
    first.stop();

    const resumed = watchRoom(client, 'replay', third.id);
    const done = await resumed.waitFor('done', (e) => e.answerId === answerId, 10_000);
    const seqs = resumed.ofType('chunk').map((c) => c.seq);
    expect(seqs).toEqual(Array.from({ length: 17 }, (_, i) => i + 3));
    expect(done.text).toBe(genericChunks(20).join(''));
    expect(resumed.ofType('members')).toEqual([]);
    resumed.stop();
    client.close();
  });

  it('says so when the last event id cannot be replayed', async () => {
    const { client } = await signUp(server.url);
    const room = watchRoom(client, 'gap', 'deadbeef-12');
    const error = await room.waitFor('error');
    expect(error.code).toBe('RESUME_GAP');
    room.stop();
    client.close();
  });
});
