import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, InvitesTable } from '../db/schema.js';

export type InviteRow = Selectable<InvitesTable>;

/** HR's invites, by their code's hash. Construct it on a transaction to take part in one. */
export class InviteRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(invite: Insertable<InvitesTable>): Promise<void> {
    await this.db.insertInto('invites').values(invite).execute();
  }

  findByCodeHash(codeHash: string): Promise<InviteRow | undefined> {
    return this.db.selectFrom('invites').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
  }

  /** Marks the invite used by `userId` if it is still unused and unexpired; false otherwise. */
  async claim(id: number, userId: number, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('invites')
      .set({ used_by: userId, used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
