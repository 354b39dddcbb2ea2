import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Chat sessions with something said and not yet ended, each leased by the instance that
  // serves it: a session whose lease ran out (its instance crashed) is ended by another.
  await db.schema
    .createTable('chat_sessions')
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('room', 'varchar(64)', (col) => col.notNull())
    .addColumn('owner', 'varchar(64)', (col) => col.notNull())
    .addColumn('lease_until', 'bigint', (col) => col.notNull())
    .addColumn('touched_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('chat_sessions_pk', ['user_id', 'room'])
    .execute();
  await db.schema.createIndex('chat_sessions_lease').on('chat_sessions').columns(['lease_until']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('chat_sessions').execute();
}
