import type { AuthService } from './auth/auth-service.js';
import type { ChatService } from './chat/chat-service.js';
import type { ConnectionRegistry } from './http/connections.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import type { Logger } from './logger.js';
import type { MessageService } from './messages/message-service.js';
import type { EventBus } from './bus/event-bus.js';
import type { HrAlert } from './reports/alerts.js';
import type { RoomEnvelope } from './chat/events.js';
import type { ReportService } from './reports/report-service.js';
import type { HrDataService } from './hrdata/hrdata-service.js';
import type { CheckinService } from './checkins/checkin-service.js';
import type { DailyReportService } from './checkins/daily-report.js';
import type { QuestionBankStore } from './checkins/question-bank.js';

/** The domain services every transport (tRPC, legacy WebSocket, legacy REST) calls. */
export interface AppServices {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  /** The chat rooms' event bus (in-process, or Redis). */
  bus: EventBus<RoomEnvelope>;
  auth: AuthService;
  messages: MessageService;
  chat: ChatService;
  /** Open authenticated WebSockets, for per-user limits and closing on logout. */
  connections: ConnectionRegistry;
  reports: ReportService;
  alerts: EventBus<HrAlert>;
  hrdata: HrDataService;
  checkins: CheckinService;
  questionBank: QuestionBankStore;
  dailyReports: DailyReportService;
}
