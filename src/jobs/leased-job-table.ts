import type { Generated, Kysely } from 'kysely';
import type { DialectName } from '../db/database.js';
import type { Database, LeasedJobColumns } from '../db/schema.js';
import type { LeasedJob, LeasedJobQueue } from './leased-job-runner.js';

/** The tables that hold leased jobs (their columns: `LeasedJobColumns`). */
export type LeasedJobTableName = 'report_jobs' | 'mail_outbox';

/** Any leased-job table, as the queue operations see it: they touch only the shared columns. */
type LeasedJobsDatabase = Record<LeasedJobTableName, LeasedJobColumns<string> & { id: Generated<number> }>;

/**
 * The queue operations of a table with the leased-job columns: claim the next due job (or
 * one whose lease ran out), renew, put back, release. Row locking is the one dialect difference.
 */
export class LeasedJobTable<J extends LeasedJob> implements LeasedJobQueue<J> {
  private readonly db: Kysely<LeasedJobsDatabase>;

  constructor(
    db: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly table: LeasedJobTableName,
    /** The status of a job while a worker holds it (`running`, `sending`). */
    private readonly claimedStatus: string,
  ) {
    this.db = db as unknown as Kysely<LeasedJobsDatabase>;
  }

  async claim(worker: string, leaseMs: number, now = Date.now()): Promise<J | null> {
    let next = this.db
      .selectFrom(this.table)
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('run_after', '<=', now)]),
          eb.and([eb('status', '=', this.claimedStatus), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('id')
      .limit(1);
    if (this.dialect === 'postgres') next = next.forUpdate().skipLocked();
    const claimed = await this.db
      .updateTable(this.table)
      .set((eb) => ({ status: this.claimedStatus, locked_by: worker, lease_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', (eb) => eb.selectFrom(next.as('due')).select('due.id'))
      .returningAll()
      .executeTakeFirst();
    return (claimed as J | undefined) ?? null;
  }

  /** Keeps a claimed job's lease while its worker is alive. */
  async renewLease(id: number, worker: string, until: number): Promise<void> {
    await this.db
      .updateTable(this.table)
      .set({ lease_until: until })
      .where('id', '=', id)
      .where('locked_by', '=', worker)
      .where('status', '=', this.claimedStatus)
      .execute();
  }

  async retryLater(id: number, error: string, runAfter: number, giveUp: boolean): Promise<void> {
    await this.db
      .updateTable(this.table)
      .set({ status: giveUp ? 'failed' : 'pending', run_after: runAfter, lease_until: null, last_error: error.slice(0, 2000) })
      .where('id', '=', id)
      .execute();
  }

  /** Jobs a previous run of this single process left claimed (SQLite is single-instance). */
  async releaseAbandoned(): Promise<number> {
    const result = await this.db.updateTable(this.table).set({ status: 'pending', lease_until: null }).where('status', '=', this.claimedStatus).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
