import type { Kysely } from 'kysely';
import type { Adapter, DatabaseSession, DatabaseUser } from 'lucia';
import type { Database, Role, SessionsTable } from '../db/schema.js';
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

  /** Each of these sessions that still exists, with its expiry and its user's role (sessions the database no longer has are absent). */
  async sessionStates(sessionIds: string[]): Promise<Map<string, { expiresAt: number; role: Role }>> {
    const states = new Map<string, { expiresAt: number; role: Role }>();
    // A bounded IN list per query, whatever the number of open sockets.
    for (let i = 0; i < sessionIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['sessions.id', 'sessions.expires_at', 'users.role'])
        .where('sessions.id', 'in', sessionIds.slice(i, i + 500))
        .execute();
      for (const row of rows) states.set(row.id, { expiresAt: row.expires_at, role: row.role });
    }
    return states;
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
