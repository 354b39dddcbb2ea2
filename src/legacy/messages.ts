import type { StoredMessage } from '../messages/message.js';
import type { PublicUser } from '../users/user.js';
import type { LegacyMessageItem } from './server-frames.js';

/** The original system's message item (spec/legacy-ws.md), shared by the WebSocket and REST adapters. */
export function toLegacyMessageItem(message: StoredMessage, user: Pick<PublicUser, 'id' | 'username' | 'profilePic'>): LegacyMessageItem {
  return {
    id: message.id,
    message: message.text,
    direction: message.direction,
    timestamp: message.createdAt.toISOString(),
    user: { id: user.id, username: user.username, profile_pic: user.profilePic },
  };
}

export const ASSISTANT = { user_id: 'chatbot', username: 'HR Assistant' } as const;

export const LEGACY_ERRORS = {
  usernameRequired: 'Username is required for connection',
  connectFirst: 'Please establish a connection first with a connection event',
  authRequired: 'Authentication required: pass a session token as ?token= or in the connection frame',
  usernameMismatch: 'Username does not match the authenticated user',
} as const;

/** The `chatbot_response` that ends a failed question, as the original sent one. */
export function apology(reason: string): string {
  return `I'm sorry, I could not answer that. ${reason}`;
}
