import type { Kysely } from 'kysely';
import type { Database, NewUser, Role, UserRow } from '../db/schema.js';

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: number): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  async insert(user: NewUser): Promise<UserRow> {
    const { id } = await this.db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
    return (await this.findById(id))!;
  }

  async setRole(username: string, role: Role): Promise<boolean> {
    const result = await this.db.updateTable('users').set({ role }).where('username', '=', username).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async setPasswordHash(userId: number, passwordHash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
  }
}
