import { z } from 'zod';
import type { UserRow } from '../db/schema.js';

export const roleSchema = z.enum(['employee', 'hr']);
export const usernameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(150)
  .regex(/^[\w.@+-]+$/, 'may contain only letters, digits and @ . + - _');
/** Employee ids end up in file names (HR reports): keep them to a safe alphabet. */
/** What an employee ID is, in HR's data and on accounts alike: an ID the import takes can be linked to an account. */
export const EMPLOYEE_ID = /^[A-Za-z0-9_-]{1,32}$/;
export const EMPLOYEE_ID_RULE = 'must be 1-32 letters, digits, _ or - (e.g. EMP0108)';

export const employeeIdSchema = z.string().trim().regex(EMPLOYEE_ID, EMPLOYEE_ID_RULE);

export const publicUserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string().nullable(),
  employeeId: z.string().nullable(),
  role: roleSchema,
  profilePic: z.string().nullable(),
});
export type PublicUser = z.infer<typeof publicUserSchema>;

export function toPublicUser(row: Pick<UserRow, 'id' | 'username' | 'email' | 'employee_id' | 'role' | 'profile_pic'>): PublicUser {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    employeeId: row.employee_id,
    role: row.role,
    profilePic: row.profile_pic,
  };
}
