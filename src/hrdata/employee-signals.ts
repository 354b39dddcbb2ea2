import type { HrContext, HrSignalsProvider } from '../assistant/hr-signals.js';
import { FEATURES, type ConcernKind } from './features.js';
import type { EmployeeSignalsSource } from '../reports/report-service.js';
import type { HrDataService } from './hrdata-service.js';

type Month = { month: string } & Record<string, number | string>;
const num = (value: number | string | undefined) => (typeof value === 'number' ? value : 0);

/** What the latest months say, in words (the assistant must never quote numbers). */
export function describeRecentMonths(months: Month[]): string[] {
  const recent = months.slice(-2);
  const words: string[] = [];
  const days = recent.reduce((n, m) => n + num(m.activity_days), 0);
  if (days > 0 && recent.reduce((n, m) => n + num(m.work_hours), 0) / days > 9) words.push('long working days lately');
  const responses = recent.reduce((n, m) => n + num(m.vibe_responses), 0);
  if (responses > 0 && recent.reduce((n, m) => n + num(m.vibe_score), 0) / responses <= 2.5) words.push('low mood in their recent vibe check-ins');
  if (months.length >= 3 && months.slice(-3).every((m) => num(m.leave_days) === 0)) words.push('no leave taken in recent months');
  return words;
}

/** HR data as the assistant's context and as the reports' `hr_signals`. */
export class HrDataSignals implements HrSignalsProvider, EmployeeSignalsSource {
  constructor(
    private readonly hrdata: HrDataService,
    private readonly followUpsFor: (kinds: ConcernKind[]) => Promise<string[]> = async () => [],
  ) {}

  async describe(user: { employeeId: string | null }): Promise<HrContext | null> {
    if (!user.employeeId) return null;
    const employee = await this.hrdata.employee(user.employeeId);
    if (!employee) return null;
    const lines: string[] = [];
    if (employee.flagged) lines.push(`HR's data suggests checking in with them. What stands out: ${employee.concerns.join('; ')}.`);
    const recent = describeRecentMonths(employee.recentSignals as Month[]);
    if (recent.length > 0) lines.push(`Recent signals: ${recent.join('; ')}.`);
    if (lines.length === 0) return null;
    const kinds = employee.concerns.map((words) => FEATURES.find((f) => f.high === words || f.low === words)?.concern).filter((k): k is ConcernKind => !!k);
    if (recent.some((words) => words.includes('mood'))) kinds.push('mood');
    const followUps = await this.followUpsFor(kinds);
    if (followUps.length > 0) lines.push(`Questions HR would like explored, when it fits: ${followUps.join(' ')}`);
    return { text: lines.join('\n'), followUps };
  }

  async reportSignals(employeeId: string) {
    const employee = await this.hrdata.employee(employeeId);
    if (!employee || employee.score === null) return null;
    return { anomaly_score: employee.score, problems: employee.problems };
  }
}
