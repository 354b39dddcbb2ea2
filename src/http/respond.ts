import type { IncomingMessage, ServerResponse } from 'node:http';
import { fieldWithNul, NUL_REFUSED } from './nul-text.js';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

export class BodyTooLargeError extends Error {}

/** Reads a JSON body up to `maxBytes`; returns undefined for an empty body, throws SyntaxError on bad JSON (and on text with NUL). */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLargeError(`body is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  const body: unknown = JSON.parse(text);
  const field = fieldWithNul(body);
  if (field) throw new SyntaxError(`${field}: ${NUL_REFUSED}`);
  return body;
}
