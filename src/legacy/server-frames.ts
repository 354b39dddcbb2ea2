import { z } from 'zod';

/**
 * Every frame the legacy `/ws/chat/<room>/` socket sends (spec/legacy-ws.md), and nothing
 * more: objects are strict, so a field that should not leave the server fails validation
 * in the tests. The client SDK's legacy types are generated from these.
 */

/** The original system's message item, also in the legacy REST answers. */
export const legacyMessageItemSchema = z
  .object({
    id: z.number().int(),
    message: z.string(),
    /** `sent`: the employee's; `received`: the assistant's. */
    direction: z.enum(['sent', 'received']),
    timestamp: z.string().datetime(),
    user: z.object({ id: z.number().int(), username: z.string(), profile_pic: z.string().nullable() }).strict(),
  })
  .strict();
export type LegacyMessageItem = z.infer<typeof legacyMessageItemSchema>;

const assistant = { user_id: z.literal('chatbot'), username: z.literal('HR Assistant') };
const roomMember = { message: z.string(), user_id: z.number().int(), username: z.string() };

export const legacyServerFrameSchema = z.discriminatedUnion('type', [
  /** Your stored messages, oldest first. `employee_id` is empty for an account HR has not linked. */
  z.object({ type: z.literal('connection_confirmed'), user_id: z.number().int(), employee_id: z.string(), chat_messages: z.array(legacyMessageItemSchema) }).strict(),
  /** "<username> joined the room" (others' joins only to HR). */
  z.object({ type: z.literal('connect'), ...roomMember }).strict(),
  /** "<username> left the room" (others' leaves only to HR). */
  z.object({ type: z.literal('disconnect'), ...roomMember }).strict(),
  /** The new text of your answer only. */
  z.object({ type: z.literal('chatbot_stream'), chunk: z.string(), ...assistant }).strict(),
  /** The full answer; after a failed question, an apology. */
  z.object({ type: z.literal('chatbot_response'), message: z.string(), ...assistant }).strict(),
  z.object({ type: z.literal('disconnect_confirmed'), message: z.string(), chat_messages: z.array(legacyMessageItemSchema) }).strict(),
  z.object({ type: z.literal('error'), message: z.string() }).strict(),
]);
export type LegacyServerFrame = z.infer<typeof legacyServerFrameSchema>;

export const encodeLegacyFrame = (frame: LegacyServerFrame): string => JSON.stringify(frame);
