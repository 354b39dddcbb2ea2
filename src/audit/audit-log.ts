import { z } from 'zod';
import { AppError } from '../errors.js';
import type { UserRepository } from '../users/user-repository.js';
import type { PublicUser } from '../users/user.js';
import type { AuditQuery, AuditRepository } from './audit-repository.js';

/**
 * What counts as reading a person's data, and is recorded when HR does it to someone else:
 * - `messages`: a person's chat messages (`messages.list` with another `userId`; legacy `GET /api/messages/<id>/`)
 * - `report`: one HR report in full (`reports.get`)
 * - `report_list`: report summaries with each person's risk level (`reports.list`)
 * - `hr_employee`: one employee's HR data (`hrdata.employee`), check-ins (`checkins.history`) and linked account (`users.byEmployeeId`)
 * - `hr_flagged`: the flagged employees and why (`hrdata.flagged`; the legacy upload's answer)
 * - `hr_export`: every employee's master row (`hrdata.export`)
 * - `hr_directory`: the employee directory's names, e-mails and departments (`hrdata.directory`)
 * - `daily_report`: who was contacted and why, escalations (`reports.daily`)
 * - `alert_list`: the stored alerts of the last days, crisis escalations with the employee's words among them (`hr.recentAlerts`)
 * Not recorded: aggregates with no person in them (`hrdata.summary`, `hrdata.status`), the
 * question bank, live `hr.alerts`, actions rather than reads (`checkins.runDaily`, whose
 * selection and reasons HR reads back through the audited `reports.daily`; `messages.store`
 * for someone), the assistant's and the report worker's own use of the data, and anyone
 * reading their own data.
 */
export const AUDIT_ACTIONS = ['messages', 'report', 'report_list', 'hr_employee', 'hr_flagged', 'hr_export', 'hr_directory', 'daily_report', 'alert_list'] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

export interface AuditRead {
  action: AuditAction;
  /** Whose data; omitted for a read of many people at once (a list, an export). */
  subject?: { userId?: number | undefined; employeeId?: string | null | undefined };
  /** What exactly, in a few words: `report 12`, `50 messages`, `employeeId EMP0001`. */
  detail?: string;
}

/** The audit trail of HR's reads of other people's messages, reports and HR data. */
export class AuditLog {
  constructor(
    private readonly repository: AuditRepository,
    private readonly users: UserRepository,
  ) {}

  /**
   * Records one read before its data is handed out (a read that cannot be recorded fails).
   * The subject's account and employee ID are completed from each other where linked.
   */
  async record(actor: PublicUser, read: AuditRead, now = Date.now()): Promise<void> {
    let userId = read.subject?.userId ?? null;
    let employeeId = read.subject?.employeeId ?? null;
    if (userId === actor.id) return; // one's own data
    if (userId !== null && employeeId === null) employeeId = (await this.users.findById(userId))?.employee_id ?? null;
    else if (employeeId !== null && userId === null) userId = (await this.users.findByEmployeeId(employeeId))?.id ?? null;
    if (userId === actor.id) return;
    await this.repository.insert({
      actor_id: actor.id,
      subject_user_id: userId,
      subject_employee_id: employeeId,
      action: read.action,
      detail: read.detail ?? null,
      created_at: now,
    });
  }

  /** Newest first; `userId` filters by whose data was read. */
  async list(query: AuditQuery) {
    if (query.from && query.to && query.from > query.to) throw new AppError('BAD_REQUEST', 'from: must not be after to');
    const { items, nextCursor } = await this.repository.page(query);
    return {
      items: items.map((row) => ({
        id: row.id,
        at: new Date(Number(row.created_at)),
        actor: { userId: row.actor_id, username: row.actor_username },
        subject:
          row.subject_user_id === null && row.subject_employee_id === null
            ? null
            : { userId: row.subject_user_id, username: row.subject_username, employeeId: row.subject_employee_id },
        action: auditActionSchema.parse(row.action),
        detail: row.detail,
      })),
      nextCursor,
    };
  }
}
