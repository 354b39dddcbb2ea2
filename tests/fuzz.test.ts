import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { importCsvFile } from '../src/hrdata/csv-import.js';
import { HR_KINDS, KINDS } from '../src/hrdata/kinds.js';
import { parseClientFrame } from '../src/legacy/frames.js';
import { appRouter } from '../src/trpc/root.js';
import { LegacySocket } from './support/legacy.js';
import { signUp, startServer, tempDir, type TestServer } from './support/server.js';

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

  it('the CSV importer answers any file with an import or a typed error: no crash, no hang', async () => {
    const dir = tempDir('fuzz-csv-');
    const cell = fc.oneof(
      fc.constantFrom('EMP0001', '1/2/2024', '02-01-2024', '2024-01-02', '3', '7.5', 'Sick Leave', 'Good', 'True', 'H1 2024', ''),
      fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('"', '""', '"a,b"', '\r', '\n', ',', '\ufeff', '-1', '1e309', 'NaN', '2/30/2024'),
    );
    const csvFor = (kind: (typeof HR_KINDS)[number]) =>
      fc
        .tuple(fc.shuffledSubarray([...KINDS[kind].columns, 'Extra'], { minLength: 0 }), fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 30 }), fc.boolean())
        .map(([header, rows, crlf]) => [header, ...rows].map((row) => row.join(',')).join(crlf ? '\r\n' : '\n'));
    const anyFile = fc.oneof(
      fc.constantFrom(...HR_KINDS).chain((kind) => csvFor(kind).map((text) => ({ kind, text }))),
      fc.record({ kind: fc.constantFrom(...HR_KINDS), text: fc.string({ unit: 'binary', maxLength: 400 }) }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(anyFile, async ({ kind, text }) => {
        const file = path.join(dir, `${run++}.csv`);
        fs.writeFileSync(file, text);
        const result = await importCsvFile({ kind, path: file });
        if (result.ok) {
          expect(result.aggregate.rows).toBeGreaterThan(0);
        } else {
          expect(result.error.message.length).toBeGreaterThan(0);
          expect(result.error.rowErrors.length).toBeLessThanOrEqual(100);
          for (const problem of result.error.rowErrors) expect(problem).toEqual({ row: expect.any(Number), column: expect.any(String), reason: expect.any(String) });
        }
      }),
      { numRuns: 500 },
    );
  });
});
