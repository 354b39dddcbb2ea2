import { backoffMs, LeasedJobRunner } from '../jobs/leased-job-runner.js';
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

/** Produces queued HR reports; a failing job is retried with backoff up to `maxAttempts`. */
export function createReportWorker(repository: ReportRepository, service: ReportService, options: ReportWorkerOptions, logger: Logger) {
  return new LeasedJobRunner<ReportJob>(
    repository.jobs,
    {
      async run(job, signal) {
        const report = await service.produce(job, signal);
        logger.info({ jobId: job.id, reportId: report.id, file: report.file_name, risk: report.risk_level }, 'HR report written');
      },
      afterFailure: (job) => ({ giveUp: job.attempts >= options.maxAttempts, retryInMs: backoffMs(job.attempts, options.retryBaseMs) }),
    },
    { name: 'report', concurrency: options.concurrency, leaseMs: options.leaseMs, pollMs: options.pollMs },
    logger,
  );
}
