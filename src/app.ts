import type { AddressInfo } from 'node:net';
import { Assistant } from './assistant/assistant.js';
import { createMistralClient, retryPolicy } from './assistant/mistral-client.js';
import { MistralProvider } from './assistant/mistral-provider.js';
import { OfflineResponder } from './assistant/offline-responder.js';
import type { ReplyProvider } from './assistant/conversation.js';
import { AuthService } from './auth/auth-service.js';
import { createEventBus } from './bus/create-bus.js';
import { ChatService } from './chat/chat-service.js';
import { LocalPresence } from './chat/presence.js';
import { RedisPresence } from './chat/redis-presence.js';
import type { RoomEnvelope } from './chat/events.js';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { createHttpServer } from './http/server.js';
import { ConnectionRegistry } from './http/connections.js';
import { createMetricsRoute } from './http/metrics.js';
import { createPanelRoute } from './http/panel.js';
import { createLegacyRestRoutes } from './legacy/rest-adapter.js';
import { createLegacyChatAdapter } from './legacy/ws-adapter.js';
import { RateLimits } from './limits/rate-limits.js';
import { HrDataRepository } from './hrdata/hrdata-repository.js';
import { HrDataService } from './hrdata/hrdata-service.js';
import { HrDataSignals } from './hrdata/employee-signals.js';
import { CheckinService } from './checkins/checkin-service.js';
import { CrisisEscalation } from './checkins/escalation.js';
import { DailyReportService } from './checkins/daily-report.js';
import { QuestionBankStore } from './checkins/question-bank.js';
import { createLogger, type Logger } from './logger.js';
import { Redis } from 'ioredis';
import { MessageRepository } from './messages/message-repository.js';
import { MessageService } from './messages/message-service.js';
import { createReporting } from './reports/reporting.js';
import type { AppServices } from './services.js';
import { UserRepository } from './users/user-repository.js';

export interface App {
  services: AppServices;
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

export function createAssistant(config: Config, logger: Logger): Assistant {
  const providers: ReplyProvider[] = [];
  const client = createMistralClient(config.mistral);
  if (client) {
    const common = {
      retries: retryPolicy(config.mistral),
      firstTokenTimeoutMs: config.mistral.firstTokenTimeoutMs,
      idleTimeoutMs: config.mistral.idleTimeoutMs,
    };
    providers.push(new MistralProvider(client, { model: config.mistral.model, ...common }));
    if (config.mistral.fallbackModel && config.mistral.fallbackModel !== config.mistral.model) {
      providers.push(new MistralProvider(client, { model: config.mistral.fallbackModel, ...common }));
    }
  } else {
    logger.info('MISTRAL_API_KEY is not set: the assistant answers offline');
  }
  providers.push(new OfflineResponder());
  return new Assistant(providers, logger.child({ module: 'assistant' }));
}

/** Composition root: storage, then services, then transports. */
export async function createApp(config: Config, logger = createLogger(config.logLevel)): Promise<App> {
  const database = openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');

  const users = new UserRepository(database.db);
  const limitsRedis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
  limitsRedis?.on('error', () => {}); // outages are logged by the bus; limits fall back to memory
  // Without the offline queue, commands sent before the first connect would fail over to the
  // in-memory insurance limiter, splitting the counts between two stores.
  if (limitsRedis) await readyOrTimeout(limitsRedis, 2000);
  const limits = new RateLimits(config.rateLimits, limitsRedis && { client: limitsRedis, prefix: config.redisPrefix });
  const messageRepository = new MessageRepository(database.db);
  const bus = createEventBus<RoomEnvelope>(config, logger, {
    replayBuffer: config.chat.replayBuffer,
    retentionMs: config.chat.replayRetentionMs,
  });
  const hrdata = new HrDataService(new HrDataRepository(database.db), limits, logger.child({ module: 'hrdata' }));
  await hrdata.start();
  const questionBank = new QuestionBankStore(database.db);
  const checkins = new CheckinService(database.db, questionBank, config.checkins, logger.child({ module: 'checkins' }));
  const hrSignals = new HrDataSignals(hrdata, (kinds) => checkins.followUpsFor(kinds));
  const reporting = createReporting({ config, database, users, messages: messageRepository, logger, signals: hrSignals });
  const crisis = new CrisisEscalation(database.db, reporting.alerts, config.crisisHelpContacts, logger.child({ module: 'escalation' }));

  const presence = config.redisUrl
    ? new RedisPresence(config.redisUrl, config.redisPrefix, logger.child({ module: 'presence' }))
    : new LocalPresence();
  const chat = new ChatService(bus, presence, messageRepository, createAssistant(config, logger), hrSignals, logger.child({ module: 'chat' }), {
    contextChars: config.assistant.contextChars,
    abandonGraceMs: config.chat.abandonGraceMs,
    maxInflightPerUser: config.chat.maxInflightPerUser,
    maxMessageChars: config.limits.maxMessageChars,
  }, limits, { checkins, crisis });

  chat.onSessionEnded(({ user, room }) => {
    reporting.service
      .enqueue(user.id, room)
      .then((job) => job && reporting.worker.kick())
      .catch((error) => logger.error({ err: error, userId: user.id, room }, 'could not record the report job'));
  });

  const connections = new ConnectionRegistry(config.sockets.maxPerUser);
  const auth = new AuthService(database.db, users, config.sessionLifetimeHours, limits);
  auth.onRevoked((revocation) =>
    'sessionId' in revocation
      ? connections.closeSession(revocation.sessionId, 'session ended')
      : connections.closeUser(revocation.userId, 'sessions ended'),
  );

  const services: AppServices = {
    config,
    logger,
    database,
    bus,
    auth,
    connections,
    messages: new MessageService(messageRepository, users, config.limits.maxMessageChars),
    chat,
    reports: reporting.service,
    alerts: reporting.alerts,
    hrdata,
    checkins,
    questionBank,
    dailyReports: new DailyReportService(database.db, checkins, crisis, config.summariesDir),
  };

  const legacyChat = createLegacyChatAdapter(services);
  const http = createHttpServer(services, {
    routes: [createMetricsRoute(services), createPanelRoute(services), createLegacyRestRoutes(services)],
    upgrades: [legacyChat.upgrade],
    onClose: legacyChat.close,
  });

  let dailyTimer: NodeJS.Timeout | null = null;
  return {
    services,
    async listen(port = config.port, host = config.host) {
      await reporting.recover();
      if (config.checkins.scheduleEnabled) {
        // The daily check-in selection: once at start-up, then every 24 hours.
        const selectToday = () => checkins.selectDaily().catch((error) => logger.error({ err: error }, 'daily check-in selection failed'));
        void selectToday();
        dailyTimer = setInterval(selectToday, 24 * 3600_000);
        dailyTimer.unref();
      }
      return new Promise((resolve, reject) => {
        http.server.once('error', reject);
        http.server.listen(port, host, () => {
          const address = http.server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve({ port: address.port, url: `http://${shownHost}:${address.port}` });
        });
      });
    },
    async close() {
      if (dailyTimer) clearInterval(dailyTimer);
      await chat.close();
      await http.close();
      await reporting.close();
      await bus.close();
      limitsRedis?.disconnect();
      await database.close();
    },
  };
}

function readyOrTimeout(redis: Redis, ms: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    redis.once('ready', done);
  });
}
