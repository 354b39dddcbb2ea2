import { tracked } from '@trpc/server';
import { z } from 'zod';
import { followChannel } from '../../bus/follow.js';
import { HR_ALERTS_CHANNEL } from '../../reports/alerts.js';
import { hrProcedure, router } from '../init.js';
import { guarded } from '../subscriptions.js';

export const hrRouter = router({
  /** The alerts of the last `days` days (default 7, at most 90), newest first: what `alerts` told while no HR page listened. */
  recentAlerts: hrProcedure
    .input(z.object({ days: z.number().int().min(1).max(90).default(7) }).default({}))
    .query(({ ctx, input }) => ctx.services.recentAlerts.list(ctx.user, input.days)),

  /** Live alerts for HR: reports at high or critical risk, or marked for escalation. */
  alerts: hrProcedure
    .input(z.object({ lastEventId: z.string().max(100).nullish() }).optional())
    .subscription(async function* ({ ctx, input, signal }) {
      const items = followChannel(ctx.services.alerts, HR_ALERTS_CHANNEL, {
        lastEventId: input?.lastEventId,
        signal: signal ?? new AbortController().signal,
      });
      for await (const item of guarded(ctx, items)) if (item.kind === 'record') yield tracked(item.record.id, item.record.payload);
    }),
});
