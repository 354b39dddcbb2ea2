import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/db/migration-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  // Employees the assistant reaches out to: created by the daily selection, delivered when they next open the chat.
  await withIdColumn(db.schema.createTable('checkins'), db)
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('employee_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('day', 'varchar(10)', (col) => col.notNull())
    .addColumn('reasons', 'text', (col) => col.notNull())
    .addColumn('opener', 'text', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('room', 'varchar(64)')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('answered_at', 'bigint')
    .execute();
  await db.schema.createIndex('checkins_user').on('checkins').columns(['user_id', 'created_at']).execute();

  // The question bank HR edits: every change is a new version.
  await withIdColumn(db.schema.createTable('question_bank_versions'), db)
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('created_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();

  // Crisis signs seen during a chat, each raised to HR at once.
  await withIdColumn(db.schema.createTable('escalations'), db)
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('employee_id', 'varchar(64)')
    .addColumn('room', 'varchar(64)', (col) => col.notNull())
    .addColumn('concern', 'varchar(64)', (col) => col.notNull())
    .addColumn('evidence', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['escalations', 'question_bank_versions', 'checkins']) await db.schema.dropTable(table).execute();
}
