import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { HRDATA_EXPORT_PATH } from '../../http/hrdata-export.js';
import { authedProcedure, hrProcedure, router } from '../init.js';

export const hrdataRouter = router({
  /**
   * Upload any subset of the six CSV kinds and the `employees` directory as FormData, one file
   * per field named after its kind (`activity_tracker`, `leave`, …), with the text fields `mode`
   * (`replace`, the default, or `append`) and `dryRun` (`true`: only say what would change).
   * All files are imported, or none (BAD_REQUEST naming each bad file's kind, with row errors in
   * `data.importErrors`). Progress: `hrdata.status`. The gate runs before the body is read: over
   * HTTP the files are streamed to disk as tRPC reads the input (src/http/trpc-upload.ts).
   */
  upload: authedProcedure
    .use(async ({ ctx, next }) => next({ ctx: { user: await ctx.services.hrUploads.admit(ctx.user, ctx.ip) } }))
    .input(z.instanceof(FormData))
    .mutation(({ ctx, input }) => ctx.services.hrUploads.upload(ctx.user, input)),

  /** Every upload, newest first: who, when, mode, files with counts, changes, and status (applied, failed, rolled back). */
  imports: hrProcedure.query(({ ctx }) => ctx.services.hrdata.imports()),

  /** Restores the data as it was before the upload `importId` (undoing it and any applied after it) and re-runs the analysis. */
  rollback: hrProcedure
    .input(z.object({ importId: z.number().int().positive() }))
    .mutation(({ ctx, input }) => ctx.services.hrdata.rollback(input.importId, ctx.user)),

  /** The employee directory (the optional `employees` upload) and its departments with headcounts. */
  directory: hrProcedure.query(({ ctx }) => ctx.services.hrdata.readDirectory(ctx.user)),

  /** The last import of each kind (rows, errors), imports still running (with percent), and when the analysis last ran. */
  status: hrProcedure.query(({ ctx }) => ctx.services.hrdata.status()),

  /** The employees the detector flags, most anomalous first, with their top five problems. */
  flagged: hrProcedure
    .input(z.object({ limit: z.number().int().min(1).max(10_000).default(100) }).default({}))
    .query(({ ctx, input }) => ctx.services.hrdata.flagged(ctx.user, input.limit)),

  /** One employee's master row, verdict, problems and recent monthly signals. */
  employee: hrProcedure.input(z.object({ employeeId: z.string().min(1).max(64) })).query(async ({ ctx, input }) => {
    const employee = await ctx.services.hrdata.readEmployee(ctx.user, input.employeeId);
    if (!employee) throw new TRPCError({ code: 'NOT_FOUND', message: `employeeId: no HR data for ${input.employeeId}` });
    return employee;
  }),

  /** Headcount, vibe distribution, flagged count, mean work hours; null before the first import. */
  summary: hrProcedure.query(({ ctx }) => ctx.services.hrdata.summary()),

  /**
   * The whole master table with each employee's score, as rows; the same table as a CSV file is
   * a plain HTTP download at `downloadUrl` (same bearer token).
   */
  export: hrProcedure.query(async ({ ctx }) => ({ rows: await ctx.services.hrdata.exportRows(ctx.user), downloadUrl: HRDATA_EXPORT_PATH })),
});
