import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const positiveInt = z.coerce.number().int().positive();

/** Every environment variable the server reads. `.env.example` documents each one. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development').describe('`development`, `production` or `test` (`production` turns the panel off by default and refuses `LEGACY_TRUST_USERNAME`)'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('Port of the one HTTP server: `/trpc` (HTTP + WebSocket), `/rest`, the legacy paths, `/panel`, `/healthz`, `/readyz`, `/metrics`'),
  HOST: z.string().min(1).default('0.0.0.0').describe('Address the server listens on'),
  DATA_DIR: z.string().min(1).default('data').describe('Home of the SQLite database and of uploads being imported'),
  DATABASE_URL: z.string().min(1).optional().describe('A SQLite file path or a `postgres://user@host:5432/db` URL (unset: `$DATA_DIR/hr-assistant.sqlite`)'),
  DATABASE_POOL_SIZE: positiveInt.default(10).describe('PostgreSQL connection pool size'),
  REDIS_URL: z.string().url().optional().describe('`redis://127.0.0.1:6379` to share rooms, presence, rate limits and revocations between instances (unset: in-process bus)'),
  REDIS_PREFIX: z.string().min(1).default('hr-assistant:').describe('Namespace of this deployment\'s Redis keys'),
  SUMMARIES_DIR: z.string().min(1).default('summaries').describe('Where HR reports are written'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`'),
  SESSION_LIFETIME_HOURS: positiveInt.default(24 * 30).describe('How long a session token stays valid without use (it slides while used)'),
  SESSION_RECHECK_SECONDS: positiveInt.default(60).describe('How often open WebSockets check their session again: one that expired or was removed, or whose user changed role, is closed'),
  MAX_MESSAGE_CHARS: positiveInt.default(4000).describe('Longest chat message (characters)'),
  MAX_REQUEST_BYTES: positiveInt.default(16 * 1024 * 1024).describe('Largest request body (tRPC, REST) or WebSocket message (bytes)'),
  UPLOAD_MAX_FILE_BYTES: positiveInt.default(1024 * 1024 * 1024).describe('Largest uploaded CSV file (bytes; 1 GiB)'),
  MISTRAL_API_KEY: z.string().min(1).optional().describe('Mistral API key (unset: the assistant answers with its offline responder)'),
  MISTRAL_MODEL: z.string().min(1).default('mistral-small-latest').describe('Primary model'),
  MISTRAL_FALLBACK_MODEL: z.string().min(1).optional().default('open-mistral-nemo').describe('Secondary model, tried when the primary keeps failing before its first token'),
  MISTRAL_SERVER_URL: z.string().url().optional().describe('Another server speaking Mistral\'s API (unset: Mistral\'s cloud)'),
  MISTRAL_HTTP_CLIENT: z.enum(['node', 'fetch']).default('node').describe("How the Mistral SDK sends its requests: `node`, Node's own HTTP client with kept-alive connections (a tenth of the server's CPU less under chat load than `fetch`), or `fetch`, the SDK's default"),
  MISTRAL_RETRY_MAX_ELAPSED_MS: z.coerce.number().int().min(0).default(8000).describe('Retries of 429/5xx/network errors: total time budget (0 disables retries)'),
  MISTRAL_RETRY_INITIAL_MS: z.coerce.number().int().min(0).default(300).describe('Retries of 429/5xx/network errors: first wait (exponential backoff with jitter)'),
  MISTRAL_FIRST_TOKEN_TIMEOUT_MS: positiveInt.default(20_000).describe('Give up on a model that sends no first token for this long (counted from the first attempt, retries included)'),
  MISTRAL_IDLE_TIMEOUT_MS: positiveInt.default(20_000).describe('Give up on a model whose stream stalls this long mid-answer'),
  MISTRAL_MODERATION_MODEL: z.string().min(1).default('mistral-moderation-latest').describe('With a key, Mistral\'s moderation model screens each message beside the local crisis rules (see Safety)'),
  MISTRAL_MODERATION_TIMEOUT_MS: positiveInt.default(1500).describe('How long an answer waits for the moderation verdict; a later verdict still escalates to HR'),
  ASSISTANT_CONTEXT_CHARS: positiveInt.default(8000).describe('How much of the conversation (characters) is sent to the model as context'),
  MAX_ANSWER_CHARS: positiveInt.default(20_000).describe('Longest answer (characters): the model\'s stream is no longer read past it; what fits is sent and stored'),
  HEAP_HEADROOM_MB: z.coerce.number().int().min(0).default(96).describe("Garbage the JS heap may gather past what V8's last full collection kept before it collects again (MB); while less than this is live, V8 chooses (0: always V8); looked at every young-generation collection too, so a fast-growing live heap does not run ahead of V8's limit. When a further quarter of it lies in pages between long-lived objects, the next full collection compacts the heap (a pause, 0.35–1.5 s at 300 MB live, see the soak; at most every `HEAP_COMPACTION_MINUTES`). Bounds the memory of many open chats"),
  HEAP_COMPACTION_MINUTES: z.coerce.number().min(0).default(5).describe('At most one compacting collection this often (see `HEAP_HEADROOM_MB`); 0: never, for a server that would rather grow than pause'),
  CHAT_REPLAY_BUFFER: positiveInt.default(5000).describe("Events kept per channel (a user's in a room, or a room's presence) for resume (`lastEventId`)"),
  CHAT_REPLAY_MAX_BYTES: positiveInt.default(32 * 1024 * 1024).describe('Bytes (as JSON) of chat events kept for resume, all channels together: in this process, or in Redis for the whole deployment'),
  CHAT_REPLAY_RETENTION_MS: positiveInt.default(10 * 60_000).describe('How long room events are kept for resume'),
  CHAT_ABANDON_GRACE_MS: z.coerce.number().int().min(0).default(10_000).describe('After a user\'s last connection to a room closes: how long before their running answer is cancelled and their session ends (a reconnect within it resumes)'),
  CHAT_MAX_INFLIGHT_PER_USER: positiveInt.default(2).describe('Answers a user may have streaming at once'),
  CHAT_SESSION_LEASE_MS: positiveInt.default(30_000).describe('Lease of an open chat session, renewed by its instance; a crashed instance\'s sessions are ended (and reported) at start-up on SQLite, or by any instance once it runs out'),
  REPORT_CONCURRENCY: positiveInt.default(4).describe('Report jobs run in parallel'),
  REPORT_LEASE_MS: positiveInt.default(30_000).describe('Lease of a running report job, renewed while it runs; a crashed instance\'s job is taken over after it'),
  REPORT_MAX_ATTEMPTS: positiveInt.default(5).describe('Attempts of a report job before its fallback report'),
  REPORT_POLL_MS: positiveInt.default(1000).describe('How often the report worker looks for jobs'),
  REPORT_RETRY_BASE_MS: positiveInt.default(2000).describe('Backoff base between attempts of a report job'),
  REPORT_MODEL_TIMEOUT_MS: positiveInt.default(60_000).describe('The model\'s time limit for one report'),
  RATE_LIMIT_LOGIN_PER_MINUTE: positiveInt.default(10).describe('Failed logins per username and IP (see Login throttling)'),
  RATE_LIMIT_LOGIN_PER_IP_PER_HOUR: positiveInt.default(100).describe('Failed logins per IP, any username'),
  RATE_LIMIT_LOGIN_PER_USERNAME_PER_HOUR: positiveInt.default(50).describe('Failed logins per username from anywhere; past it, only addresses that have not failed for it yet may try'),
  RATE_LIMIT_REGISTER_PER_HOUR: positiveInt.default(30).describe('Registrations per IP'),
  RATE_LIMIT_CHAT_PER_MINUTE: positiveInt.default(30).describe('Chat messages per user'),
  RATE_LIMIT_UPLOAD_PER_HOUR: positiveInt.default(30).describe('HR data uploads per user and per IP'),
  MAX_SOCKETS_PER_USER: positiveInt.default(10).describe('Open authenticated WebSockets per user (tRPC and legacy)'),
  MAX_SUBSCRIPTIONS_PER_SOCKET: positiveInt.default(10).describe('tRPC subscriptions per WebSocket'),
  SOCKET_AUTH_TIMEOUT_MS: positiveInt.default(10_000).describe('A tRPC WebSocket is closed unless it authenticates (its connection params carry a valid token) within this time'),
  MAX_UNAUTHENTICATED_SOCKETS_PER_IP: positiveInt.default(100).describe('tRPC WebSockets waiting to authenticate at once per client address (raise it behind a reverse proxy)'),
  MAX_SOCKET_BUFFER_BYTES: positiveInt.default(1024 * 1024).describe('Unsent bytes before a slow WebSocket reader is cut off'),
  ALLOWED_ORIGINS: z.string().default('').describe('Browser origins allowed to call the API, comma-separated (empty: same origin only; `*`: any)'),
  METRICS_ENABLED: flag.default('true').describe('Serve Prometheus metrics at `GET /metrics` (see Observability)'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional().describe('When set, `/metrics` answers only requests with `Authorization: Bearer` and this token'),
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(0).describe('On SIGTERM/SIGINT: how long `/readyz` answers 503 (draining) before the server stops accepting requests, so load balancers stop sending first'),
  PANEL_ENABLED: flag.optional().describe('tRPC panel at `/panel` (unset: on unless `NODE_ENV=production`)'),
  LEGACY_TRUST_USERNAME: flag.default('false').describe('Legacy `/ws/chat/` protocol: trust the `username` without a token (closed dev setups only; refused with `NODE_ENV=production`)'),
  LEGACY_MAX_FRAME_BYTES: positiveInt.default(64 * 1024).describe('Largest legacy WebSocket frame (bytes)'),
  LEGACY_AUTH_TIMEOUT_MS: positiveInt.default(10_000).describe('A legacy socket opened without a token is closed unless it authenticates within this time'),
  LEGACY_MAX_UNAUTHENTICATED_PER_IP: positiveInt.default(100).describe('Legacy sockets waiting to authenticate at once per client address (raise it behind a reverse proxy)'),
  LEGACY_WEB_DIR: z
    .string()
    .optional()
    .describe('The original frontend\'s build (its `dist/` directory): served at `/` with its client routes; the new web app then moves to `/app/`'),
  CHECKIN_DAILY_CAP: positiveInt.default(20).describe('New proactive check-ins a day, at most'),
  CHECKIN_COOLDOWN_DAYS: positiveInt.default(14).describe('Days before an employee contacted for a check-in may be contacted again'),
  CHECKIN_SCHEDULE_ENABLED: flag.default('true').describe('Run the daily check-in run (selection, invitations, reminders, HR\'s digest) in this process; with several instances, the first to claim the day runs it'),
  CHECKIN_DAILY_AT: z
    .string()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, 'must be a local time of day as HH:MM, e.g. 10:00')
    .default('10:00')
    .describe('Local time of the daily check-in run (`HH:MM`)'),
  CHECKIN_REMIND_AFTER_DAYS: positiveInt.default(3).describe('Days without an answer before the one reminder; as many again before HR\'s digest'),
  TZ: z
    .string()
    .refine((zone) => isTimeZone(zone), 'must be an IANA time zone, e.g. Europe/Paris')
    .optional()
    .describe('IANA time zone of `CHECKIN_DAILY_AT`, e.g. `Europe/Paris` (unset: the system\'s)'),
  SMTP_URL: z
    .string()
    .url('must be a URL such as smtp://user:pass@host:587')
    .regex(/^smtps?:\/\//i, 'must start with smtp:// or smtps://')
    .optional()
    .describe('`smtp://user:pass@host:587` or `smtps://user:pass@host:465` (unset: mail is written to the log, not sent)'),
  MAIL_FROM: z.string().min(1).default('HR assistant <hr-assistant@localhost>').describe('Sender of every mail'),
  HR_ALERT_EMAILS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((address) => address.trim()).filter(Boolean))
    .pipe(z.array(z.string().email('must be a comma-separated list of e-mail addresses')))
    .describe('Comma-separated addresses that get crisis alerts and the check-in digest besides HR users\' own'),
  PUBLIC_URL: z.string().url().optional().describe('Base of the links in mails (unset: `http://<HOST>:<PORT>`)'),
  MAIL_POLL_MS: positiveInt.default(1000).describe('How often the mail worker looks for mail to send'),
  MAIL_LEASE_MS: positiveInt.default(60_000).describe('Lease of a mail being sent'),
  MAIL_RETRY_BASE_MS: positiveInt.default(5000).describe('First wait before a failed mail is tried again; it doubles with each attempt'),
  MAIL_RETRY_MAX_MS: positiveInt.default(10 * 60_000).describe('Longest wait between attempts of a mail'),
  CRISIS_HELP_CONTACTS: z
    .string()
    .min(1)
    .default('your Employee Assistance Programme (24/7, confidential) or, in an emergency, your local emergency number.')
    .describe('Told to an employee whose message shows a crisis sign (self-harm, harassment, burnout)'),
});

export type Env = z.input<typeof envSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function toConfig(env: z.output<typeof envSchema>) {
  const dataDir = path.resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    dataDir,
    summariesDir: path.resolve(env.SUMMARIES_DIR),
    checkins: {
      dailyCap: env.CHECKIN_DAILY_CAP,
      cooldownDays: env.CHECKIN_COOLDOWN_DAYS,
      scheduleEnabled: env.CHECKIN_SCHEDULE_ENABLED,
      dailyAt: env.CHECKIN_DAILY_AT,
      remindAfterDays: env.CHECKIN_REMIND_AFTER_DAYS,
      timeZone: env.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      lowVibeThreshold: 2,
      minVibeResponses: 3,
    },
    crisisHelpContacts: env.CRISIS_HELP_CONTACTS,
    mail: {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      hrAlertEmails: env.HR_ALERT_EMAILS,
      /** Links in mails point here. */
      publicUrl: (env.PUBLIC_URL ?? `http://${env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST}:${env.PORT}`).replace(/\/+$/, ''),
      pollMs: env.MAIL_POLL_MS,
      leaseMs: env.MAIL_LEASE_MS,
      retryBaseMs: env.MAIL_RETRY_BASE_MS,
      retryMaxMs: env.MAIL_RETRY_MAX_MS,
    },
    hrData: { dir: path.join(dataDir, 'uploads'), maxFileBytes: env.UPLOAD_MAX_FILE_BYTES },
    databaseUrl: env.DATABASE_URL ?? path.join(dataDir, 'hr-assistant.sqlite'),
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    logLevel: env.LOG_LEVEL,
    heapHeadroomMb: env.HEAP_HEADROOM_MB,
    heapCompactionMinutes: env.HEAP_COMPACTION_MINUTES,
    sessionLifetimeHours: env.SESSION_LIFETIME_HOURS,
    sessionRecheckMs: env.SESSION_RECHECK_SECONDS * 1000,
    limits: {
      maxMessageChars: env.MAX_MESSAGE_CHARS,
      maxRequestBytes: env.MAX_REQUEST_BYTES,
    },
    mistral: {
      apiKey: env.MISTRAL_API_KEY,
      model: env.MISTRAL_MODEL,
      fallbackModel: env.MISTRAL_FALLBACK_MODEL,
      serverUrl: env.MISTRAL_SERVER_URL,
      httpClient: env.MISTRAL_HTTP_CLIENT,
      retryMaxElapsedMs: env.MISTRAL_RETRY_MAX_ELAPSED_MS,
      retryInitialMs: env.MISTRAL_RETRY_INITIAL_MS,
      firstTokenTimeoutMs: env.MISTRAL_FIRST_TOKEN_TIMEOUT_MS,
      idleTimeoutMs: env.MISTRAL_IDLE_TIMEOUT_MS,
      moderationModel: env.MISTRAL_MODERATION_MODEL,
      /** How long an answer waits for the moderation verdict; a later verdict still reaches HR. */
      moderationTimeoutMs: env.MISTRAL_MODERATION_TIMEOUT_MS,
    },
    assistant: { contextChars: env.ASSISTANT_CONTEXT_CHARS, maxAnswerChars: env.MAX_ANSWER_CHARS },
    chat: {
      replayBuffer: env.CHAT_REPLAY_BUFFER,
      replayMaxBytes: env.CHAT_REPLAY_MAX_BYTES,
      replayRetentionMs: env.CHAT_REPLAY_RETENTION_MS,
      abandonGraceMs: env.CHAT_ABANDON_GRACE_MS,
      maxInflightPerUser: env.CHAT_MAX_INFLIGHT_PER_USER,
      sessionLeaseMs: env.CHAT_SESSION_LEASE_MS,
    },
    reports: {
      concurrency: env.REPORT_CONCURRENCY,
      leaseMs: env.REPORT_LEASE_MS,
      maxAttempts: env.REPORT_MAX_ATTEMPTS,
      pollMs: env.REPORT_POLL_MS,
      retryBaseMs: env.REPORT_RETRY_BASE_MS,
      modelTimeoutMs: env.REPORT_MODEL_TIMEOUT_MS,
    },
    rateLimits: {
      loginPerMinute: env.RATE_LIMIT_LOGIN_PER_MINUTE,
      loginPerIpPerHour: env.RATE_LIMIT_LOGIN_PER_IP_PER_HOUR,
      loginPerUsernamePerHour: env.RATE_LIMIT_LOGIN_PER_USERNAME_PER_HOUR,
      registerPerHour: env.RATE_LIMIT_REGISTER_PER_HOUR,
      chatPerMinute: env.RATE_LIMIT_CHAT_PER_MINUTE,
      uploadPerHour: env.RATE_LIMIT_UPLOAD_PER_HOUR,
    },
    sockets: {
      maxPerUser: env.MAX_SOCKETS_PER_USER,
      maxSubscriptionsPerSocket: env.MAX_SUBSCRIPTIONS_PER_SOCKET,
      maxBufferedBytes: env.MAX_SOCKET_BUFFER_BYTES,
      authTimeoutMs: env.SOCKET_AUTH_TIMEOUT_MS,
      maxUnauthenticatedPerIp: env.MAX_UNAUTHENTICATED_SOCKETS_PER_IP,
    },
    /** Browser origins allowed to call the API cross-origin (empty: same origin only). */
    allowedOrigins: env.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    metrics: { enabled: env.METRICS_ENABLED, token: env.METRICS_TOKEN },
    /** How long /readyz says `draining` before the server stops accepting requests. */
    shutdownDrainMs: env.SHUTDOWN_DRAIN_MS,
    panelEnabled: env.PANEL_ENABLED ?? env.NODE_ENV !== 'production',
    legacy: {
      trustUsername: env.LEGACY_TRUST_USERNAME,
      maxFrameBytes: env.LEGACY_MAX_FRAME_BYTES,
      authTimeoutMs: env.LEGACY_AUTH_TIMEOUT_MS,
      maxUnauthenticatedPerIp: env.LEGACY_MAX_UNAUTHENTICATED_PER_IP,
      /** The original frontend's build, served at `/` (the web app then moves to `/app/`). */
      webDir: env.LEGACY_WEB_DIR ?? null,
    },
  };
}

export type Config = ReturnType<typeof toConfig>;

/**
 * The configuration of `npm start` and the CLIs: the real environment, completed by `.env` in
 * the working directory when there is one (a variable set in the environment wins).
 */
export function loadProcessConfig(envFile = '.env'): Config {
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
  return loadConfig(process.env);
}

/** Parses the environment once; an empty value counts as unset (as in most .env files). */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const known = Object.keys(envSchema.shape);
  const env = Object.fromEntries(
    known.map((key) => [key, source[key] === '' ? undefined : source[key]]),
  );
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  if (parsed.data.NODE_ENV === 'production' && parsed.data.LEGACY_TRUST_USERNAME) {
    throw new ConfigError('Invalid configuration: LEGACY_TRUST_USERNAME: must not be true when NODE_ENV=production (anyone could act as anyone)');
  }
  return toConfig(parsed.data);
}
