import type { AuditLog } from '../audit/audit-log.js';
import type { CrisisEscalation } from '../checkins/escalation.js';
import type { PublicUser } from '../users/user.js';
import type { HrAlert } from './alerts.js';
import type { ReportService } from './report-service.js';

const DAY_MS = 86_400_000;
export const MAX_RECENT_ALERTS = 200;

/**
 * The alerts of the last days as they were told live on `hr.alerts`: crisis escalations and
 * serious reports, newest first. HR signing in on any browser sees what happened while no
 * HR page was open. A read of many people's words: audited (`alert_list`).
 */
export class RecentAlerts {
  constructor(
    private readonly escalations: CrisisEscalation,
    private readonly reports: ReportService,
    private readonly audit: AuditLog,
  ) {}

  async list(reader: PublicUser, days: number): Promise<HrAlert[]> {
    const since = Date.now() - days * DAY_MS;
    const [escalations, reports] = await Promise.all([this.escalations.alertsSince(since, MAX_RECENT_ALERTS), this.reports.alertsSince(since, MAX_RECENT_ALERTS)]);
    const alerts = [...escalations, ...reports].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, MAX_RECENT_ALERTS);
    await this.audit.record(reader, { action: 'alert_list', detail: `${alerts.length} alerts of the last ${days} days` });
    return alerts;
  }
}
