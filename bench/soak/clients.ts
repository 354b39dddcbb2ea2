// Soak load (own process): N raw WebSocket clients speaking tRPC's WS protocol, each with
// one `chat.join` subscription, plus a steady stream of questions. Light on purpose: the
// generator must not be what limits the server.
//   node --import tsx bench/soak/clients.ts <ws-url> <tokens-file> <queries-per-second> <seconds> [idle-seconds]
// After READY the subscriptions stay idle for idle-seconds (the idle memory), then the questions start.
import fs from 'node:fs';
import WebSocket from 'ws';

const [url, tokensFile, qpsArg, secondsArg, idleArg] = process.argv.slice(2) as [string, string, string, string, string?];
const tokens: string[] = JSON.parse(fs.readFileSync(tokensFile, 'utf8'));
const sockets: Array<WebSocket & { room?: string }> = [];
let subscribed = 0;
let events = 0;
let answers = 0;
let failures = 0;

function open(token: string, index: number): Promise<void> {
  return new Promise((resolve) => {
    const socket: WebSocket & { room?: string } = new WebSocket(`${url}/trpc?connectionParams=1`);
    socket.room = `soak-${index % 100}`;
    socket.on('open', () => {
      socket.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
      socket.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'chat.join', input: { json: { room: socket.room } } } }));
    });
    socket.on('message', (data) => {
      const text = String(data);
      // The server's keep-alive (tRPC's WS protocol): answer it, as @trpc/client does.
      if (text === 'PING') return socket.send('PONG');
      const message = JSON.parse(text);
      if (message.id === 1 && message.result?.type === 'started') {
        subscribed++;
        resolve();
      } else if (message.id === 1 && message.result?.type === 'data') {
        events++;
        // A tracked event arrives as { id, data } inside superjson's { json }.
        if (message.result.data?.json?.data?.type === 'done') answers++;
      } else if (message.error) {
        failures++;
        resolve();
      }
    });
    socket.on('error', () => {
      failures++;
      resolve();
    });
    sockets.push(socket);
  });
}

// Ramp up in batches so the server is not hit by 10,000 handshakes at once.
for (let i = 0; i < tokens.length; i += 250) {
  await Promise.all(tokens.slice(i, i + 250).map((token, j) => open(token, i + j)));
}
console.log(`READY ${JSON.stringify({ subscribed, failures })}`);
await new Promise((resolve) => setTimeout(resolve, Number(idleArg ?? 0) * 1000));

let nextId = 2;
const qps = Number(qpsArg);
const ask = setInterval(() => {
  for (let q = 0; q < qps / 10; q++) {
    const socket = sockets[Math.floor(Math.random() * sockets.length)]!;
    if (socket.readyState !== WebSocket.OPEN) continue;
    socket.send(JSON.stringify({ id: nextId++, method: 'mutation', params: { path: 'chat.send', input: { json: { room: socket.room, message: 'How do I take leave?' } } } }));
  }
}, 100);

setTimeout(() => {
  clearInterval(ask);
  const open = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
  for (const socket of sockets) socket.terminate();
  // Exit only once the line is out: stdout is a pipe, and process.exit would drop it.
  process.stdout.write(`RESULT ${JSON.stringify({ subscribed, events, answers, failures, open })}\n`, () => process.exit(0));
}, Number(secondsArg) * 1000);
