import type { Kysely, Selectable } from 'kysely';
import { compiledOnce } from '../db/compiled-once.js';
import type { Database, MessagesTable, NewMessage } from '../db/schema.js';
import { toStoredMessage, type StoredMessage } from './message.js';

export interface MessagePage {
  items: StoredMessage[];
  nextCursor: number | null;
}

export interface PageQuery {
  userId: number;
  room?: string | undefined;
  /** Exclusive upper bound on the message id (keyset pagination, newest first). */
  cursor?: number | null | undefined;
  limit: number;
}

/** Every question and answer: the chat's hottest query. */
const insertMessage = compiledOnce((db, m: Omit<Selectable<MessagesTable>, 'id'>) =>
  db
    .insertInto('messages')
    .values({ user_id: m.user_id, room: m.room, direction: m.direction, text: m.text, source: m.source, answer_id: m.answer_id, created_at: m.created_at })
    .returning('id'),
);

export class MessageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(message: Omit<NewMessage, 'created_at'>): Promise<StoredMessage> {
    const row = { ...message, source: message.source ?? null, answer_id: message.answer_id ?? null, created_at: Date.now() };
    const { rows } = await insertMessage(this.db, row);
    return toStoredMessage({ id: rows[0]!.id, ...row });
  }

  /** Inserts both in one transaction: a pair is stored whole or not at all. */
  async insertPair(
    first: Omit<NewMessage, 'created_at'>,
    second: Omit<NewMessage, 'created_at'>,
  ): Promise<[StoredMessage, StoredMessage]> {
    return this.db.transaction().execute(async (trx) => {
      const repo = new MessageRepository(trx);
      return [await repo.insert(first), await repo.insert(second)];
    });
  }

  async page(query: PageQuery): Promise<MessagePage> {
    let select = this.db.selectFrom('messages').selectAll().where('user_id', '=', query.userId);
    if (query.room !== undefined) select = select.where('room', '=', query.room);
    if (query.cursor != null) select = select.where('id', '<', query.cursor);
    const rows = await select.orderBy('id', 'desc').limit(query.limit + 1).execute();
    const items = rows.slice(0, query.limit).map(toStoredMessage);
    const nextCursor = rows.length > query.limit ? items[items.length - 1]!.id : null;
    return { items, nextCursor };
  }

  /** A user's messages, oldest first (the legacy protocol's `chat_messages`). */
  async allForUser(userId: number): Promise<StoredMessage[]> {
    const rows = await this.db.selectFrom('messages').selectAll().where('user_id', '=', userId).orderBy('id', 'asc').execute();
    return rows.map(toStoredMessage);
  }

  /** A conversation's messages with ids in [firstId, lastId], oldest first (one chat session). */
  async span(userId: number, room: string, firstId: number, lastId: number): Promise<StoredMessage[]> {
    const rows = await this.db
      .selectFrom('messages')
      .selectAll()
      .where('user_id', '=', userId)
      .where('room', '=', room)
      .where('id', '>=', firstId)
      .where('id', '<=', lastId)
      .orderBy('id', 'asc')
      .execute();
    return rows.map(toStoredMessage);
  }

  /** The newest messages of a conversation, newest first, up to `limit` rows. */
  async newest(userId: number, room: string, limit: number): Promise<StoredMessage[]> {
    const { items } = await this.page({ userId, room, limit });
    return items;
  }
}
