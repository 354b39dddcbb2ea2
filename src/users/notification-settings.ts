import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';

/** What a user may turn off. Crisis escalations to HR are not among them: they always go. */
export const notificationSettingsSchema = z
  .object({ invitations: z.boolean({ required_error: 'must be true or false' }) })
  .strict('only invitations can be turned off');
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

/** Each user's mail preferences, stored with the user. */
export class NotificationSettingsStore {
  constructor(private readonly db: Kysely<Database>) {}

  async set(userId: number, settings: NotificationSettings): Promise<NotificationSettings> {
    await this.db.updateTable('users').set({ notify_invitations: settings.invitations ? 1 : 0 }).where('id', '=', userId).execute();
    return settings;
  }
}
