import { z } from 'zod';
import { authedProcedure, router } from '../init.js';

const id = z.number().int().positive();

export const messagesRouter = router({
  /** Newest first. Employees read their own; HR may pass any `userId`. */
  list: authedProcedure
    .input(
      z.object({
        userId: id.optional(),
        cursor: id.nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const { items, nextCursor } = await ctx.services.messages.list(ctx.user, input);
      return { items, nextCursor };
    }),

  /** Stores a user message and the system response as a pair; returns both. */
  store: authedProcedure
    .input(
      z.object({
        message: z.string().min(1, 'must not be empty'),
        response: z.string().min(1, 'must not be empty'),
        userId: id.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => (await ctx.services.messages.storePair(ctx.user, input)).pair),
});
