import { tracked } from '@trpc/server';
import { z } from 'zod';
import { lastEventIdSchema, messageTextSchema, roomNameSchema } from '../../chat/chat-inputs.js';
import { authedProcedure, router } from '../init.js';
import { guarded } from '../subscriptions.js';

export const chatRouter = router({
  /**
   * Your live view of a room: `members`, `presence`, your `message`s, and the
   * `chunk`s, `done` or `error` of your answers. Events are tracked: reconnecting
   * with `lastEventId` replays what was missed.
   */
  join: authedProcedure
    .input(z.object({ room: roomNameSchema, lastEventId: lastEventIdSchema }))
    .subscription(async function* ({ ctx, input, signal }) {
      const events = ctx.services.chat.join(ctx.user, input.room, {
        lastEventId: input.lastEventId,
        signal: signal ?? new AbortController().signal,
      });
      for await (const { id, event } of guarded(ctx, events)) yield tracked(id, event);
    }),

  /** Asks the assistant; the answer streams to your `chat.join` subscription. */
  send: authedProcedure
    .input(z.object({ room: roomNameSchema, message: messageTextSchema }))
    .mutation(async ({ ctx, input }) => {
      const { answerId } = await ctx.services.chat.send(ctx.user, input.room, input.message);
      return { answerId };
    }),

  /** Your conversation in a room, newest first. */
  history: authedProcedure
    .input(
      z.object({
        room: roomNameSchema,
        cursor: z.number().int().positive().nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => ctx.services.chat.history(ctx.user, input.room, input.cursor, input.limit)),

  /** Ends your session in a room now (otherwise it ends when your last connection leaves). */
  end: authedProcedure.input(z.object({ room: roomNameSchema })).mutation(({ ctx, input }) => {
    ctx.services.chat.endSession(ctx.user, input.room);
    return { ok: true as const };
  }),
});
