import type { Insertable, Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.js';

export interface AuditQuery {
  userId?: number | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  cursor?: number | null | undefined;
  limit: number;
}

/** The `audit_log` table: append-only. */
export class AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(entry: Insertable<AuditLogTable>): Promise<void> {
    await this.db.insertInto('audit_log').values(entry).execute();
  }

  /**
   * Newest first. `userId` matches reads of that account's data and reads of the HR data of
   * the employee ID the account is linked to now.
   */
  async page(query: AuditQuery) {
    let select = this.db
      .selectFrom('audit_log')
      .leftJoin('users as actor', 'actor.id', 'audit_log.actor_id')
      .leftJoin('users as subject', 'subject.id', 'audit_log.subject_user_id')
      .select([
        'audit_log.id',
        'audit_log.actor_id',
        'actor.username as actor_username',
        'audit_log.subject_user_id',
        'subject.username as subject_username',
        'audit_log.subject_employee_id',
        'audit_log.action',
        'audit_log.detail',
        'audit_log.created_at',
      ]);
    const { userId } = query;
    if (userId !== undefined) {
      select = select.where((eb) =>
        eb.or([
          eb('audit_log.subject_user_id', '=', userId),
          eb('audit_log.subject_employee_id', '=', eb.selectFrom('users').select('users.employee_id').where('users.id', '=', userId)),
        ]),
      );
    }
    if (query.from) select = select.where('audit_log.created_at', '>=', query.from.getTime());
    if (query.to) select = select.where('audit_log.created_at', '<=', query.to.getTime());
    if (query.cursor != null) select = select.where('audit_log.id', '<', query.cursor);
    const rows = await select.orderBy('audit_log.id', 'desc').limit(query.limit + 1).execute();
    const items = rows.slice(0, query.limit);
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1]!.id : null };
  }
}
