import { z } from 'zod';
import type { UserRow } from '../db/schema.js';

/** An empty field clears it. */
const cleared = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);
const optionalText = (schema: z.ZodTypeAny) => z.preprocess(cleared, schema.nullable()).optional();
const line = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

/**
 * A picture the browser loads from the web or from this site. Not `data:` (a whole image in
 * every profile read) nor `javascript:` and the like.
 */
const pictureUrl = line(2048).refine((value) => {
  if (/^\/(?!\/)/.test(value)) return true;
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be an http(s) URL or a path on this site (e.g. /images/user.png)');

/** The fields a user edits on their profile; each one optional, null or '' clears it. */
export const profileUpdateSchema = z.object({
  name: optionalText(line(150)),
  email: optionalText(line(254).email('must be a valid e-mail address')),
  phone: optionalText(line(32).regex(/^\+?[0-9][0-9 ().-]{2,31}$/, 'must be a phone number: digits, spaces and + ( ) . -')),
  post: optionalText(line(100)),
  department: optionalText(line(100)),
  profilePic: optionalText(pictureUrl),
});
export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;

export interface Profile {
  name: string | null;
  email: string | null;
  phone: string | null;
  post: string | null;
  department: string | null;
  profilePic: string | null;
}

export function toProfile(row: Pick<UserRow, 'full_name' | 'email' | 'phone' | 'post' | 'department' | 'profile_pic'>): Profile {
  return { name: row.full_name, email: row.email, phone: row.phone, post: row.post, department: row.department, profilePic: row.profile_pic };
}
