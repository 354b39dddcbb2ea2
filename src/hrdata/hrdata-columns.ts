import { z } from 'zod';

/** The zod schemas of the HR data tables' JSON columns: HrDataRepository decodes each column with its schema, once. */

const featureValue = z.union([z.number(), z.string(), z.null()]);
/** hr_master.row and hr_employee_data.features: column name → value. */
export const featuresSchema = z.record(featureValue);
/** hr_employee_data.periods: `YYYY-MM` → the month's signals. */
export const periodsSchema = z.record(z.record(z.number()));
/** hr_master.problems / other_problems: [feature name, contribution]. */
export const problemsSchema = z.array(z.tuple([z.string(), z.number()]));
/** hr_master.concerns: plain words, no numbers. */
export const concernsSchema = z.array(z.string());

export const hrSummarySchema = z.object({
  headcount: z.number(),
  /** Employees by their recent vibe (mean of the last responses, rounded to 1–5). */
  vibeDistribution: z.object({ '1': z.number(), '2': z.number(), '3': z.number(), '4': z.number(), '5': z.number() }),
  employeesWithoutVibe: z.number(),
  meanWorkHours: z.number().nullable(),
});
export type HrSummary = z.infer<typeof hrSummarySchema>;
/** hr_analyses.summary. */
export const analysisSummarySchema = hrSummarySchema.extend({ flaggedCount: z.number() });

/** hr_imports.error. */
export const importErrorSchema = z.object({
  message: z.string(),
  rowErrors: z.array(z.object({ row: z.number(), column: z.string(), reason: z.string() })),
  rowErrorCount: z.number(),
});

export const kindChangesSchema = z.object({
  rowsAdded: z.number(),
  rowsUpdated: z.number(),
  rowsRemoved: z.number(),
  employeesGained: z.number(),
  employeesLost: z.number(),
});
/** hr_uploads.changes: per kind. */
export const uploadChangesSchema = z.record(kindChangesSchema);

export const decodeJson = <T extends z.ZodTypeAny>(schema: T, text: string): z.infer<T> => schema.parse(JSON.parse(text));
export const decodeNullableJson = <T extends z.ZodTypeAny>(schema: T, text: string | null): z.infer<T> | null => (text === null ? null : decodeJson(schema, text));
