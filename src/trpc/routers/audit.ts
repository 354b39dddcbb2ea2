import { z } from 'zod';
import { hrProcedure, router } from '../init.js';

export const auditRouter = router({
  /**
   * HR's reads of other people's messages, reports and HR data (what counts: src/audit/audit-log.ts),
   * newest first. `userId` filters by whose data was read (the account, and the HR data of the
   * employee ID it is linked to); `from`/`to` by when; `cursor` is the previous page's `nextCursor`.
   */
  list: hrProcedure
    .input(
      z
        .object({
          userId: z.number().int().positive().optional(),
          from: z.date().optional(),
          to: z.date().optional(),
          cursor: z.number().int().positive().nullish(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .default({}),
    )
    .query(({ ctx, input }) => ctx.services.audit.list(input)),
});
