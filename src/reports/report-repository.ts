import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../db/database.js';
import type { Database, ReportJobsTable, ReportsTable } from '../db/schema.js';
import type { Selectable, Insertable } from 'kysely';
import { LeasedJobTable } from '../jobs/leased-job-table.js';
import { reportFileSchema, type RiskLevel } from './report-schema.js';

export type ReportJob = Selectable<ReportJobsTable>;
export type ReportRow = Selectable<ReportsTable>;

export interface ReportQuery {
  employeeId?: string | undefined;
  riskLevel?: RiskLevel | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  cursor?: number | null | undefined;
  limit: number;
}

/** Report jobs (a durable queue, claimed through `jobs`) and reports. */
export class ReportRepository {
  /** Report jobs as the report worker's queue (a job is `running` while a worker holds it). */
  readonly jobs: LeasedJobTable<ReportJob>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {
    this.jobs = new LeasedJobTable(db, dialect, 'report_jobs', 'running');
  }

  /** How many jobs are in each status. */
  async countJobsByStatus(): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('report_jobs')
      .select((eb) => ['status', eb.fn.countAll<number | string>().as('count')])
      .groupBy('status')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /**
   * Closes the session: advances the conversation's report cursor and records the job,
   * in one transaction. Returns null when there is nothing new from the employee.
   */
  async enqueueSession(userId: number, room: string, now = Date.now()): Promise<ReportJob | null> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('report_cursors')
        .values({ user_id: userId, room, last_message_id: 0 })
        .onConflict((oc) => oc.columns(['user_id', 'room']).doNothing())
        .execute();
      let cursorQuery = trx
        .selectFrom('report_cursors')
        .select('last_message_id')
        .where('user_id', '=', userId)
        .where('room', '=', room);
      if (this.dialect === 'postgres') cursorQuery = cursorQuery.forUpdate();
      const { last_message_id: after } = await cursorQuery.executeTakeFirstOrThrow();
      const span = await trx
        .selectFrom('messages')
        .select((eb) => [
          eb.fn.min('id').as('first'),
          eb.fn.max('id').as('last'),
          eb.fn.sum(sql<number>`case when direction = 'sent' then 1 else 0 end`).as('sent'),
        ])
        .where('user_id', '=', userId)
        .where('room', '=', room)
        .where('id', '>', after)
        .executeTakeFirstOrThrow();
      if (span.last === null || Number(span.sent ?? 0) === 0) return null;
      await trx
        .updateTable('report_cursors')
        .set({ last_message_id: Number(span.last) })
        .where('user_id', '=', userId)
        .where('room', '=', room)
        .execute();
      return trx
        .insertInto('report_jobs')
        .values({
          user_id: userId,
          room,
          first_message_id: Number(span.first),
          last_message_id: Number(span.last),
          status: 'pending',
          run_after: now,
          created_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
  }

  /** Stores the report and finishes the job together; a duplicate report for the job is ignored. */
  async complete(jobId: number, report: Insertable<ReportsTable>): Promise<ReportRow> {
    return this.db.transaction().execute(async (trx) => {
      await trx.insertInto('reports').values(report).onConflict((oc) => oc.column('job_id').doNothing()).execute();
      await trx
        .updateTable('report_jobs')
        .set({ status: 'done', lease_until: null, last_error: null })
        .where('id', '=', jobId)
        .execute();
      return trx.selectFrom('reports').selectAll().where('job_id', '=', jobId).executeTakeFirstOrThrow();
    });
  }

  async hasDueJobs(now = Date.now()): Promise<boolean> {
    const row = await this.db
      .selectFrom('report_jobs')
      .select('id')
      .where((eb) => eb.or([eb('status', '=', 'pending'), eb('status', '=', 'running')]))
      .where('run_after', '<=', now)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async list(query: ReportQuery): Promise<{ items: ReportRow[]; nextCursor: number | null }> {
    let select = this.db.selectFrom('reports').selectAll();
    if (query.employeeId) select = select.where('employee_id', '=', query.employeeId);
    if (query.riskLevel) select = select.where('risk_level', '=', query.riskLevel);
    if (query.from) select = select.where('report_date', '>=', query.from.getTime());
    if (query.to) select = select.where('report_date', '<=', query.to.getTime());
    if (query.cursor != null) select = select.where('id', '<', query.cursor);
    const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).execute();
    const items = rows.slice(0, query.limit);
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1]!.id : null };
  }

  /** Reports written since `start` at high or critical risk or marked to escalate, newest first. */
  seriousSince(start: number, limit: number): Promise<ReportRow[]> {
    return this.db
      .selectFrom('reports')
      .selectAll()
      .where('report_date', '>=', start)
      .where((eb) => eb.or([eb('risk_level', 'in', ['high', 'critical']), eb('escalate', '=', 1)]))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  get(id: number): Promise<ReportRow | undefined> {
    return this.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The risk level and concerns of the reports written in [start, end), their JSON decoded. */
  async risksBetween(start: number, end: number) {
    const rows = await this.db.selectFrom('reports').select(['risk_level', 'content']).where('report_date', '>=', start).where('report_date', '<', end).execute();
    return rows.map((row) => ({ riskLevel: row.risk_level, concerns: reportFileSchema.parse(JSON.parse(row.content)).report.risk_assessment.concerns }));
  }

  job(id: number): Promise<ReportJob | undefined> {
    return this.db.selectFrom('report_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
