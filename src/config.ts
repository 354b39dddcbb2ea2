import path from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');
const positiveInt = z.coerce.number().int().positive();

/** Every environment variable the server reads. `.env.example` documents each one. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z.string().min(1).optional(),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  REDIS_URL: z.string().url().optional(),
  REDIS_PREFIX: z.string().min(1).default('hr-assistant:'),
  SUMMARIES_DIR: z.string().min(1).default('summaries'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_LIFETIME_HOURS: positiveInt.default(24 * 30),
  MAX_MESSAGE_CHARS: positiveInt.default(4000),
  MAX_REQUEST_BYTES: positiveInt.default(16 * 1024 * 1024),
  UPLOAD_MAX_FILE_BYTES: positiveInt.default(1024 * 1024 * 1024),
  MISTRAL_API_KEY: z.string().min(1).optional(),
  MISTRAL_MODEL: z.string().min(1).default('mistral-small-latest'),
  MISTRAL_FALLBACK_MODEL: z.string().min(1).optional().default('open-mistral-nemo'),
  MISTRAL_SERVER_URL: z.string().url().optional(),
  MISTRAL_RETRY_MAX_ELAPSED_MS: z.coerce.number().int().min(0).default(8000),
  MISTRAL_RETRY_INITIAL_MS: z.coerce.number().int().min(0).default(300),
  MISTRAL_FIRST_TOKEN_TIMEOUT_MS: positiveInt.default(20_000),
  MISTRAL_IDLE_TIMEOUT_MS: positiveInt.default(20_000),
  ASSISTANT_CONTEXT_CHARS: positiveInt.default(8000),
  CHAT_REPLAY_BUFFER: positiveInt.default(5000),
  CHAT_REPLAY_RETENTION_MS: positiveInt.default(10 * 60_000),
  CHAT_ABANDON_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  CHAT_MAX_INFLIGHT_PER_USER: positiveInt.default(2),
  REPORT_CONCURRENCY: positiveInt.default(4),
  REPORT_LEASE_MS: positiveInt.default(30_000),
  REPORT_MAX_ATTEMPTS: positiveInt.default(5),
  REPORT_POLL_MS: positiveInt.default(1000),
  REPORT_RETRY_BASE_MS: positiveInt.default(2000),
  REPORT_MODEL_TIMEOUT_MS: positiveInt.default(60_000),
  RATE_LIMIT_LOGIN_PER_MINUTE: positiveInt.default(10),
  RATE_LIMIT_REGISTER_PER_HOUR: positiveInt.default(30),
  RATE_LIMIT_CHAT_PER_MINUTE: positiveInt.default(30),
  RATE_LIMIT_UPLOAD_PER_HOUR: positiveInt.default(30),
  MAX_SOCKETS_PER_USER: positiveInt.default(10),
  MAX_SUBSCRIPTIONS_PER_SOCKET: positiveInt.default(10),
  MAX_SOCKET_BUFFER_BYTES: positiveInt.default(1024 * 1024),
  ALLOWED_ORIGINS: z.string().default(''),
  METRICS_ENABLED: flag.default('false'),
  PANEL_ENABLED: flag.optional(),
  LEGACY_TRUST_USERNAME: flag.default('false'),
  LEGACY_MAX_FRAME_BYTES: positiveInt.default(64 * 1024),
  CHECKIN_DAILY_CAP: positiveInt.default(20),
  CHECKIN_COOLDOWN_DAYS: positiveInt.default(14),
  CHECKIN_SCHEDULE_ENABLED: flag.default('true'),
  CRISIS_HELP_CONTACTS: z
    .string()
    .min(1)
    .default('your Employee Assistance Programme (24/7, confidential) or, in an emergency, your local emergency number.'),
});

export type Env = z.input<typeof envSchema>;

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
      lowVibeThreshold: 2,
      minVibeResponses: 3,
    },
    crisisHelpContacts: env.CRISIS_HELP_CONTACTS,
    hrData: { dir: path.join(dataDir, 'uploads'), maxFileBytes: env.UPLOAD_MAX_FILE_BYTES },
    databaseUrl: env.DATABASE_URL ?? path.join(dataDir, 'hr-assistant.sqlite'),
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.REDIS_PREFIX,
    logLevel: env.LOG_LEVEL,
    sessionLifetimeHours: env.SESSION_LIFETIME_HOURS,
    limits: {
      maxMessageChars: env.MAX_MESSAGE_CHARS,
      maxRequestBytes: env.MAX_REQUEST_BYTES,
    },
    mistral: {
      apiKey: env.MISTRAL_API_KEY,
      model: env.MISTRAL_MODEL,
      fallbackModel: env.MISTRAL_FALLBACK_MODEL,
      serverUrl: env.MISTRAL_SERVER_URL,
      retryMaxElapsedMs: env.MISTRAL_RETRY_MAX_ELAPSED_MS,
      retryInitialMs: env.MISTRAL_RETRY_INITIAL_MS,
      firstTokenTimeoutMs: env.MISTRAL_FIRST_TOKEN_TIMEOUT_MS,
      idleTimeoutMs: env.MISTRAL_IDLE_TIMEOUT_MS,
    },
    assistant: { contextChars: env.ASSISTANT_CONTEXT_CHARS },
    chat: {
      replayBuffer: env.CHAT_REPLAY_BUFFER,
      replayRetentionMs: env.CHAT_REPLAY_RETENTION_MS,
      abandonGraceMs: env.CHAT_ABANDON_GRACE_MS,
      maxInflightPerUser: env.CHAT_MAX_INFLIGHT_PER_USER,
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
      registerPerHour: env.RATE_LIMIT_REGISTER_PER_HOUR,
      chatPerMinute: env.RATE_LIMIT_CHAT_PER_MINUTE,
      uploadPerHour: env.RATE_LIMIT_UPLOAD_PER_HOUR,
    },
    sockets: {
      maxPerUser: env.MAX_SOCKETS_PER_USER,
      maxSubscriptionsPerSocket: env.MAX_SUBSCRIPTIONS_PER_SOCKET,
      maxBufferedBytes: env.MAX_SOCKET_BUFFER_BYTES,
    },
    /** Browser origins allowed to call the API cross-origin (empty: same origin only). */
    allowedOrigins: env.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    metricsEnabled: env.METRICS_ENABLED,
    panelEnabled: env.PANEL_ENABLED ?? env.NODE_ENV !== 'production',
    legacy: {
      trustUsername: env.LEGACY_TRUST_USERNAME,
      maxFrameBytes: env.LEGACY_MAX_FRAME_BYTES,
    },
  };
}

export type Config = ReturnType<typeof toConfig>;

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
  return toConfig(parsed.data);
}
