import { z } from 'zod';
import { employeeIdSchema } from './user.js';

const id = z.number().int().positive();

export const userListInputSchema = z
  .object({
    /** The last id of the previous page. */
    cursor: id.nullish(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({});

export const setEmployeeIdInputSchema = z.object({
  userId: id,
  /** An employee ID of the imported HR data, or null to unlink. */
  employeeId: employeeIdSchema.nullable(),
});

export const employeeIdInputSchema = z.object({ employeeId: employeeIdSchema });
