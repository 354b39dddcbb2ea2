import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { coalesceSends } from '../src/http/coalesced-sends.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A real server and client; the server's side of the socket counts the writes it makes to the kernel. */
async function connectedPair() {
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  const accepted = new Promise<{ ws: WebSocket; writes: () => number }>((resolve) => {
    server.on('upgrade', (req, socket, head) => {
      const raw = socket as Socket & { _write: Function; _writev: Function };
      let writes = 0;
      for (const method of ['_write', '_writev'] as const) {
        const original = raw[method];
        raw[method] = function (this: Socket, ...args: unknown[]) {
          writes++;
          return original.apply(this, args);
        };
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        coalesceSends(ws, socket);
        resolve({ ws, writes: () => writes });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on('message', (data) => received.push(String(data)));
  await new Promise((resolve) => client.once('open', resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())), () => client.terminate());
  return { ...(await accepted), client, received };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('coalesced WebSocket sends', () => {
  it('writes the frames of one turn once, in order, and the next turn’s again', async () => {
    const { ws, writes, received } = await connectedPair();
    const before = writes();
    ws.send('one');
    await Promise.resolve(); // a microtask later: the same turn
    ws.send('two');
    ws.send('three');
    expect(writes() - before).toBe(0); // held until the turn ends
    await nextTurn();
    expect(writes() - before).toBe(1);
    await until(() => received.length === 3);
    expect(received).toEqual(['one', 'two', 'three']);

    ws.send('four');
    await nextTurn();
    expect(writes() - before).toBe(2);
    await until(() => received.length === 4);
    expect(received.at(-1)).toBe('four');
  });

  it('sends what is held when the socket closes in the same turn', async () => {
    const { ws, client, received } = await connectedPair();
    const closed = new Promise<number>((resolve) => client.once('close', (code) => resolve(code)));
    ws.send('last words');
    ws.close(1000, 'bye');
    expect(await closed).toBe(1000);
    expect(received).toEqual(['last words']);
  });
});
