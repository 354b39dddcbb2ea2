import { z } from 'zod';
import { riskLevelSchema } from './report-schema.js';

/** What HR hears on `hr.alerts`: a report that needs attention. */
export const hrAlertSchema = z.object({
  type: z.literal('report'),
  reportId: z.number().int(),
  userId: z.number().int(),
  employeeId: z.string(),
  riskLevel: riskLevelSchema,
  riskScore: z.number(),
  escalate: z.boolean(),
  summary: z.string(),
  at: z.date(),
});
export type HrAlert = z.infer<typeof hrAlertSchema>;

export const HR_ALERTS_CHANNEL = 'hr:alerts';
