import { sql, type Kysely } from 'kysely';

/**
 * One account per name whatever its case: "Alice" beside "alice" would let one pass for the
 * other in HR's lists and presence. Registration checks it; this index holds it under races.
 * Where earlier accounts already differ only in case they are kept, and the index waits for
 * an operator to rename one (it is created by the next migration run after that).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const clashes = await sql<{ name: string }>`select lower(username) as name from users group by lower(username) having count(*) > 1`.execute(db);
  if (clashes.rows.length > 0) {
    console.warn(`users: ${clashes.rows.length} usernames are taken by several accounts that differ only in case (${clashes.rows.map((row) => row.name).join(', ')}); rename all but one for the case-insensitive unique index`);
    return;
  }
  await sql`create unique index users_username_lower on users (lower(username))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists users_username_lower`.execute(db);
}
