import type { Kysely } from 'kysely';
import type { Adapter, DatabaseSession, DatabaseUser } from 'lucia';
import type { Database, SessionsTable } from '../db/schema.js';
import { toPublicUser } from '../users/user.js';

/** A Lucia v3 adapter over Kysely, so SQLite and PostgreSQL share one session store. */
export class KyselyLuciaAdapter implements Adapter {
  constructor(private readonly db: Kysely<Database>) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id as session_id',
        'sessions.expires_at',
        'users.id',
        'users.username',
        'users.email',
        'users.employee_id',
        'users.role',
        'users.profile_pic',
      ])
      .where('sessions.id', '=', sessionId)
      .executeTakeFirst();
    if (!row) return [null, null];
    const session = toDatabaseSession({ id: row.session_id, user_id: row.id, expires_at: row.expires_at });
    return [session, { id: row.id, attributes: toPublicUser(row) }];
  }

  async getUserSessions(userId: number): Promise<DatabaseSession[]> {
    const rows = await this.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute();
    return rows.map(toDatabaseSession);
  }

  async setSession(session: DatabaseSession): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ id: session.id, user_id: session.userId, expires_at: session.expiresAt.getTime() })
      .execute();
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.db.updateTable('sessions').set({ expires_at: expiresAt.getTime() }).where('id', '=', sessionId).execute();
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute();
  }

  async deleteUserSessions(userId: number): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', Date.now()).execute();
  }
}

function toDatabaseSession(row: SessionsTable): DatabaseSession {
  return { id: row.id, userId: row.user_id, expiresAt: new Date(row.expires_at), attributes: {} };
}
