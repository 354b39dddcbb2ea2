import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from '../src/db/compiled-once.js';
import type { DatabaseHandle } from '../src/db/database.js';
import { openTestDatabase } from './support/database.js';

let database: DatabaseHandle;
beforeAll(async () => {
  ({ database } = await openTestDatabase('compiled-once-'));
});
afterAll(() => database.close());

describe('a query compiled once, run with new values', () => {
  const insert = compiledOnce((db, v: { userId: number; room: string; text: string; at: number }) =>
    db.insertInto('messages').values({ user_id: v.userId, room: v.room, direction: 'sent', text: v.text, source: null, answer_id: null, created_at: v.at }).returning('id'),
  );
  const count = compiledOnce((db, v: { room: string }) => db.selectFrom('messages').select((eb) => eb.fn.countAll<number | string>().as('n')).where('room', '=', v.room).where('direction', '=', 'sent'));

  it('fills each parameter with its named value and keeps the query own constants, call after call', async () => {
    const { id: userId } = await database.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const first = await insert(database.db, { userId, room: 'a', text: 'one', at: 10 });
    const second = await insert(database.db, { userId, room: 'b', text: "two, with 'quotes'", at: 20 });
    expect(second.rows[0]!.id).toBeGreaterThan(first.rows[0]!.id);
    const rows = await database.db.selectFrom('messages').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.room, r.direction, r.text, Number(r.created_at), r.source])).toEqual([
      ['a', 'sent', 'one', 10, null],
      ['b', 'sent', "two, with 'quotes'", 20, null],
    ]);
    expect(Number((await count(database.db, { room: 'b' })).rows[0]!.n)).toBe(1);
  });

  it('runs inside a transaction, which rolls it back', async () => {
    const { id: userId } = await database.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    await expect(
      database.db.transaction().execute(async (trx) => {
        await insert(trx, { userId, room: 'c', text: 'undone', at: 30 });
        expect(Number((await count(trx, { room: 'c' })).rows[0]!.n)).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(Number((await count(database.db, { room: 'c' })).rows[0]!.n)).toBe(0);
  });
});
