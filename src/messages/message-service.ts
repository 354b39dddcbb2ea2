import type { AuditLog } from '../audit/audit-log.js';
import { AppError } from '../errors.js';
import { assertMaxChars } from '../limits/text.js';
import type { UserRepository } from '../users/user-repository.js';
import { toPublicUser, type PublicUser } from '../users/user.js';
import { DIRECT_ROOM, type StoredMessage } from './message.js';
import type { MessagePage, MessageRepository } from './message-repository.js';

export interface ListInput {
  userId?: number | undefined;
  cursor?: number | null | undefined;
  limit: number;
}

export class MessageService {
  constructor(
    private readonly messages: MessageRepository,
    private readonly users: UserRepository,
    private readonly maxMessageChars: number,
    private readonly audit: AuditLog,
  ) {}

  /** An employee reads only their own messages; HR reads anyone's. */
  async resolveReadableUser(actor: PublicUser, userId: number | undefined): Promise<PublicUser> {
    if (userId === undefined || userId === actor.id) return actor;
    if (actor.role !== 'hr') throw new AppError('FORBIDDEN', "userId: you may read only your own messages");
    const row = await this.users.findById(userId);
    if (!row) throw new AppError('NOT_FOUND', `userId: no user with id ${userId}`);
    return toPublicUser(row);
  }

  /**
   * Whose history a pair goes into: only one's own. HR reads others' messages but never writes
   * words into them as if the employee had said them (they would reach the assistant's context and the HR report).
   */
  private async resolveWritableUser(actor: PublicUser, userId: number | undefined): Promise<PublicUser> {
    if (userId === undefined || userId === actor.id) return actor;
    if (actor.role === 'hr' && !(await this.users.findById(userId))) throw new AppError('NOT_FOUND', `userId: no user with id ${userId}`);
    throw new AppError('FORBIDDEN', "userId: messages are stored only in your own history (HR may read another's, never write them)");
  }

  async list(actor: PublicUser, input: ListInput): Promise<MessagePage & { user: PublicUser }> {
    const user = await this.resolveReadableUser(actor, input.userId);
    const page = await this.messages.page({ userId: user.id, cursor: input.cursor, limit: input.limit });
    await this.audit.record(actor, { action: 'messages', subject: { userId: user.id }, detail: `${page.items.length} messages` });
    return { ...page, user };
  }

  /** All of a person's messages, oldest first (the original's GET): own, or anyone's for HR. */
  async readAll(actor: PublicUser, userId: number): Promise<{ user: PublicUser; messages: StoredMessage[] }> {
    const user = await this.resolveReadableUser(actor, userId);
    const messages = await this.messages.allForUser(user.id);
    await this.audit.record(actor, { action: 'messages', subject: { userId: user.id }, detail: `${messages.length} messages` });
    return { user, messages };
  }

  /** Stores a user message and the system's response as a pair (the original's POST). */
  async storePair(
    actor: PublicUser,
    input: { userId?: number | undefined; message: string; response: string },
  ): Promise<{ user: PublicUser; pair: [StoredMessage, StoredMessage] }> {
    assertMaxChars('message', input.message, this.maxMessageChars);
    assertMaxChars('response', input.response, this.maxMessageChars);
    const user = await this.resolveWritableUser(actor, input.userId);
    const pair = await this.messages.insertPair(
      { user_id: user.id, room: DIRECT_ROOM, direction: 'sent', text: input.message },
      { user_id: user.id, room: DIRECT_ROOM, direction: 'received', text: input.response, source: 'client' },
    );
    return { user, pair };
  }

  allForUser(userId: number): Promise<StoredMessage[]> {
    return this.messages.allForUser(userId);
  }
}
