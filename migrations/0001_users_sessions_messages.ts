import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/db/migration-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db.schema.createTable('users'), db)
    .addColumn('username', 'varchar(150)', (col) => col.notNull().unique())
    .addColumn('email', 'varchar(254)')
    .addColumn('employee_id', 'varchar(32)', (col) => col.unique())
    .addColumn('role', 'varchar(16)', (col) => col.notNull().defaultTo('employee'))
    .addColumn('profile_pic', 'text')
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();

  await withIdColumn(db.schema.createTable('messages'), db)
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('room', 'varchar(64)', (col) => col.notNull())
    .addColumn('direction', 'varchar(8)', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('source', 'varchar(128)')
    .addColumn('answer_id', 'varchar(64)')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  // "A user's messages, newest first" and "a user's conversation in a room, newest first".
  await db.schema.createIndex('messages_user_newest').on('messages').columns(['user_id', 'id desc']).execute();
  await db.schema
    .createIndex('messages_user_room_newest')
    .on('messages')
    .columns(['user_id', 'room', 'id desc'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('messages').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.dropTable('users').execute();
}
