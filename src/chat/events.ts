import { z } from 'zod';
import { storedMessageSchema } from '../messages/message.js';

export const chatUserSchema = z.object({ id: z.number().int(), username: z.string() });
export type ChatUser = z.infer<typeof chatUserSchema>;

export const chatEventSchema = z.discriminatedUnion('type', [
  /** Who is in the room when you join (first event of a fresh subscription). */
  z.object({ type: z.literal('members'), room: z.string(), users: z.array(chatUserSchema) }),
  z.object({
    type: z.literal('presence'),
    room: z.string(),
    action: z.enum(['joined', 'left']),
    user: chatUserSchema,
    at: z.date(),
  }),
  /** A stored message of yours: your question as soon as it is saved. */
  z.object({ type: z.literal('message'), message: storedMessageSchema }),
  z.object({
    type: z.literal('chunk'),
    answerId: z.string(),
    seq: z.number().int(),
    text: z.string(),
    /** Set on a replacement answer: the id of the interrupted answer it replaces. */
    replaces: z.string().optional(),
  }),
  z.object({
    type: z.literal('done'),
    answerId: z.string(),
    text: z.string(),
    source: z.string(),
    message: storedMessageSchema,
    replaces: z.string().optional(),
  }),
  z.object({
    type: z.literal('error'),
    answerId: z.string().nullable(),
    code: z.enum(['ANSWER_FAILED', 'ANSWER_INTERRUPTED', 'RESUME_GAP']),
    message: z.string(),
    /** An interrupted answer that another provider answers anew: the id of the replacement answer. */
    replacedBy: z.string().optional(),
  }),
]);
export type ChatEvent = z.infer<typeof chatEventSchema>;

/** What travels on the bus: an event and, for a private event, the one user it is for. */
export interface RoomEnvelope {
  audience: number | null;
  event: ChatEvent;
}

export interface TrackedChatEvent {
  id: string;
  event: ChatEvent;
}
