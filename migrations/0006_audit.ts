import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/db/migration-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  // HR's reads of other people's data. No foreign keys: the trail outlives the accounts it names.
  await withIdColumn(db.schema.createTable('audit_log'), db)
    .addColumn('actor_id', 'integer', (col) => col.notNull())
    .addColumn('subject_user_id', 'integer')
    .addColumn('subject_employee_id', 'varchar(64)')
    .addColumn('action', 'varchar(32)', (col) => col.notNull())
    .addColumn('detail', 'varchar(200)')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('audit_log_subject_user').on('audit_log').columns(['subject_user_id', 'id']).execute();
  await db.schema.createIndex('audit_log_subject_employee').on('audit_log').columns(['subject_employee_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute();
}
