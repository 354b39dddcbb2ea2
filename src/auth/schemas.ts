import { z } from 'zod';
import { employeeIdSchema, roleSchema, usernameSchema } from '../users/user.js';

export const passwordSchema = z.string().min(8, 'must be at least 8 characters').max(256);

export const registerInputSchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  email: z.string().trim().email().max(254).nullish(),
  employeeId: employeeIdSchema.nullish(),
  /** Only an HR user may register someone as `hr`. */
  role: roleSchema.optional(),
});

export const changePasswordInputSchema = z.object({
  currentPassword: z.string().min(1, 'must not be empty').max(256),
  newPassword: passwordSchema,
});

export const loginInputSchema = z.object({
  username: z.string().trim().min(1, 'must not be empty').max(150),
  password: z.string().min(1, 'must not be empty').max(256),
});
