import type { PublicUser } from '../users/user.js';
import { seesEveryonesPresence } from './visibility.js';

/**
 * A room's bus channels. Its presence travels on the room channel, which only HR follows;
 * a user's questions, chunks, answers (and, for everyone but HR, their own presence) on
 * their own channel in the room, so a chunk costs the same in a room of 2,000 as in a room of one.
 */
export const roomChannel = (room: string) => `room:${room}`;
export const userChannel = (room: string, userId: number) => `room:${room}:user:${userId}`;

/** What a subscription of `viewer` follows, in the order its resume cursors name them. */
export function channelsOf(viewer: Pick<PublicUser, 'id' | 'role'>, room: string): string[] {
  return seesEveryonesPresence(viewer) ? [userChannel(room, viewer.id), roomChannel(room)] : [userChannel(room, viewer.id)];
}
