import type { Kysely } from 'kysely';
import { withIdColumn } from '../src/db/migration-helpers.js';

export async function up(db: Kysely<any>): Promise<void> {
  // An employee may turn check-in invitations off (escalations to HR cannot be).
  await db.schema.alterTable('users').addColumn('notify_invitations', 'integer', (col) => col.notNull().defaultTo(1)).execute();

  // Mail waiting to be sent: a durable queue, one row per event and recipient.
  await withIdColumn(db.schema.createTable('mail_outbox'), db)
    .addColumn('dedupe_key', 'varchar(400)', (col) => col.notNull().unique())
    .addColumn('kind', 'varchar(32)', (col) => col.notNull())
    .addColumn('recipient', 'varchar(254)', (col) => col.notNull())
    .addColumn('subject', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('run_after', 'bigint', (col) => col.notNull())
    .addColumn('lease_until', 'bigint')
    .addColumn('locked_by', 'varchar(64)')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['status', 'run_after']).execute();

  // Each step of a check-in's mail sequence (invitation, reminder, HR digest), done once.
  await db.schema
    .createTable('checkin_notices')
    .addColumn('checkin_id', 'integer', (col) => col.notNull().references('checkins.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(16)', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('checkin_notices_pk', ['checkin_id', 'kind'])
    .execute();

  // Scheduled jobs run once per day across instances: the first to claim the day's row runs it.
  await db.schema
    .createTable('scheduled_runs')
    .addColumn('job', 'varchar(64)', (col) => col.notNull())
    .addColumn('day', 'varchar(10)', (col) => col.notNull())
    .addColumn('lease_until', 'bigint', (col) => col.notNull())
    .addColumn('finished_at', 'bigint')
    .addPrimaryKeyConstraint('scheduled_runs_pk', ['job', 'day'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['scheduled_runs', 'checkin_notices', 'mail_outbox']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('users').dropColumn('notify_invitations').execute();
}
