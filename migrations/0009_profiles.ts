import type { Kysely } from 'kysely';

/** The profile fields the original frontend shows and edits (email and profile_pic already exist). */
const COLUMNS = [
  ['full_name', 'varchar(150)'],
  ['phone', 'varchar(32)'],
  ['post', 'varchar(100)'],
  ['department', 'varchar(100)'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  for (const [name, type] of COLUMNS) await db.schema.alterTable('users').addColumn(name, type).execute();
  await db.schema.createIndex('users_department').on('users').column('department').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('users_department').execute();
  for (const [name] of COLUMNS) await db.schema.alterTable('users').dropColumn(name).execute();
}
