import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/db/migration-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per uploaded file: its outcome, errors and progress.
  await withIdColumn(db.schema.createTable('hr_imports'), db)
    .addColumn('batch_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('kind', 'varchar(32)', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('file_name', 'varchar(255)', (col) => col.notNull())
    .addColumn('bytes', 'bigint', (col) => col.notNull())
    .addColumn('rows', 'integer')
    .addColumn('employees', 'integer')
    .addColumn('progress', 'real', (col) => col.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('uploaded_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('started_at', 'bigint', (col) => col.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('hr_imports_kind').on('hr_imports').columns(['kind', 'id']).execute();

  // What an import keeps per employee and kind: the features and the monthly signals.
  await db.schema
    .createTable('hr_employee_data')
    .addColumn('kind', 'varchar(32)', (col) => col.notNull())
    .addColumn('employee_id', 'varchar(64)', (col) => col.notNull())
    .addColumn('features', 'text', (col) => col.notNull())
    .addColumn('periods', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('hr_employee_data_pk', ['kind', 'employee_id'])
    .execute();

  // The latest analysis: one master row per employee, with the detector's verdict.
  await db.schema
    .createTable('hr_master')
    .addColumn('employee_id', 'varchar(64)', (col) => col.primaryKey())
    .addColumn('row', 'text', (col) => col.notNull())
    .addColumn('score', 'real')
    .addColumn('flagged', 'integer', (col) => col.notNull())
    .addColumn('flag_rank', 'integer')
    .addColumn('problems', 'text')
    .addColumn('other_problems', 'text')
    .addColumn('concerns', 'text')
    .execute();
  await db.schema.createIndex('hr_master_flagged').on('hr_master').columns(['flagged', 'score']).execute();

  await withIdColumn(db.schema.createTable('hr_analyses'), db)
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('employees', 'integer', (col) => col.notNull())
    .addColumn('flagged', 'integer', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['hr_analyses', 'hr_master', 'hr_employee_data', 'hr_imports']) await db.schema.dropTable(table).execute();
}
