import type { PublicUser } from '../users/user.js';
import type { ChatUser, RoomEnvelope } from './events.js';

type Viewer = Pick<PublicUser, 'id' | 'role'>;

/**
 * Who talks to the HR assistant is private: an employee sees only their own presence;
 * everyone's joins, leaves and member lists reach HR users only.
 */
export function seesPresenceOf(viewer: Viewer, subject: Pick<ChatUser, 'id'>): boolean {
  return seesEveryonesPresence(viewer) || viewer.id === subject.id;
}

/** HR follows the room's presence channel; everyone else sees only their own presence, on their own channel. */
export function seesEveryonesPresence(viewer: Viewer): boolean {
  return viewer.role === 'hr';
}

/** Whether a room event reaches `viewer`: private events only their one user, presence by `seesPresenceOf`. */
export function isVisibleTo(viewer: Viewer, { audience, event }: RoomEnvelope): boolean {
  if (audience !== null) return audience === viewer.id;
  return event.type !== 'presence' || seesPresenceOf(viewer, event.user);
}
