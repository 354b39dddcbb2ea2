import type { ChatUser } from './events.js';

/**
 * Who is in which room. `add`/`remove` count this instance's connections and say
 * when a user's first one opens and last one closes here; `members` and `isPresent`
 * answer for every instance sharing the store.
 */
export interface PresenceStore {
  add(room: string, user: ChatUser): Promise<boolean>;
  remove(room: string, userId: number): Promise<boolean>;
  isPresent(room: string, userId: number): Promise<boolean>;
  members(room: string): Promise<ChatUser[]>;
  close(): Promise<void>;
}

/** This process's connections per room and user. */
export class LocalPresence implements PresenceStore {
  private readonly rooms = new Map<string, Map<number, { user: ChatUser; count: number }>>();

  async add(room: string, user: ChatUser): Promise<boolean> {
    let members = this.rooms.get(room);
    if (!members) {
      members = new Map();
      this.rooms.set(room, members);
    }
    const entry = members.get(user.id);
    if (entry) {
      entry.count += 1;
      return false;
    }
    members.set(user.id, { user, count: 1 });
    return true;
  }

  async remove(room: string, userId: number): Promise<boolean> {
    const members = this.rooms.get(room);
    const entry = members?.get(userId);
    if (!members || !entry) return false;
    entry.count -= 1;
    if (entry.count > 0) return false;
    members.delete(userId);
    if (members.size === 0) this.rooms.delete(room);
    return true;
  }

  async isPresent(room: string, userId: number): Promise<boolean> {
    return this.rooms.get(room)?.has(userId) ?? false;
  }

  async members(room: string): Promise<ChatUser[]> {
    return [...(this.rooms.get(room)?.values() ?? [])].map((entry) => entry.user);
  }

  async close(): Promise<void> {}
}
