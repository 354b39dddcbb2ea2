import { tracked } from '@trpc/server';
import { z } from 'zod';
import { followChannel } from '../../bus/follow.js';
import { HR_ALERTS_CHANNEL } from '../../reports/alerts.js';
import { hrProcedure, router } from '../init.js';
import { guarded } from '../subscriptions.js';

export const hrRouter = router({
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
