import fs from 'node:fs';
import path from 'node:path';
import type { AuditLog } from '../audit/audit-log.js';
import type { HrDataService } from '../hrdata/hrdata-service.js';
import type { ReportService } from '../reports/report-service.js';
import type { CheckinService } from './checkin-service.js';
import type { CrisisEscalation } from './escalation.js';
import type { PublicUser } from '../users/user.js';

const DAY_MS = 86_400_000;
const LEVELS = ['low', 'medium', 'high', 'critical'] as const;

/**
 * The daily People-Experience report: who was contacted and why, who answered, the day's
 * report risk levels and themes, escalations, and the vibe trend; JSON and Markdown.
 */
export class DailyReportService {
  constructor(
    private readonly hrData: Pick<HrDataService, 'kindMonthlySignals'>,
    private readonly reports: Pick<ReportService, 'risksBetween'>,
    private readonly checkins: CheckinService,
    private readonly escalations: CrisisEscalation,
    private readonly summariesDir: string,
    private readonly audit: AuditLog,
  ) {}

  async build(day: string) {
    const start = Date.parse(`${day}T00:00:00.000Z`);
    const end = start + DAY_MS;
    const contacted = await this.checkins.forDay(day);
    const reports = await this.reports.risksBetween(start, end);
    const riskLevels = Object.fromEntries(LEVELS.map((level) => [level, reports.filter((r) => r.riskLevel === level).length])) as Record<(typeof LEVELS)[number], number>;
    const themeCounts = new Map<string, number>();
    for (const report of reports) {
      for (const concern of new Set(report.concerns)) themeCounts.set(concern, (themeCounts.get(concern) ?? 0) + 1);
    }
    const escalations = (await this.escalations.forDay(start, end)).map((e) => ({
      userId: e.user_id,
      employeeId: e.employee_id,
      room: e.room,
      concern: e.concern,
      at: new Date(Number(e.created_at)),
    }));
    return {
      day,
      contacted: contacted.map((c) => ({ employeeId: c.employeeId, username: c.username, reasons: c.reasons.map((r) => r.words), status: c.status })),
      contactedCount: contacted.length,
      answeredCount: contacted.filter((c) => c.status === 'answered').length,
      sessions: reports.length,
      riskLevels,
      topThemes: [...themeCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([theme, count]) => ({ theme, count })),
      escalations,
      vibeTrend: await this.vibeTrend(),
    };
  }

  /** Company-wide mean vibe per month, from the last import's monthly signals (last six months). */
  private async vibeTrend() {
    const months = new Map<string, { sum: number; responses: number }>();
    for (const periods of await this.hrData.kindMonthlySignals('vibemeter')) {
      for (const [month, values] of Object.entries(periods)) {
        const bucket = months.get(month) ?? { sum: 0, responses: 0 };
        bucket.sum += values.vibe_score ?? 0;
        bucket.responses += values.vibe_responses ?? 0;
        months.set(month, bucket);
      }
    }
    return [...months]
      .sort(([a], [b]) => a.localeCompare(b))
      .slice(-6)
      .map(([month, { sum, responses }]) => ({ month, meanVibe: responses > 0 ? Math.round((sum / responses) * 100) / 100 : null, responses }));
  }

  /** Builds the day's report and writes it under summaries/ as JSON and Markdown (replacing an earlier version of that day); audited when HR asks for it. */
  async produce(day: string, reader?: PublicUser) {
    const report = await this.build(day);
    if (reader) await this.audit.record(reader, { action: 'daily_report', detail: `day ${day}` });
    await fs.promises.mkdir(this.summariesDir, { recursive: true });
    const base = path.join(this.summariesDir, `people_experience_${day}`);
    await writeAtomically(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
    await writeAtomically(`${base}.md`, toMarkdown(report));
    return { report, files: { json: path.basename(`${base}.json`), markdown: path.basename(`${base}.md`) } };
  }
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(temp, content);
  await fs.promises.rename(temp, file);
}

type DailyReport = Awaited<ReturnType<DailyReportService['build']>>;

function toMarkdown(report: DailyReport): string {
  const lines = [
    `# People-Experience report — ${report.day}`,
    '',
    `- Employees contacted: **${report.contactedCount}**, of whom answered: **${report.answeredCount}**`,
    `- Chat sessions reported: **${report.sessions}** (risk: ${Object.entries(report.riskLevels).map(([level, n]) => `${level} ${n}`).join(', ')})`,
    `- Escalations: **${report.escalations.length}**`,
    '',
    '## Contacted and why',
    '',
    ...(report.contacted.length === 0 ? ['Nobody today.'] : ['| employee | user | why | status |', '|---|---|---|---|', ...report.contacted.map((c) => `| ${c.employeeId} | ${c.username} | ${c.reasons.join('; ')} | ${c.status} |`)]),
    '',
    '## Top themes',
    '',
    ...(report.topThemes.length === 0 ? ['None reported.'] : report.topThemes.map((t) => `- ${t.theme} (${t.count})`)),
    '',
    '## Escalations',
    '',
    ...(report.escalations.length === 0 ? ['None.'] : report.escalations.map((e) => `- ${e.at.toISOString()} — ${e.employeeId ?? `user ${e.userId}`}: ${e.concern} (room ${e.room})`)),
    '',
    '## Vibe trend',
    '',
    ...(report.vibeTrend.length === 0 ? ['No vibe data imported.'] : ['| month | mean vibe | responses |', '|---|---|---|', ...report.vibeTrend.map((v) => `| ${v.month} | ${v.meanVibe ?? '–'} | ${v.responses} |`)]),
    '',
  ];
  return lines.join('\n');
}
