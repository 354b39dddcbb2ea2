import type { AuditLog } from '../audit/audit-log.js';
import type { EventBus } from '../bus/event-bus.js';
import type { Logger } from '../logger.js';
import type { MessageRepository } from '../messages/message-repository.js';
import type { UserRepository } from '../users/user-repository.js';
import type { PublicUser } from '../users/user.js';
import { HR_ALERTS_CHANNEL, type HrAlert } from './alerts.js';
import type { ReportGenerator } from './report-generator.js';
import type { ReportJob, ReportQuery, ReportRepository, ReportRow } from './report-repository.js';
import { reportFileSchema, type ReportFile, type ReportHrSignals } from './report-schema.js';
import { reportStem, writeReportFile } from './report-writer.js';

/** Where reports learn an employee's HR-data signals (the HR-data module provides it). */
export interface EmployeeSignalsSource {
  reportSignals(employeeId: string): Promise<ReportHrSignals | null>;
}

export const noEmployeeSignals: EmployeeSignalsSource = { reportSignals: async () => null };

export interface ReportSummary {
  id: number;
  userId: number;
  employeeId: string;
  sessionId: string;
  reportDate: Date;
  source: 'mistral' | 'fallback';
  riskLevel: ReportRow['risk_level'];
  riskScore: number;
  escalate: boolean;
  fileName: string;
}

function toSummary(row: ReportRow): ReportSummary {
  return {
    id: row.id,
    userId: row.user_id,
    employeeId: row.employee_id,
    sessionId: row.session_id,
    reportDate: new Date(row.report_date),
    source: row.source,
    riskLevel: row.risk_level,
    riskScore: row.risk_score,
    escalate: row.escalate === 1,
    fileName: row.file_name,
  };
}

/** A report HR is alerted to: high or critical risk, or marked for escalation. */
const isSerious = (row: ReportRow) => row.risk_level === 'high' || row.risk_level === 'critical' || row.escalate === 1;

function toAlert(row: ReportRow, report: ReportFile, at: Date): HrAlert {
  return {
    type: 'report',
    reportId: row.id,
    userId: row.user_id,
    employeeId: row.employee_id,
    riskLevel: row.risk_level,
    riskScore: row.risk_score,
    escalate: row.escalate === 1,
    summary: report.report.employee_summary,
    at,
  };
}

/** Turns ended chat sessions into HR reports: the job on session end, the report in the worker. */
export class ReportService {
  constructor(
    private readonly repository: ReportRepository,
    private readonly messages: MessageRepository,
    private readonly users: UserRepository,
    private readonly generator: ReportGenerator,
    private readonly signals: EmployeeSignalsSource,
    private readonly alerts: EventBus<HrAlert>,
    private readonly summariesDir: string,
    private readonly logger: Logger,
    private readonly audit: AuditLog,
  ) {}

  /** Records the report job for a session that just ended (nothing if the employee said nothing new). */
  enqueue(userId: number, room: string): Promise<ReportJob | null> {
    return this.repository.enqueueSession(userId, room);
  }

  /** How many report jobs are in each status (for /metrics). */
  jobCounts(): Promise<Record<string, number>> {
    return this.repository.countJobsByStatus();
  }

  /** Produces the report of one job. Safe to run again for the same job: same file, one row. */
  async produce(job: ReportJob, signal: AbortSignal = new AbortController().signal): Promise<ReportRow> {
    const user = await this.users.findById(job.user_id);
    if (!user) throw new Error(`user ${job.user_id} no longer exists`);
    const conversation = await this.messages.span(job.user_id, job.room, job.first_message_id, job.last_message_id);
    const employeeId = reportStem(user.employee_id, user.id);
    const signals = user.employee_id ? await this.signals.reportSignals(user.employee_id) : null;
    const { body, source } = await this.generator.generate(conversation, signals, signal);
    const report: ReportFile = reportFileSchema.parse({
      employee_id: employeeId,
      session_id: `session-${job.id}`,
      report_date: new Date(job.created_at).toISOString(),
      source,
      report: body,
      hr_signals: signals,
      conversation: {
        messages: conversation.length,
        first_at: conversation[0]!.createdAt.toISOString(),
        last_at: conversation[conversation.length - 1]!.createdAt.toISOString(),
      },
    });
    const fileName = await writeReportFile(this.summariesDir, employeeId, report);
    const row = await this.repository.complete(job.id, {
      job_id: job.id,
      user_id: user.id,
      employee_id: employeeId,
      session_id: report.session_id,
      report_date: job.created_at,
      source,
      risk_level: body.risk_assessment.level,
      risk_score: body.risk_assessment.score,
      escalate: body.escalate_to_hr ? 1 : 0,
      file_name: fileName,
      content: JSON.stringify(report),
    });
    await this.alertIfSerious(row, report);
    return row;
  }

  /** HR's list (audited as one read; about one person when filtered by `employeeId`). */
  async list(reader: PublicUser, query: ReportQuery) {
    const { items, nextCursor } = await this.repository.list(query);
    const subject = query.employeeId ? { employeeId: query.employeeId } : undefined;
    await this.audit.record(reader, { action: 'report_list', subject, detail: `${items.length} reports` });
    return { items: items.map(toSummary), nextCursor };
  }

  /** The risk level and concerns of each report written in [start, end) (for the daily report's counts; names nobody). */
  risksBetween(start: number, end: number) {
    return this.repository.risksBetween(start, end);
  }

  async get(reader: PublicUser, id: number): Promise<(ReportSummary & { report: ReportFile }) | null> {
    const row = await this.repository.get(id);
    if (!row) return null;
    await this.audit.record(reader, { action: 'report', subject: { userId: row.user_id }, detail: `report ${row.id}` });
    return { ...toSummary(row), report: reportFileSchema.parse(JSON.parse(row.content)) };
  }

  private async alertIfSerious(row: ReportRow, report: ReportFile): Promise<void> {
    if (!isSerious(row)) return;
    await this.alerts.publish(HR_ALERTS_CHANNEL, toAlert(row, report, new Date())).catch((error) => this.logger.error({ err: error }, 'could not publish the HR alert'));
  }

  /** The reports written since `start` that were alerts (high or critical risk, or to escalate), newest first, at most `limit`. */
  async alertsSince(start: number, limit: number): Promise<HrAlert[]> {
    const rows = await this.repository.seriousSince(start, limit);
    return rows.map((row) => toAlert(row, reportFileSchema.parse(JSON.parse(row.content)), new Date(row.report_date)));
  }
}
