import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenSessions } from '../src/chat/open-sessions.js';
import type { DatabaseHandle } from '../src/db/database.js';
import { openTestDatabase } from './support/database.js';

const LEASE_MS = 30_000;
let database: DatabaseHandle;
let userId: number;
beforeAll(async () => {
  ({ database, userId } = await openTestDatabase('open-sessions-', 'talker'));
});
afterAll(() => database.close());

const row = (room: string) =>
  database.db.selectFrom('chat_sessions').select(['touched_at', 'lease_until']).where('user_id', '=', userId).where('room', '=', room).executeTakeFirst();

describe('open chat sessions', () => {
  it('on a single instance, writes a session again only after a third of its lease', async () => {
    const sessions = new OpenSessions(database.db, LEASE_MS, true);
    await sessions.touch(userId, 'single', 1_000);
    await sessions.touch(userId, 'single', 1_000 + LEASE_MS / 3 - 1);
    expect(Number((await row('single'))?.touched_at)).toBe(1_000);
    await sessions.touch(userId, 'single', 1_000 + LEASE_MS / 3);
    expect(Number((await row('single'))?.touched_at)).toBe(1_000 + LEASE_MS / 3);
  });

  it('writes the first message after a session began to end, so that closing the ended session keeps the new one', async () => {
    const sessions = new OpenSessions(database.db, LEASE_MS, true);
    await sessions.touch(userId, 'ending', 1_000);
    await sessions.touch(userId, 'ending', 1_500); // the ended session's: not written
    sessions.ending(userId, 'ending');
    const endedAt = 2_000;
    await sessions.touch(userId, 'ending', 2_500); // said after the end: a new session
    await sessions.close(userId, 'ending', endedAt);
    expect(Number((await row('ending'))?.touched_at)).toBe(2_500);
    // Without anything said after the end, the row goes.
    sessions.ending(userId, 'ending');
    await sessions.close(userId, 'ending', 3_000);
    expect(await row('ending')).toBeUndefined();
  });

  it('an ending while a write is on its way still makes the next message be written', async () => {
    const sessions = new OpenSessions(database.db, LEASE_MS, true);
    const writing = sessions.touch(userId, 'race', 1_000);
    sessions.ending(userId, 'race');
    await writing;
    await sessions.touch(userId, 'race', 1_200);
    expect(Number((await row('race'))?.touched_at)).toBe(1_200);
  });

  it('with several instances, writes every message', async () => {
    const sessions = new OpenSessions(database.db, LEASE_MS, false);
    await sessions.touch(userId, 'shared', 1_000);
    await sessions.touch(userId, 'shared', 1_001);
    expect(Number((await row('shared'))?.touched_at)).toBe(1_001);
  });
});
