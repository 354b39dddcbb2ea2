import path from 'node:path';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { backendEnv } from './backend.js';
import { tempDir } from './server.js';

/** A migrated database of the suite's backend (a SQLite file, or a PostgreSQL schema of its own), with one employee account. */
export async function openTestDatabase(prefix: string, username = 'someone'): Promise<{ database: DatabaseHandle; userId: number }> {
  const dir = tempDir(prefix);
  const url = (await backendEnv(dir)).DATABASE_URL ?? `sqlite:${path.join(dir, 'db.sqlite')}`;
  const database = openDatabase(url);
  await migrateToLatest(database.db);
  const { id: userId } = await database.db
    .insertInto('users')
    .values({ username, password_hash: 'x', role: 'employee', created_at: 1 } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  return { database, userId };
}
