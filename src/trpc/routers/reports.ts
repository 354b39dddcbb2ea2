import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { riskLevelSchema } from '../../reports/report-schema.js';
import { hrProcedure, router } from '../init.js';

export const reportsRouter = router({
  /** HR reports, newest first; filter by employee, risk level and date range. */
  list: hrProcedure
    .input(
      z.object({
        employeeId: z.string().max(64).optional(),
        riskLevel: riskLevelSchema.optional(),
        from: z.date().optional(),
        to: z.date().optional(),
        cursor: z.number().int().positive().nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => ctx.services.reports.list(ctx.user, input)),

  /** One report with its full content. */
  get: hrProcedure.input(z.object({ id: z.number().int().positive() })).query(async ({ ctx, input }) => {
    const report = await ctx.services.reports.get(ctx.user, input.id);
    if (!report) throw new TRPCError({ code: 'NOT_FOUND', message: `id: no report ${input.id}` });
    return report;
  }),

  /**
   * The daily People-Experience report (UTC day, default today): who was contacted and why,
   * who answered, risk levels, top themes, escalations, vibe trend. Also written to
   * summaries/people_experience_<day>.json and .md.
   */
  daily: hrProcedure
    .input(z.object({ date: z.string().date('must be a calendar date YYYY-MM-DD').optional() }).default({}))
    .query(({ ctx, input }) => ctx.services.dailyReports.produce(input.date ?? new Date().toISOString().slice(0, 10), ctx.user)),
});
