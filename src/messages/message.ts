import { z } from 'zod';
import type { MessageRow } from '../db/schema.js';

export const directionSchema = z.enum(['sent', 'received']);

export const storedMessageSchema = z.object({
  id: z.number().int(),
  userId: z.number().int(),
  room: z.string(),
  direction: directionSchema,
  text: z.string(),
  source: z.string().nullable(),
  answerId: z.string().nullable(),
  createdAt: z.date(),
});
export type StoredMessage = z.infer<typeof storedMessageSchema>;

export function toStoredMessage(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    userId: row.user_id,
    room: row.room,
    direction: row.direction,
    text: row.text,
    source: row.source,
    answerId: row.answer_id,
    createdAt: new Date(row.created_at),
  };
}

/** Messages stored outside any chat room (the original's POST /api/messages/). */
export const DIRECT_ROOM = 'direct';
