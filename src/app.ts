import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Assistant } from './assistant/assistant.js';
import { createMistralClient, loadMistralSdk, retryPolicy } from './assistant/mistral-client.js';
import { MistralProvider } from './assistant/mistral-provider.js';
import { OfflineResponder } from './assistant/offline-responder.js';
import { MoodTips } from './assistant/mood-tips.js';
import type { ReplyProvider } from './assistant/conversation.js';
import { AuthService } from './auth/auth-service.js';
import { InviteService } from './auth/invite-service.js';
import { createEventBus } from './bus/create-bus.js';
import { ChatService } from './chat/chat-service.js';
import { LocalPresence } from './chat/presence.js';
import { OpenSessions } from './chat/open-sessions.js';
import { RedisPresence } from './chat/redis-presence.js';
import type { RoomEnvelope } from './chat/events.js';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrator.js';
import { createHttpServer, type Lifecycle } from './http/server.js';
import { ConnectionRegistry } from './http/connections.js';
import { closeSocketsOnRevocation, type SocketClosing } from './http/revocations.js';
import { startSessionRecheck } from './http/session-recheck.js';
import { createMetricsRoute } from './http/metrics.js';
import { createPanelRoute } from './http/panel.js';
import { createRestApiRoute } from './http/rest-api.js';
import { createWebAppRoute, WEB_DIST_DIR } from './http/web-app.js';
import { createHrDataExportRoute } from './http/hrdata-export.js';
import { createLegacyRestRoutes } from './legacy/rest-adapter.js';
import { createLegacyChatAdapter } from './legacy/ws-adapter.js';
import { createLegacyFrontendRoutes } from './legacy/frontend-routes.js';
import { RateLimits } from './limits/rate-limits.js';
import { HrDataRepository } from './hrdata/hrdata-repository.js';
import { VersionFiles } from './hrdata/version-files.js';
import { HrDataService } from './hrdata/hrdata-service.js';
import { HrUploadPipeline } from './hrdata/upload-pipeline.js';
import { HrDataSignals } from './hrdata/employee-signals.js';
import { CheckinService } from './checkins/checkin-service.js';
import { CrisisEscalation } from './checkins/escalation.js';
import { RecentAlerts } from './reports/recent-alerts.js';
import { createSafetyScreen } from './safety/screen.js';
import { DailyReportService } from './checkins/daily-report.js';
import { QuestionBankStore } from './checkins/question-bank.js';
import { DailySchedule } from './checkins/daily-schedule.js';
import { createMailing } from './mail/mailing.js';
import { CheckinMail } from './notifications/checkin-mail.js';
import { EscalationMail } from './notifications/escalation-mail.js';
import { NotificationSettingsStore } from './users/notification-settings.js';
import { createLogger, type Logger } from './logger.js';
import { Redis } from 'ioredis';
import { MessageRepository } from './messages/message-repository.js';
import { MessageService } from './messages/message-service.js';
import { createReporting } from './reports/reporting.js';
import type { AppServices } from './services.js';
import { UserRepository } from './users/user-repository.js';
import { AuditLog } from './audit/audit-log.js';
import { AuditRepository } from './audit/audit-repository.js';
import { UserService } from './users/user-service.js';

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
      maxAnswerChars: config.assistant.maxAnswerChars,
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
  const lifecycle: Lifecycle = { migrated: false, draining: false };
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  lifecycle.migrated = true;

  const users = new UserRepository(database.db);
  const audit = new AuditLog(new AuditRepository(database.db), users);
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
    maxBytes: config.chat.replayMaxBytes,
  });
  const hrdata = new HrDataService(new HrDataRepository(database.db, database.dialect === 'sqlite' ? new VersionFiles(path.join(config.dataDir, 'hrdata-versions')) : null), logger.child({ module: 'hrdata' }), audit, (ids) => users.namesOf(ids));
  await hrdata.start(config.hrData.dir);
  const questionBank = new QuestionBankStore(database.db);
  const mailing = createMailing({ config, database, logger });
  const mailSettings = { publicUrl: config.mail.publicUrl, timeZone: config.checkins.timeZone, hrAlertEmails: config.mail.hrAlertEmails };
  const checkinMail = new CheckinMail(database.db, mailing.outbox, { ...mailSettings, remindAfterDays: config.checkins.remindAfterDays }, logger.child({ module: 'checkin-mail' }));
  const checkins = new CheckinService(database.db, hrdata, questionBank, config.checkins, logger.child({ module: 'checkins' }), audit, (trx, checkin, now) =>
    checkinMail.selected(trx, checkin, now),
  );
  const dailyCheckins = new DailySchedule(
    database.db,
    database.dialect,
    { selectDaily: (now) => checkins.selectDaily(now), followUp: (now) => checkinMail.followUp(now) },
    config.checkins,
    logger.child({ module: 'daily-checkins' }),
  );
  const hrSignals = new HrDataSignals(hrdata, (kinds) => checkins.followUpsFor(kinds));
  // The assistant's HR context is cached; an import or a saved question bank on any instance clears it everywhere.
  const hrContextChanges = createEventBus<{ at: number }>(config, logger, { replayBuffer: 1, retentionMs: 60_000 });
  await hrSignals.watch(hrContextChanges);
  hrdata.onImported(() => hrSignals.changed());
  questionBank.onSaved(() => hrSignals.changed());
  const reporting = createReporting({ config, database, users, messages: messageRepository, logger, signals: hrSignals, audit });
  const safety = createSafetyScreen(config.mistral, logger.child({ module: 'safety' }));
  const crisis = new CrisisEscalation(database.db, safety, reporting.alerts, config.crisisHelpContacts, logger.child({ module: 'escalation' }), new EscalationMail(mailing.outbox, mailSettings));

  const presence = config.redisUrl
    ? new RedisPresence(config.redisUrl, config.redisPrefix, logger.child({ module: 'presence' }))
    : new LocalPresence();
  const assistant = createAssistant(config, logger);
  // On SQLite this is the only instance: nobody else writes its conversations and sessions.
  const singleInstance = database.dialect === 'sqlite';
  const chat = new ChatService(bus, presence, messageRepository, assistant, hrSignals, logger.child({ module: 'chat' }), {
    contextChars: config.assistant.contextChars,
    abandonGraceMs: config.chat.abandonGraceMs,
    maxInflightPerUser: config.chat.maxInflightPerUser,
    maxMessageChars: config.limits.maxMessageChars,
    sessionLeaseMs: config.chat.sessionLeaseMs,
    singleInstance,
  }, limits, new OpenSessions(database.db, config.chat.sessionLeaseMs, singleInstance), { checkins, crisis });

  chat.onSessionEnded(async ({ userId, room }) => {
    if (await reporting.service.enqueue(userId, room)) reporting.worker.kick();
  });

  const connections = new ConnectionRegistry(config.sockets.maxPerUser);
  const userService = new UserService(users, hrdata, audit);
  const invites = new InviteService(database.db, userService);
  const auth = new AuthService(database.db, users, config.sessionLifetimeHours, limits);
  const revocations = createEventBus<SocketClosing>(config, logger, { replayBuffer: 1, retentionMs: 60_000 });
  const closeSocketsEverywhere = await closeSocketsOnRevocation(auth, revocations, connections);
  const stopSessionRecheck = startSessionRecheck(auth, connections, config.sessionRecheckMs, logger);
  // Open sockets carry the user as it was when they connected: a changed link reconnects them, on every instance.
  userService.onLinkChanged((userId) =>
    closeSocketsEverywhere({ userId, reason: 'account link changed' }).catch((error) =>
      logger.error({ err: error, userId }, 'could not close the sockets of a relinked account'),
    ),
  );

  const services: AppServices = {
    config,
    logger,
    database,
    bus,
    auth,
    invites,
    users: userService,
    connections,
    messages: new MessageService(messageRepository, users, config.limits.maxMessageChars, audit),
    chat,
    reports: reporting.service,
    alerts: reporting.alerts,
    hrdata,
    hrUploads: new HrUploadPipeline(hrdata, limits, config.hrData),
    checkins,
    questionBank,
    dailyReports: new DailyReportService(hrdata, reporting.service, checkins, crisis, config.summariesDir, audit),
    recentAlerts: new RecentAlerts(crisis, reporting.service, audit),
    audit,
    dailyCheckins,
    notificationSettings: new NotificationSettingsStore(database.db),
    moodTips: new MoodTips(assistant, logger.child({ module: 'mood-tips' })),
  };

  const legacyChat = createLegacyChatAdapter(services);
  const http = createHttpServer(services, {
    // The web app last: it answers any other page path with the app.
    routes: [createMetricsRoute(services, { mailOutbox: () => mailing.outbox.countByStatus() }), createPanelRoute(services), createHrDataExportRoute(services), createRestApiRoute(services), createLegacyRestRoutes(services), createLegacyFrontendRoutes(services), ...webApps(config)],
    upgrades: [legacyChat.upgrade],
    onClose: legacyChat.close,
    lifecycle,
  });

  return {
    services,
    async listen(port = config.port, host = config.host) {
      await reporting.recover();
      // SQLite serves one instance: every session a previous run left open was left by a crash.
      await chat.startSessionLeases({ singleInstance });
      await mailing.start();
      if (config.checkins.scheduleEnabled) await dailyCheckins.start();
      return new Promise((resolve, reject) => {
        http.server.once('error', reject);
        http.server.listen(port, host, () => {
          const address = http.server.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          resolve({ port: address.port, url: `http://${shownHost}:${address.port}` });
          // Off the start-up path, so that the first answer does not wait for the import either.
          if (config.mistral.apiKey) loadMistralSdk().catch((error: unknown) => logger.error({ err: error }, 'could not load the Mistral SDK'));
        });
      });
    },
    async close() {
      // /readyz says so first, so that load balancers stop sending before the server stops accepting.
      lifecycle.draining = true;
      if (config.shutdownDrainMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
      dailyCheckins.stop();
      stopSessionRecheck();
      await chat.close();
      await http.close();
      await reporting.close();
      await mailing.close();
      await bus.close();
      await revocations.close();
      await hrContextChanges.close();
      await hrdata.close();
      limitsRedis?.disconnect();
      await database.close();
    },
  };
}

/** The web app at `/`; with LEGACY_WEB_DIR the original frontend there instead, and the web app at `/app/`. */
function webApps(config: Config) {
  return config.legacy.webDir ? [createWebAppRoute(WEB_DIST_DIR, '/app/'), createWebAppRoute(config.legacy.webDir, '/')] : [createWebAppRoute()];
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
