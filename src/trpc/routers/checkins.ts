import { z } from 'zod';
import { questionBankSchema } from '../../checkins/question-bank.js';
import { employeeIdInputSchema } from '../../users/schemas.js';
import { hrProcedure, router } from '../init.js';

export const checkinsRouter = router({
  /** Runs today's selection now (it also runs daily in the process): who gets a check-in, and why. */
  runDaily: hrProcedure.mutation(({ ctx }) => ctx.services.checkins.selectDaily()),

  /** Every check-in an employee ID was selected for, newest first: day, status (pending, delivered, answered), reasons (audited). */
  history: hrProcedure
    .input(employeeIdInputSchema)
    .query(({ ctx, input }) => ctx.services.checkins.readHistory(ctx.user, input.employeeId)),

  /** The question bank the assistant draws its check-in openers and follow-ups from, with its version. */
  questionBank: hrProcedure.query(({ ctx }) => ctx.services.questionBank.current()),

  /** Saves a new version of the question bank (every concern kind, an opener and 1–10 follow-ups each). */
  updateQuestionBank: hrProcedure
    .input(z.object({ content: questionBankSchema }))
    .mutation(({ ctx, input }) => ctx.services.questionBank.save(input.content, ctx.user.id)),
});
