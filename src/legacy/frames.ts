import { fieldWithNul, NUL_REFUSED } from '../http/nul-text.js';
import { z } from 'zod';
import { messageTextSchema } from '../chat/chat-inputs.js';

/** Frames a legacy client sends (spec/legacy-ws.md). Unknown types are ignored, as before. */
const connectionFrame = z.object({
  type: z.literal('connection'),
  username: z.string().optional(),
  token: z.string().optional(),
});
/** The message follows the chat's one rule (trimmed, not empty); old clients' `username` is ignored. */
const chatbotQueryFrame = z.object({
  type: z.literal('chatbot_query'),
  message: messageTextSchema,
});
const disconnectRequestFrame = z.object({ type: z.literal('disconnect_request') });

export type ClientFrame =
  | z.infer<typeof connectionFrame>
  | z.infer<typeof chatbotQueryFrame>
  | z.infer<typeof disconnectRequestFrame>;

/** `type` of an invalid frame, where known: a refused `chatbot_query` is a failed question. */
export type ParsedFrame =
  | { kind: 'frame'; frame: ClientFrame }
  | { kind: 'invalid'; error: string; type: ClientFrame['type'] | null }
  | { kind: 'ignored' };

const schemas = {
  connection: connectionFrame,
  chatbot_query: chatbotQueryFrame,
  disconnect_request: disconnectRequestFrame,
} as const;

/** Turns raw WebSocket data into a frame, an error to report, or nothing to do. Never throws. */
export function parseClientFrame(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): ParsedFrame {
  if (isBinary) return { kind: 'invalid', error: 'Binary frames are not supported; send JSON text frames', type: null };
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', error: 'Invalid JSON: every frame must be a JSON object with a "type"', type: null };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'ignored' };
  const type = (value as { type?: unknown }).type;
  const nulField = fieldWithNul(value);
  if (nulField) return { kind: 'invalid', error: `${nulField}: ${NUL_REFUSED}`, type: type === 'chatbot_query' ? type : null };
  // Own keys only: "constructor" or "toString" is an unknown type, not a function of Object.prototype.
  if (typeof type !== 'string' || !Object.hasOwn(schemas, type)) return { kind: 'ignored' };
  const parsed = schemas[type as keyof typeof schemas].safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { kind: 'invalid', error: `${issue.path.join('.') || 'frame'}: ${issue.message}`, type: type as ClientFrame['type'] };
  }
  return { kind: 'frame', frame: parsed.data };
}
