import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every Prometheus metric of the server, served at GET /metrics (src/http/metrics.ts).
 * Events are counted where they happen, in this process's registry; the state of one app
 * (open sockets, queues in the database) is read when /metrics is scraped (`stateMetrics`).
 */
export const eventRegistry = new Registry();
collectDefaultMetrics({ register: eventRegistry });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests by method, route (a tRPC/REST procedure or a route pattern, never a raw URL) and status code; _count is the number of requests',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [eventRegistry],
});

export const openSubscriptions = new Gauge({
  name: 'hr_assistant_open_subscriptions',
  help: 'tRPC subscriptions open on this instance (chat.join, hr.alerts)',
  registers: [eventRegistry],
});

export const answersTotal = new Counter({
  name: 'hr_assistant_answers_total',
  help: 'Chat answers stored, by source (mistral:<model>, offline, escalation)',
  labelNames: ['source'] as const,
  registers: [eventRegistry],
});

export const firstTokenSeconds = new Histogram({
  name: 'hr_assistant_first_token_seconds',
  help: "Time from the assistant's request to the first streamed text of an answer, by the provider that sent it",
  labelNames: ['provider'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30],
  registers: [eventRegistry],
});

export const llmErrorsTotal = new Counter({
  name: 'hr_assistant_llm_errors_total',
  help: 'Failed model calls for chat answers, by model and kind (first_token_timeout, stalled, rate_limited, server_error, client_error, network, truncated, interrupted, empty, other)',
  labelNames: ['model', 'kind'] as const,
  registers: [eventRegistry],
});

export const hrImportsTotal = new Counter({
  name: 'hr_assistant_hr_imports_total',
  help: 'HR data uploads by outcome (imported, rejected: a bad file, failed: an internal error)',
  labelNames: ['outcome'] as const,
  registers: [eventRegistry],
});

/** Counts by state, read from the database when scraped (so the same on every instance). */
export type StateCounts = Record<string, number>;

/** One app's state, read at scrape time. */
export function stateMetrics(sources: {
  openSockets: () => number;
  replayBytes: () => number;
  reportJobs: () => Promise<StateCounts>;
  mailOutbox: () => Promise<StateCounts>;
  onError: (error: unknown, metric: string) => void;
}): Registry {
  const registry = new Registry();
  new Gauge({
    name: 'hr_assistant_open_sockets',
    help: 'Authenticated WebSockets (tRPC and legacy) open on this instance',
    registers: [registry],
    collect() {
      this.set(sources.openSockets());
    },
  });
  new Gauge({
    name: 'hr_assistant_chat_replay_bytes',
    help: 'Bytes (as JSON) of chat events this instance keeps for resume, at most CHAT_REPLAY_MAX_BYTES (0 with Redis, which keeps them)',
    registers: [registry],
    collect() {
      this.set(sources.replayBytes());
    },
  });
  const byState = (name: string, help: string, read: () => Promise<StateCounts>) =>
    new Gauge({
      name,
      help,
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        try {
          for (const [state, count] of Object.entries(await read())) this.set({ state }, count);
        } catch (error) {
          sources.onError(error, name);
        }
      },
    });
  byState('hr_assistant_report_jobs', 'HR report jobs by state (pending, running, done, failed, skipped), all instances', sources.reportJobs);
  byState('hr_assistant_mail_outbox', 'Mails in the outbox by state (pending, sending, sent, failed), all instances', sources.mailOutbox);
  return registry;
}
