import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Logger } from '../logger.js';
import { MailOutbox } from './mail-outbox.js';
import { createMailTransport } from './mail-transport.js';
import { createMailWorker } from './mail-worker.js';

/** Wires the mail module: the outbox (other modules queue into it) and the worker that sends it. */
export function createMailing(deps: { config: Config; database: DatabaseHandle; logger: Logger }) {
  const { config, database } = deps;
  const log = deps.logger.child({ module: 'mail' });
  const outbox = new MailOutbox(database.db, database.dialect);
  const worker = createMailWorker(outbox, createMailTransport(config.mail, log), config.mail, log);
  return {
    outbox,
    worker,
    /** Starts sending; SQLite runs as a single instance, so mails it left mid-send are orphans. */
    async start(): Promise<void> {
      if (database.dialect === 'sqlite') {
        const released = await outbox.queue.releaseAbandoned();
        if (released > 0) log.info({ released }, 'mails interrupted by a previous run will be sent');
      }
      worker.start();
    },
    close: () => worker.stop(),
  };
}
