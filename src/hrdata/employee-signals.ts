import type { HrContext, HrSignalsProvider } from '../assistant/hr-signals.js';
import { concernKindOf, type ConcernKind } from './features.js';
import type { EmployeeSignalsSource } from '../reports/report-service.js';
import type { HrDataService } from './hrdata-service.js';
import type { EventBus } from '../bus/event-bus.js';

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

/** Where instances tell each other that HR data or the question bank changed. */
export const HR_CONTEXT_CHANNEL = 'hr-context-changed';
/** Employees whose context is kept; beyond this the longest-kept is read again when next needed. */
const CACHED_EMPLOYEES = 10_000;

/**
 * HR data as the assistant's context and as the reports' `hr_signals`. The assistant's
 * context is read once per employee and kept until HR data is imported or the question
 * bank is saved, on any instance (`watch`). It is keyed by employee ID, so a changed
 * account link reads the newly linked employee's.
 */
export class HrDataSignals implements HrSignalsProvider, EmployeeSignalsSource {
  private readonly contexts = new Map<string, Promise<HrContext | null>>();
  private changes: EventBus<{ at: number }> | null = null;

  constructor(
    private readonly hrdata: HrDataService,
    private readonly followUpsFor: (kinds: ConcernKind[]) => Promise<string[]> = async () => [],
  ) {}

  /** Forgets the cached contexts whenever any instance announces a change on `changes`. */
  async watch(changes: EventBus<{ at: number }>): Promise<void> {
    this.changes = changes;
    await changes.subscribe(HR_CONTEXT_CHANNEL, () => this.contexts.clear());
  }

  /** HR data or the question bank changed here: every instance reads contexts anew. */
  async changed(): Promise<void> {
    this.contexts.clear();
    await this.changes?.publish(HR_CONTEXT_CHANNEL, { at: Date.now() });
  }

  describe(user: { employeeId: string | null }): Promise<HrContext | null> {
    const { employeeId } = user;
    if (!employeeId) return Promise.resolve(null);
    let context = this.contexts.get(employeeId);
    if (!context) {
      context = this.read(employeeId);
      context.catch(() => this.contexts.get(employeeId) === context && this.contexts.delete(employeeId));
      if (this.contexts.size >= CACHED_EMPLOYEES) this.contexts.delete(this.contexts.keys().next().value!);
      this.contexts.set(employeeId, context);
    }
    return context;
  }

  private async read(employeeId: string): Promise<HrContext | null> {
    const employee = await this.hrdata.employee(employeeId);
    if (!employee) return null;
    const lines: string[] = [];
    if (employee.flagged && employee.concerns.length > 0) lines.push(`HR's data suggests checking in with them. What stands out: ${employee.concerns.join('; ')}.`);
    const recent = describeRecentMonths(employee.recentSignals as Month[]);
    if (recent.length > 0) lines.push(`Recent signals: ${recent.join('; ')}.`);
    if (lines.length === 0) return null;
    const kinds = employee.concerns.map(concernKindOf).filter((k): k is ConcernKind => !!k);
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
