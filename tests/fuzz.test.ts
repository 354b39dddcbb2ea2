import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseClientFrame } from '../src/legacy/frames.js';
import { appRouter } from '../src/trpc/root.js';
import { LegacySocket } from './support/legacy.js';
import { signUp, startServer, type TestServer } from './support/server.js';

let server: TestServer;
let token: string;
let username: string;
beforeAll(async () => {
  server = await startServer();
  ({ token, user: { username } } = await signUp(server.url));
});
afterAll(() => server.close());

const anyFrameValue = fc.oneof(
  fc.jsonValue(),
  fc.record({ type: fc.constantFrom('connection', 'chatbot_query', 'disconnect_request', 'other'), message: fc.jsonValue(), username: fc.jsonValue(), token: fc.jsonValue() }, { requiredKeys: ['type'] }),
);

describe('fuzzing', () => {
  it('the legacy frame parser never throws and always classifies', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array().map((b) => Buffer.from(b)), anyFrameValue.map((v) => JSON.stringify(v))), fc.boolean(), (data, isBinary) => {
        const parsed = parseClientFrame(Buffer.isBuffer(data) ? data : Buffer.from(data), isBinary);
        expect(['frame', 'invalid', 'ignored']).toContain(parsed.kind);
        if (parsed.kind === 'invalid') expect(parsed.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('every procedure answers arbitrary input with a typed error, never a 500', async () => {
    // Every procedure except subscriptions, and logout, which would end the fuzzer's own session.
    const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>).filter(
      ([path, procedure]) => procedure._def.type !== 'subscription' && path !== 'auth.logout',
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...procedures), fc.jsonValue(), async ([path, procedure], input) => {
        const payload = JSON.stringify({ json: input });
        const isQuery = procedure._def.type === 'query';
        const response = await fetch(
          isQuery ? `${server.url}/trpc/${path}?input=${encodeURIComponent(payload)}` : `${server.url}/trpc/${path}`,
          {
            method: isQuery ? 'GET' : 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: isQuery ? undefined : payload,
          },
        );
        const body = await response.json();
        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) expect(body.error.json.data.code).toMatch(/^[A-Z_]+$/);
      }),
      { numRuns: 300 },
    );
    // Still healthy afterwards.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('a live legacy socket survives arbitrary frames and still answers', async () => {
    ({ token, user: { username } } = await signUp(server.url));
    const socket = await LegacySocket.open(server.wsUrl, 'fuzz', token);
    socket.send({ type: 'connection', username });
    await socket.next('connection_confirmed');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), anyFrameValue.map((v) => JSON.stringify(v))), async (frame) => {
        socket.send(frame);
      }),
      { numRuns: 300 },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(socket.closed).toBeNull();
    const { response } = await socket.ask('still with me?', username);
    expect(response.message.length).toBeGreaterThan(0);
    socket.close();
  });
});
