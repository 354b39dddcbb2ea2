import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/db/migration-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  // How far each conversation has been reported: a session is the span after this.
  await db.schema
    .createTable('report_cursors')
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('room', 'varchar(64)', (col) => col.notNull())
    .addColumn('last_message_id', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('report_cursors_pk', ['user_id', 'room'])
    .execute();

  await withIdColumn(db.schema.createTable('report_jobs'), db)
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('room', 'varchar(64)', (col) => col.notNull())
    .addColumn('first_message_id', 'integer', (col) => col.notNull())
    .addColumn('last_message_id', 'integer', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('run_after', 'bigint', (col) => col.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('locked_by', 'varchar(64)')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('report_jobs_due').on('report_jobs').columns(['status', 'run_after']).execute();

  await withIdColumn(db.schema.createTable('reports'), db)
    .addColumn('job_id', 'integer', (col) => col.notNull().unique().references('report_jobs.id'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('employee_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('session_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('report_date', 'bigint', (col) => col.notNull())
    .addColumn('source', 'varchar(16)', (col) => col.notNull())
    .addColumn('risk_level', 'varchar(16)', (col) => col.notNull())
    .addColumn('risk_score', 'real', (col) => col.notNull())
    .addColumn('escalate', 'integer', (col) => col.notNull())
    .addColumn('file_name', 'varchar(255)', (col) => col.notNull())
    .addColumn('content', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('reports_employee_date').on('reports').columns(['employee_id', 'report_date']).execute();
  await db.schema.createIndex('reports_risk_date').on('reports').columns(['risk_level', 'report_date']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reports').execute();
  await db.schema.dropTable('report_jobs').execute();
  await db.schema.dropTable('report_cursors').execute();
}
