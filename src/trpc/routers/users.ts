import { employeeIdInputSchema, setEmployeeIdInputSchema, userListInputSchema } from '../../users/schemas.js';
import { notificationSettingsSchema } from '../../users/notification-settings.js';
import { authedProcedure, hrProcedure, router } from '../init.js';

/** Accounts: HR links them to employee IDs; each user sets their own notification preferences. */
export const usersRouter = router({
  /** HR: accounts with their employee links, by id (`nextCursor` for the next page). */
  list: hrProcedure.input(userListInputSchema).query(({ ctx, input }) => ctx.services.users.list(input)),

  /** HR: the account linked to an employee ID, `{ id, username }`, or null if none (audited). */
  byEmployeeId: hrProcedure
    .input(employeeIdInputSchema)
    .query(({ ctx, input }) => ctx.services.users.readLinkedAccount(ctx.user, input.employeeId)),

  /** HR: links an account to an employee ID of the imported HR data, or unlinks it (`null`). */
  setEmployeeId: hrProcedure
    .input(setEmployeeIdInputSchema)
    .mutation(({ ctx, input }) => ctx.services.users.setEmployeeId(input.userId, input.employeeId)),

  /** Your own mail preferences: check-in invitations on or off (HR's crisis alerts cannot be turned off). */
  setNotifications: authedProcedure
    .input(notificationSettingsSchema)
    .mutation(({ ctx, input }) => ctx.services.notificationSettings.set(ctx.user.id, input)),
});
