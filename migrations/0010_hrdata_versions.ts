import type { Kysely } from 'kysely';
import { isPostgres, withIdColumn } from '../src/db/migration-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per upload: who, when, how (replace or append), and whether it was rolled back.
  await withIdColumn(db.schema.createTable('hr_uploads'), db)
    .addColumn('batch_id', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('mode', 'varchar(16)', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('uploaded_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .addColumn('started_at', 'bigint', (col) => col.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('changes', 'text')
    .addColumn('rolled_back_at', 'bigint')
    .addColumn('rolled_back_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .execute();

  // A kind's validated rows as one import left them; versions are never changed, so a rollback can go back to any.
  // `csv`: the file a replace imported, as uploaded (read again by the importer); `rows`: row batches (an append's result).
  await withIdColumn(db.schema.createTable('hr_kind_versions'), db)
    .addColumn('kind', 'varchar(32)', (col) => col.notNull())
    .addColumn('format', 'varchar(8)', (col) => col.notNull())
    .addColumn('rows', 'integer', (col) => col.notNull())
    .addColumn('employees', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .execute();
  // The version's data in order: chunks of the CSV file, or row batches (row-store.ts).
  await db.schema
    .createTable('hr_row_batches')
    .addColumn('version_id', 'integer', (col) => col.notNull().references('hr_kind_versions.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('rows', 'integer', (col) => col.notNull())
    .addColumn('data', isPostgres(db) ? 'bytea' : 'blob', (col) => col.notNull())
    .addPrimaryKeyConstraint('hr_row_batches_pk', ['version_id', 'seq'])
    .execute();
  await db.schema
    .createTable('hr_current_versions')
    .addColumn('kind', 'varchar(32)', (col) => col.primaryKey())
    .addColumn('version_id', 'integer', (col) => col.notNull().references('hr_kind_versions.id'))
    .execute();

  // Each imported file: the version it made current, and the one it replaced (null: the kind had none).
  await db.schema.alterTable('hr_imports').addColumn('version_id', 'integer').execute();
  await db.schema.alterTable('hr_imports').addColumn('previous_version_id', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('hr_imports').dropColumn('previous_version_id').execute();
  await db.schema.alterTable('hr_imports').dropColumn('version_id').execute();
  for (const table of ['hr_current_versions', 'hr_row_batches', 'hr_kind_versions', 'hr_uploads']) await db.schema.dropTable(table).execute();
}
