import type { ReportBody, ReportHrSignals } from './report-schema.js';
import { levelForScore } from './report-schema.js';
import { findRiskSigns } from '../safety/signs.js';

const ACTIONS: Record<string, string> = {
  'Possible risk of self-harm': 'Contact the employee today and share the employee assistance and crisis helplines',
  'Harassment or mistreatment': 'Open a confidential harassment inquiry and offer a meeting with HR',
  Burnout: 'Review workload with the manager and offer time off',
  'Thinking of leaving': 'Schedule a retention conversation about growth and satisfaction',
  'Stress and anxiety': 'Offer access to wellbeing resources and a check-in within a week',
  'Workload and long hours': 'Review working hours and redistribute tasks where possible',
  'Conflict with manager': 'Arrange a mediated conversation between the employee and their manager',
  'Lack of recognition': 'Encourage the manager to acknowledge recent contributions',
  Isolation: 'Help the employee reconnect with their team, e.g. a buddy or team activity',
};

/**
 * A deterministic report when the model is unavailable or answers badly: risk from
 * the employee's own words and, when known, the HR data's anomaly signals.
 */
export function buildFallbackReport(employeeTexts: string[], signals: ReportHrSignals | null): ReportBody {
  const signs = findRiskSigns(employeeTexts);
  const strongest = signs.reduce((max, sign) => Math.max(max, sign.weight), 0.1);
  // Each further sign adds a little; a flagged HR profile adds a little more.
  const extra = Math.max(0, signs.length - 1) * 0.05 + (signals && signals.anomaly_score < 0 ? 0.1 : 0);
  const score = Math.round(Math.min(1, strongest + extra) * 100) / 100;
  const level = levelForScore(score);
  const concerns = signs.map((sign) => sign.concern);
  const indicators = [
    // One line a quote: a message showing two concerns is quoted once.
    ...new Set(signs.map((sign) => `Said: "${sign.evidence}"`)),
    ...(signals?.problems.slice(0, 3).map(([name]) => `HR data: ${name}`) ?? []),
  ];
  const summary =
    signs.length === 0
      ? `The employee exchanged ${employeeTexts.length} message(s) with the assistant without clear signs of distress.`
      : `The employee exchanged ${employeeTexts.length} message(s) with the assistant and raised: ${concerns.join(', ').toLowerCase()}.`;
  return {
    employee_summary: summary,
    key_insights: signs.length ? signs.map((sign) => `${sign.concern} (in the employee's own words)`) : ['No specific concern raised'],
    risk_assessment: { level, score, concerns, indicators },
    recommended_actions: signs.length ? signs.map((sign) => ACTIONS[sign.concern]!) : ['Keep the regular check-in schedule'],
    escalate_to_hr: level === 'high' || level === 'critical',
  };
}
