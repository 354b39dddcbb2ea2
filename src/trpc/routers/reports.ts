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
    .query(({ ctx, input }) => ctx.services.reports.list(input)),

  /** One report with its full content. */
  get: hrProcedure.input(z.object({ id: z.number().int().positive() })).query(async ({ ctx, input }) => {
    const report = await ctx.services.reports.get(input.id);
    if (!report) throw new TRPCError({ code: 'NOT_FOUND', message: `id: no report ${input.id}` });
    return report;
  }),
});
