import { z } from 'zod';

/**
 * What a client may put into the chat, for every transport (tRPC `chat.*`, the legacy
 * `/ws/chat/<room>/` socket). The longest message is configuration (`MAX_MESSAGE_CHARS`):
 * `ChatService.send` checks it, so both transports get that answer from the service too.
 */

/**
 * Letters and digits of any script, `_` and `-`, 1–64 characters. The original's Django route
 * matched `\w+`, which in Python 3 means Unicode letters, digits and `_`: every room an old
 * client could open still opens; `-` is kept for the rooms tRPC clients already use.
 */
export const roomNameSchema = z
  .string()
  .regex(/^[\p{L}\p{N}_-]{1,64}$/u, 'must be 1-64 letters, digits, _ or -');

/** A question to the assistant: surrounding whitespace is dropped before anything else sees it. */
/** A character that shows something: a message without one is empty (spaces, zero-width characters). */
const VISIBLE = /[^\s\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u180e]/u;

export const messageTextSchema = z
  .string()
  .trim()
  .refine((text) => VISIBLE.test(text), 'must not be empty');

/** The id of the last event a reconnecting subscriber saw (`tracked()` ids). */
export const lastEventIdSchema = z.string().max(100).nullish();
