import type { RecentAlerts } from './reports/recent-alerts.js';
import type { AuditLog } from './audit/audit-log.js';
import type { AuthService } from './auth/auth-service.js';
import type { InviteService } from './auth/invite-service.js';
import type { UserService } from './users/user-service.js';
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
import type { HrUploadPipeline } from './hrdata/upload-pipeline.js';
import type { CheckinService } from './checkins/checkin-service.js';
import type { DailyReportService } from './checkins/daily-report.js';
import type { QuestionBankStore } from './checkins/question-bank.js';
import type { DailySchedule } from './checkins/daily-schedule.js';
import type { NotificationSettingsStore } from './users/notification-settings.js';
import type { MoodTips } from './assistant/mood-tips.js';

/** The domain services every transport (tRPC, legacy WebSocket, legacy REST) calls. */
export interface AppServices {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  /** The chat rooms' event bus (in-process, or Redis). */
  bus: EventBus<RoomEnvelope>;
  auth: AuthService;
  /** HR's invites that link an account to an employee ID at registration. */
  invites: InviteService;
  /** Accounts and their employee links, as HR manages them. */
  users: UserService;
  messages: MessageService;
  chat: ChatService;
  /** Open authenticated WebSockets, for per-user limits and closing on logout. */
  connections: ConnectionRegistry;
  reports: ReportService;
  alerts: EventBus<HrAlert>;
  hrdata: HrDataService;
  /** The one way HR data comes in (gate, staging, checks), for every transport. */
  hrUploads: HrUploadPipeline;
  checkins: CheckinService;
  questionBank: QuestionBankStore;
  dailyReports: DailyReportService;
  recentAlerts: RecentAlerts;
  /** The daily check-in run (selection, invitations, reminders, HR's digest), once a day across instances. */
  dailyCheckins: DailySchedule;
  /** Each user's mail preferences. */
  notificationSettings: NotificationSettingsStore;
  /** HR's reads of other people's data. */
  audit: AuditLog;
  /** The assistant's wellbeing tips for a mood score (legacy `POST /employee/ai-mood-tips/`). */
  moodTips: MoodTips;
}
