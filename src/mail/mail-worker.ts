import { backoffMs, LeasedJobRunner } from '../jobs/leased-job-runner.js';
import type { Logger } from '../logger.js';
import type { MailOutbox, QueuedMail } from './mail-outbox.js';
import { isPermanentFailure, type MailTransport } from './mail-transport.js';

export interface MailWorkerOptions {
  pollMs: number;
  leaseMs: number;
  /** Backoff between attempts: doubles from the base up to the max; a mail is retried until sent. */
  retryBaseMs: number;
  retryMaxMs: number;
}

/** Mails sent at once by one process. */
const CONCURRENCY = 4;
/** How long a stop waits for sends under way; one still waiting on a slow server is sent again after its lease. */
const STOP_GRACE_MS = 3000;

/**
 * Sends the outbox's mails. A mail is marked sent as soon as the server has accepted it;
 * one left mid-send by a crash is sent again after its lease (or at start-up on SQLite).
 */
export function createMailWorker(outbox: MailOutbox, transport: MailTransport, options: MailWorkerOptions, logger: Logger) {
  const runner = new LeasedJobRunner<QueuedMail>(
    outbox.queue,
    {
      async run(mail) {
        await transport.send({ to: mail.recipient, subject: mail.subject, text: mail.body });
        // Accepted by the server: a failure to record it must not send it again.
        await outbox.markSent(mail.id).catch((e) => logger.error({ err: e, mailId: mail.id }, 'mail sent but not marked as sent'));
        logger.info({ mailId: mail.id, kind: mail.kind, attempt: mail.attempts }, 'mail sent');
      },
      afterFailure: (mail, error) => ({
        giveUp: isPermanentFailure(error),
        retryInMs: backoffMs(mail.attempts, options.retryBaseMs, options.retryMaxMs),
      }),
    },
    { name: 'mail', concurrency: CONCURRENCY, leaseMs: options.leaseMs, pollMs: options.pollMs, stopGraceMs: STOP_GRACE_MS },
    logger,
  );
  return {
    id: runner.id,
    start: () => runner.start(),
    kick: () => runner.kick(),
    async stop() {
      await runner.stop();
      transport.close();
    },
  };
}
