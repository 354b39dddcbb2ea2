import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';

/** A durable job as the runner sees it: its id and how many times it has been claimed. */
export interface LeasedJob {
  id: number;
  attempts: number;
}

/** The table a runner takes jobs from: claimed under a lease, renewed while running, put back on failure. */
export interface LeasedJobQueue<J extends LeasedJob> {
  claim(workerId: string, leaseMs: number): Promise<J | null>;
  renewLease(id: number, workerId: string, leaseUntil: number): Promise<unknown>;
  retryLater(id: number, error: string, runAt: number, giveUp: boolean): Promise<unknown>;
}

export interface LeasedJobHandler<J extends LeasedJob> {
  /** Does the job; a throw is a failed attempt. `signal` aborts when the runner stops. */
  run(job: J, signal: AbortSignal): Promise<void>;
  /** After a failed attempt: give up for good, or try again after a delay. */
  afterFailure(job: J, error: unknown): { giveUp: boolean; retryInMs: number };
}

export interface LeasedJobRunnerOptions {
  /** Names the runner in logs and worker ids ("report", "mail"). */
  name: string;
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  /** How long `stop()` waits for running jobs; unset: until they end. */
  stopGraceMs?: number;
}

/**
 * Runs durable jobs in this process with bounded concurrency. Jobs live in the database,
 * so a crash loses none: after its lease runs out (on this instance after a restart, or on
 * another one) a job is claimed again.
 */
export class LeasedJobRunner<J extends LeasedJob> {
  readonly id: string;
  private active = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private readonly running = new Set<Promise<void>>();
  private readonly shutdown = new AbortController();

  constructor(
    private readonly queue: LeasedJobQueue<J>,
    private readonly handler: LeasedJobHandler<J>,
    private readonly options: LeasedJobRunnerOptions,
    private readonly logger: Logger,
  ) {
    this.id = `${options.name}-${randomUUID()}`;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Looks for work now (e.g. right after a job was recorded). */
  kick(): void {
    if (!this.stopped) void this.fill();
  }

  /** Stops claiming, aborts running jobs (an aborted job returns to the queue) and waits for them. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.shutdown.abort();
    const settled = Promise.allSettled([...this.running]);
    await (this.options.stopGraceMs === undefined ? settled : Promise.race([settled, sleep(this.options.stopGraceMs, undefined, { ref: false })]));
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
        const job = await this.queue.claim(this.id, this.options.leaseMs);
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
      this.logger.error({ err: error }, `${this.options.name} runner could not claim a job`);
    }
    this.schedule(this.options.pollMs);
  }

  private async run(job: J): Promise<void> {
    const log = this.logger.child({ jobId: job.id, attempt: job.attempts });
    const { leaseMs } = this.options;
    const renewal = setInterval(() => {
      this.queue.renewLease(job.id, this.id, Date.now() + leaseMs).catch((e) => log.warn({ err: e }, 'lease renewal failed'));
    }, leaseMs / 3);
    try {
      await this.handler.run(job, this.shutdown.signal);
    } catch (error) {
      if (this.shutdown.signal.aborted) {
        await this.queue.retryLater(job.id, 'interrupted by shutdown', Date.now(), false).catch(() => {});
        return;
      }
      const { giveUp, retryInMs } = this.handler.afterFailure(job, error);
      log.warn({ err: error, giveUp, retryInMs: giveUp ? null : retryInMs }, giveUp ? `${this.options.name} job failed for good` : `${this.options.name} job failed; will retry`);
      await this.queue
        .retryLater(job.id, String((error as Error)?.message ?? error), Date.now() + retryInMs, giveUp)
        .catch((e) => log.error({ err: e }, 'could not reschedule the job'));
    } finally {
      clearInterval(renewal);
    }
  }
}

/** Exponential backoff from `baseMs` (doubling per attempt, capped at `maxMs`), with jitter. */
export function backoffMs(attempt: number, baseMs: number, maxMs = Infinity): number {
  const backoff = Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(backoff * (0.5 + Math.random() / 2));
}
