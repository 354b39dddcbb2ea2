import { z } from 'zod';

export const riskLevelSchema = z.enum(['low', 'medium', 'high', 'critical']);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

/** What the model must produce (spec/reports.md, `report`). */
export const reportBodySchema = z.object({
  employee_summary: z.string().min(1),
  key_insights: z.array(z.string()),
  risk_assessment: z.object({
    level: riskLevelSchema,
    score: z.number().min(0).max(1),
    concerns: z.array(z.string()),
    indicators: z.array(z.string()),
  }),
  recommended_actions: z.array(z.string()),
  escalate_to_hr: z.boolean(),
});
export type ReportBody = z.infer<typeof reportBodySchema>;

export const hrSignalsSchema = z.object({
  anomaly_score: z.number(),
  problems: z.array(z.tuple([z.string(), z.number()])),
});
export type ReportHrSignals = z.infer<typeof hrSignalsSchema>;

/** The whole report file. */
export const reportFileSchema = z.object({
  employee_id: z.string(),
  session_id: z.string(),
  report_date: z.string().datetime(),
  source: z.enum(['mistral', 'fallback']),
  report: reportBodySchema,
  hr_signals: hrSignalsSchema.nullable(),
  conversation: z.object({ messages: z.number().int(), first_at: z.string().datetime(), last_at: z.string().datetime() }),
});
export type ReportFile = z.infer<typeof reportFileSchema>;

/** The original's bands: below 0.3 low, below 0.6 medium, above that high; critical from 0.85. */
export function levelForScore(score: number): RiskLevel {
  if (score >= 0.85) return 'critical';
  if (score > 0.6) return 'high';
  if (score >= 0.3) return 'medium';
  return 'low';
}
