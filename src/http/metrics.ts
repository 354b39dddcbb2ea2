import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AppServices } from '../services.js';
import { sendJson } from './respond.js';
import type { RequestHandler } from './server.js';

/**
 * GET /metrics (when METRICS_ENABLED): process memory, event-loop delay percentiles
 * since the last read, and open authenticated sockets. For operators and the soak bench.
 */
export function createMetricsRoute(services: AppServices): RequestHandler {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  return (_req, res, url) => {
    if (url.pathname !== '/metrics' || !services.config.metricsEnabled) return false;
    const memory = process.memoryUsage();
    sendJson(res, 200, {
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      eventLoopDelayMs: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
      openSockets: services.connections.total(),
    });
    delay.reset();
    return true;
  };
}
