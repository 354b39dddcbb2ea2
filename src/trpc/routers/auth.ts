import { changePasswordInputSchema, createInviteInputSchema, loginInputSchema, registerInputSchema } from '../../auth/schemas.js';
import { authedProcedure, hrProcedure, publicProcedure, router } from '../init.js';

export const authRouter = router({
  register: publicProcedure
    .input(registerInputSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.register(input, ctx.user, ctx.ip)),

  /** HR: a one-time code that links the account registered with it to `employeeId`. */
  createInvite: hrProcedure
    .input(createInviteInputSchema)
    .mutation(({ ctx, input }) => ctx.services.invites.create(ctx.user.id, input)),

  login: publicProcedure
    .input(loginInputSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.login(input.username, input.password, ctx.ip)),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.services.auth.logout(ctx.sessionId);
    return { ok: true as const };
  }),

  me: authedProcedure.query(({ ctx }) => ctx.user),

  /** Ends every session of the user (open sockets close too) and returns a new token. */
  changePassword: authedProcedure
    .input(changePasswordInputSchema)
    .mutation(({ ctx, input }) => ctx.services.auth.changePassword(ctx.user, input.currentPassword, input.newPassword, ctx.ip)),
});
