import path from 'node:path';
import { sessionIdFromToken } from '../../src/auth/tokens.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';

/**
 * N users with a session each, written straight into a fresh SQLite database (argon2
 * hashing thousands of registrations would dominate a benchmark). Optionally one
 * exchange each in `room`. Returns the users' bearer tokens.
 */
export async function seedUsers(dataDir: string, count: number, options: { prefix: string; room?: string; role?: 'employee' | 'hr' }): Promise<string[]> {
  const database = openDatabase(path.join(dataDir, 'hr-assistant.sqlite'));
  await migrateToLatest(database.db);
  const tokens: string[] = [];
  const now = Date.now();
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) {
      const { id } = await trx
        .insertInto('users')
        .values({
          username: `${options.prefix}_${i}`,
          email: null,
          employee_id: `EMP${String(i).padStart(5, '0')}`,
          role: options.role ?? 'employee',
          profile_pic: null,
          password_hash: 'x',
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const token = `${options.prefix}-token-${i}`;
      tokens.push(token);
      await trx.insertInto('sessions').values({ id: sessionIdFromToken(token), user_id: id, expires_at: now + 86_400_000 }).execute();
      if (options.room) {
        await trx
          .insertInto('messages')
          .values([
            { user_id: id, room: options.room, direction: 'sent', text: 'I have been working every weekend', created_at: now },
            { user_id: id, room: options.room, direction: 'received', text: 'That sounds exhausting. What drives it?', source: 'offline', created_at: now },
          ])
          .execute();
      }
    }
  });
  await database.close();
  return tokens;
}
