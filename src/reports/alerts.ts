import { z } from 'zod';
import { riskLevelSchema } from './report-schema.js';

/** What HR hears on `hr.alerts`: a report that needs attention, or a crisis sign seen during a chat. */
export const hrAlertSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('report'),
    reportId: z.number().int(),
    userId: z.number().int(),
    employeeId: z.string(),
    riskLevel: riskLevelSchema,
    riskScore: z.number(),
    escalate: z.boolean(),
    summary: z.string(),
    at: z.date(),
  }),
  z.object({
    type: z.literal('escalation'),
    escalationId: z.number().int(),
    userId: z.number().int(),
    username: z.string(),
    employeeId: z.string().nullable(),
    room: z.string(),
    concern: z.string(),
    /** The employee's words that showed it. */
    evidence: z.string(),
    at: z.date(),
  }),
]);
export type HrAlert = z.infer<typeof hrAlertSchema>;

export const HR_ALERTS_CHANNEL = 'hr:alerts';
