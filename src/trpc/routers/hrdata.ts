import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { stageFormData } from '../../http/multipart-upload.js';
import { hrProcedure, router } from '../init.js';

export const hrdataRouter = router({
  /**
   * Upload any subset of the six CSV kinds as FormData, one file per field named after its
   * kind (`activity_tracker`, `leave`, …). All files are imported, or none (BAD_REQUEST naming
   * each bad file's kind, with row errors in `data.importErrors`). Progress: `hrdata.status`.
   */
  upload: hrProcedure.input(z.instanceof(FormData)).mutation(async ({ ctx, input }) => {
    const staged = ctx.stagedUpload;
    if (staged && 'error' in staged) throw staged.error;
    let files = staged && 'files' in staged ? staged.files : null;
    if (!files) {
      await ctx.services.hrdata.admitUpload(ctx.user.id, ctx.ip);
      files = await stageFormData(input, ctx.services.config.hrData);
    }
    return ctx.services.hrdata.import(files, ctx.user.id);
  }),

  /** The last import of each kind (rows, errors), imports still running (with percent), and when the analysis last ran. */
  status: hrProcedure.query(({ ctx }) => ctx.services.hrdata.status()),

  /** The employees the detector flags, most anomalous first, with their top five problems. */
  flagged: hrProcedure
    .input(z.object({ limit: z.number().int().min(1).max(10_000).default(100) }).default({}))
    .query(({ ctx, input }) => ctx.services.hrdata.flagged(input.limit)),

  /** One employee's master row, verdict, problems and recent monthly signals. */
  employee: hrProcedure.input(z.object({ employeeId: z.string().min(1).max(64) })).query(async ({ ctx, input }) => {
    const employee = await ctx.services.hrdata.employee(input.employeeId);
    if (!employee) throw new TRPCError({ code: 'NOT_FOUND', message: `employeeId: no HR data for ${input.employeeId}` });
    return employee;
  }),

  /** Headcount, vibe distribution, flagged count, mean work hours; null before the first import. */
  summary: hrProcedure.query(({ ctx }) => ctx.services.hrdata.summary()),

  /** The whole master table with each employee's score, as CSV or JSON text. */
  export: hrProcedure
    .input(z.object({ format: z.enum(['csv', 'json']).default('csv') }).default({}))
    .query(async ({ ctx, input }) => ({ format: input.format, content: await ctx.services.hrdata.exportMaster(input.format) })),
});
