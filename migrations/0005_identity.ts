import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/db/migration-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  // HR's invites: the only way an account gets linked to an employee ID at registration.
  await withIdColumn(db.schema.createTable('invites'), db)
    .addColumn('code_hash', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('employee_id', 'varchar(32)', (col) => col.notNull())
    .addColumn('created_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .addColumn('used_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('used_at', 'bigint')
    .execute();

  // Until now anyone could claim any employee ID at registration: no existing link is trusted. HR re-links.
  await db.updateTable('users').set({ employee_id: null }).where('employee_id', 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  // The self-claimed links removed by `up` are not restored.
  await db.schema.dropTable('invites').execute();
}
