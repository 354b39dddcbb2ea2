import { createHash, timingSafeEqual } from 'node:crypto';
import { Registry } from 'prom-client';
import { eventRegistry, stateMetrics, type StateCounts } from '../observability/metrics.js';
import type { AppServices } from '../services.js';
import { bearerToken } from '../trpc/context.js';
import { sendJson } from './respond.js';
import type { RequestHandler } from './server.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * GET /metrics (METRICS_ENABLED, on by default): Prometheus text exposition of the process
 * (prom-client's default metrics), the HTTP traffic, the chat and the queues. With
 * METRICS_TOKEN, only for `Authorization: Bearer <METRICS_TOKEN>`.
 */
export function createMetricsRoute(services: AppServices, sources: { mailOutbox: () => Promise<StateCounts> }): RequestHandler {
  const { enabled, token } = services.config.metrics;
  const registry = Registry.merge([
    eventRegistry,
    stateMetrics({
      openSockets: () => services.connections.total(),
      replayBytes: () => services.bus.replayBytes(),
      reportJobs: () => services.reports.jobCounts(),
      mailOutbox: sources.mailOutbox,
      onError: (error, metric) => services.logger.error({ err: error, metric }, 'could not read a metric'),
    }),
  ]);
  const expected = token ? digest(token) : null;
  if (enabled && !token && services.config.env === 'production') {
    services.logger.warn('GET /metrics is open to anyone who can reach the server: set METRICS_TOKEN, or keep /metrics off the public network');
  }
  return async (req, res, url) => {
    if (url.pathname !== '/metrics' || !enabled) return false;
    const given = bearerToken(req.headers.authorization);
    // Compared as digests: equal lengths for timingSafeEqual, and no timing hint of the token.
    if (expected && !(given && timingSafeEqual(digest(given), expected))) {
      res.setHeader('www-authenticate', 'Bearer');
      sendJson(res, 401, { error: { code: 'UNAUTHORIZED', message: 'Send Authorization: Bearer <METRICS_TOKEN>' } });
      return true;
    }
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(body);
    return true;
  };
}
