import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { ReportJob, ReportRepository } from './report-repository.js';
import type { ReportService } from './report-service.js';

export interface ReportWorkerOptions {
  concurrency: number;
  leaseMs: number;
  maxAttempts: number;
  pollMs: number;
  /** Base of the exponential backoff between attempts of a failing job. */
  retryBaseMs: number;
}

/**
 * Runs report jobs in this process with bounded concurrency. Jobs live in the
 * database, so a crash loses none: on restart (or after a lease runs out, on another
 * instance) they are picked up again.
 */
export class ReportWorker {
  readonly id = `worker-${randomUUID()}`;
  private active = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly running = new Set<Promise<void>>();
  private readonly shutdown = new AbortController();

  constructor(
    private readonly repository: ReportRepository,
    private readonly service: ReportService,
    private readonly options: ReportWorkerOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Looks for work now (e.g. right after a job was recorded). */
  kick(): void {
    if (!this.stopped) void this.fill();
  }

  /** Stops claiming, aborts running jobs (they return to the queue) and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.shutdown.abort();
    await Promise.allSettled([...this.running]);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fill(), delayMs);
    this.timer.unref();
  }

  private async fill(): Promise<void> {
    try {
      while (!this.stopped && this.active < this.options.concurrency) {
        const job = await this.repository.claim(this.id, this.options.leaseMs);
        if (!job) break;
        this.active++;
        const run = this.run(job).finally(() => {
          this.active--;
          this.running.delete(run);
          this.kick();
        });
        this.running.add(run);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'report worker could not claim a job');
    }
    this.schedule(this.options.pollMs);
  }

  private async run(job: ReportJob): Promise<void> {
    const log = this.logger.child({ jobId: job.id, attempt: job.attempts });
    const { leaseMs } = this.options;
    const renewal = setInterval(() => {
      this.repository.renewLease(job.id, this.id, Date.now() + leaseMs).catch((e) => log.warn({ err: e }, 'lease renewal failed'));
    }, leaseMs / 3);
    try {
      const report = await this.service.produce(job, this.shutdown.signal);
      log.info({ reportId: report.id, file: report.file_name, risk: report.risk_level }, 'HR report written');
    } catch (error) {
      if (this.shutdown.signal.aborted) {
        await this.repository.retryLater(job.id, 'interrupted by shutdown', Date.now(), false).catch(() => {});
        return;
      }
      const giveUp = job.attempts >= this.options.maxAttempts;
      const delay = this.options.retryBaseMs * 2 ** (job.attempts - 1) * (0.5 + Math.random());
      log.error({ err: error, giveUp }, 'HR report failed');
      await this.repository
        .retryLater(job.id, String((error as Error)?.message ?? error), Date.now() + delay, giveUp)
        .catch((e) => log.error({ err: e }, 'could not reschedule the report job'));
    } finally {
      clearInterval(renewal);
    }
  }
}
