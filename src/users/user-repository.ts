import { sql, type Kysely } from 'kysely';
import type { Database, NewUser, Role, UserRow } from '../db/schema.js';

export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: number): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByUsername(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  /** The account whose name is this one in any case ("Alice" for "alice"): names are unique regardless of case. */
  findByUsernameInAnyCase(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();
  }

  findByEmployeeId(employeeId: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('employee_id', '=', employeeId).executeTakeFirst();
  }

  /** Accounts by id, after `cursor`. */
  page(cursor: number | null, limit: number): Promise<UserRow[]> {
    let query = this.db.selectFrom('users').selectAll();
    if (cursor !== null) query = query.where('id', '>', cursor);
    return query.orderBy('id').limit(limit).execute();
  }

  async insert(user: NewUser): Promise<UserRow> {
    const { id } = await this.db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
    return (await this.findById(id))!;
  }

  async setRole(username: string, role: Role): Promise<boolean> {
    const result = await this.db.updateTable('users').set({ role }).where('username', '=', username).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async setEmployeeId(userId: number, employeeId: string | null): Promise<void> {
    await this.db.updateTable('users').set({ employee_id: employeeId }).where('id', '=', userId).execute();
  }

  async setProfile(userId: number, profile: Partial<Pick<UserRow, 'full_name' | 'email' | 'phone' | 'post' | 'department' | 'profile_pic'>>): Promise<void> {
    if (Object.keys(profile).length === 0) return;
    await this.db.updateTable('users').set(profile).where('id', '=', userId).execute();
  }

  /** What to call each of these accounts: the full name if given, else the username. */
  async namesOf(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('users').select(['id', 'username', 'full_name']).where('id', 'in', [...new Set(ids)]).execute();
    return new Map(rows.map((row) => [row.id, row.full_name || row.username]));
  }

  /** Every account, by id. */
  all(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('id').execute();
  }

  async setPasswordHash(userId: number, passwordHash: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
  }
}
