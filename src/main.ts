import { createApp } from './app.js';
import { ConfigError, loadProcessConfig } from './config.js';
import { createLogger } from './logger.js';
import { boundHeap } from './runtime/heap-bound.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadProcessConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  boundHeap(config.heapHeadroomMb, {
    minCompactionIntervalMs: config.heapCompactionMinutes === 0 ? Infinity : config.heapCompactionMinutes * 60_000,
    onCompacted: (before, after, durationMs) => logger.info({ oldSpaceMb: { before: mb(before), after: mb(after) }, durationMs: Math.round(durationMs) }, 'compacted the JS heap: long-lived objects were spread over pages'),
  });
  // Last resort: a promise rejection nobody handled is a bug to log, not a reason to drop every
  // connection (Node's default is to exit). Uncaught exceptions still end the process.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  const app = await createApp(config, logger);
  const { url } = await app.listen();
  logger.info({ url, trpc: `${url}/trpc`, database: config.databaseUrl }, 'HR assistant is listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), config.shutdownDrainMs + 10_000);
    force.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
