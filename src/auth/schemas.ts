import { z } from 'zod';
import { employeeIdSchema, roleSchema, usernameSchema } from '../users/user.js';

export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(256);

export const registerInputSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  email: z.string().trim().email().max(254).nullish(),
  /** HR's invite: links the account to the invite's employee ID. */
  inviteCode: z.string().trim().min(1, 'must not be empty').max(128).optional(),
  /** Refused unless it is the employee ID of `inviteCode`: an account is linked only through HR. */
  employeeId: employeeIdSchema.nullish(),
  /** Only an HR user may register someone as `hr`. */
  role: roleSchema.optional(),
});

/** An invite lasts 3 days unless HR says otherwise (fractions allowed: 0.5 is 30 minutes), 30 days at most. */
export const INVITE_DEFAULT_HOURS = 72;
export const INVITE_MAX_HOURS = 720;

export const createInviteInputSchema = z.object({
  employeeId: employeeIdSchema,
  expiresInHours: z.number().positive().max(INVITE_MAX_HOURS).default(INVITE_DEFAULT_HOURS),
});

export const changePasswordInputSchema = z.object({
  currentPassword: z.string().min(1, 'must not be empty').max(256),
  newPassword: passwordSchema,
});

export const loginInputSchema = z.object({
  username: z.string().trim().min(1, 'must not be empty').max(150),
  password: z.string().min(1, 'must not be empty').max(256),
});
