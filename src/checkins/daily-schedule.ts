import { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { DialectName } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { Logger } from '../logger.js';
import { localDay } from '../notifications/local-day.js';

const JOB = 'checkins-daily';
/** How long a claimed day's run keeps others off before it is presumed crashed. */
const LEASE_MS = 10 * 60_000;

export interface DailyScheduleSettings {
  /** HH:MM, local time in `timeZone`. */
  dailyAt: string;
  timeZone: string;
}

/** What runs once a day: the selection (which queues the invitations), then reminders and HR's digest. */
export interface DailySteps {
  selectDaily(now: number): Promise<unknown>;
  followUp(now: number): Promise<unknown>;
}

/**
 * The daily check-in run at `dailyAt` (croner, in the configured time zone). With several
 * instances, the first to claim the day's `scheduled_runs` row runs it; the others skip.
 * An instance started after the day's time runs what was missed. The clock is injectable.
 */
export class DailySchedule {
  private cron: Cron | null = null;
  private readonly hour: number;
  private readonly minute: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
    private readonly steps: DailySteps,
    private readonly settings: DailyScheduleSettings,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    [this.hour, this.minute] = settings.dailyAt.split(':').map(Number) as [number, number];
  }

  async start(): Promise<void> {
    // SQLite serves one instance: a run it left unfinished was cut short by a crash.
    if (this.dialect === 'sqlite') await this.db.updateTable('scheduled_runs').set({ lease_until: 0 }).where('finished_at', 'is', null).execute();
    this.cron = new Cron(`${this.minute} ${this.hour} * * *`, { timezone: this.settings.timeZone, protect: true }, () => this.runLogged());
    this.logger.info({ nextRun: this.nextRun(), timeZone: this.settings.timeZone }, 'daily check-ins scheduled');
    if (this.isPastTodaysTime(this.now())) void this.runLogged();
  }

  stop(): void {
    this.cron?.stop();
  }

  nextRun(): Date | null {
    return this.cron?.nextRun() ?? null;
  }

  /** Today's run (of `now`'s local day); false when this day's run is done or under way elsewhere. */
  async run(now = this.now()): Promise<boolean> {
    const day = localDay(now, this.settings.timeZone);
    if (!(await this.claim(day))) return false;
    try {
      await this.steps.selectDaily(now);
      await this.steps.followUp(now);
    } catch (error) {
      // Let a later start-up (or another instance) try this day again.
      await this.db.updateTable('scheduled_runs').set({ lease_until: 0 }).where('job', '=', JOB).where('day', '=', day).execute();
      throw error;
    }
    await this.db.updateTable('scheduled_runs').set({ finished_at: Date.now() }).where('job', '=', JOB).where('day', '=', day).execute();
    return true;
  }

  private async runLogged(): Promise<void> {
    try {
      if (await this.run()) this.logger.info('daily check-in run done');
    } catch (error) {
      this.logger.error({ err: error }, 'daily check-in run failed');
    }
  }

  private isPastTodaysTime(now: number): boolean {
    const parts = new Intl.DateTimeFormat('en-GB', { timeZone: this.settings.timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(now);
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return part('hour') * 60 + part('minute') >= this.hour * 60 + this.minute;
  }

  /** Conditional claim of the day's row: inserted by us, or taken over after a crashed run's lease. */
  private async claim(day: string): Promise<boolean> {
    const leaseUntil = Date.now() + LEASE_MS;
    const inserted = await this.db
      .insertInto('scheduled_runs')
      .values({ job: JOB, day, lease_until: leaseUntil, finished_at: null })
      .onConflict((oc) => oc.columns(['job', 'day']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
    const taken = await this.db
      .updateTable('scheduled_runs')
      .set({ lease_until: leaseUntil })
      .where('job', '=', JOB)
      .where('day', '=', day)
      .where('finished_at', 'is', null)
      .where('lease_until', '<', Date.now())
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) === 1;
  }
}
