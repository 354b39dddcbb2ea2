import { createMistralClient, retryPolicy } from '../assistant/mistral-client.js';
import { createEventBus } from '../bus/create-bus.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { MessageRepository } from '../messages/message-repository.js';
import type { UserRepository } from '../users/user-repository.js';
import type { HrAlert } from './alerts.js';
import { ReportGenerator } from './report-generator.js';
import { ReportRepository } from './report-repository.js';
import { noEmployeeSignals, ReportService, type EmployeeSignalsSource } from './report-service.js';
import { createReportWorker } from './report-worker.js';

/** Wires the reports module: repository, generator, service, worker and the HR alerts bus. */
export function createReporting(deps: {
  config: Config;
  database: DatabaseHandle;
  users: UserRepository;
  messages: MessageRepository;
  logger: Logger;
  signals?: EmployeeSignalsSource;
  audit: AuditLog;
}) {
  const { config, database, logger } = deps;
  const log = logger.child({ module: 'reports' });
  const repository = new ReportRepository(database.db, database.dialect);
  const alerts = createEventBus<HrAlert>(config, logger, { replayBuffer: 1000, retentionMs: 24 * 3600_000 });
  const generator = new ReportGenerator(
    createMistralClient(config.mistral),
    { model: config.mistral.model, retries: retryPolicy(config.mistral), timeoutMs: config.reports.modelTimeoutMs },
    log,
  );
  const service = new ReportService(
    repository,
    deps.messages,
    deps.users,
    generator,
    deps.signals ?? noEmployeeSignals,
    alerts,
    config.summariesDir,
    log,
    deps.audit,
  );
  const worker = createReportWorker(repository, service, config.reports, log);
  return {
    service,
    worker,
    alerts,
    /** Picks up what a previous run left half done; SQLite runs as a single instance, so its running jobs are orphans. */
    async recover(): Promise<void> {
      if (database.dialect === 'sqlite') {
        const released = await repository.jobs.releaseAbandoned();
        if (released > 0) log.info({ released }, 'report jobs from a previous run will be retried');
      }
      worker.start();
    },
    async close(): Promise<void> {
      await worker.stop();
      await alerts.close();
    },
  };
}
