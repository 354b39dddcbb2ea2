// The limit: a bare `ws` relay doing the same work as the server (take a question,
// stream the answer from the Mistral stand-in, forward each chunk), and nothing else.
// RELAY_CLIENT=sdk streams through the official Mistral SDK instead of raw HTTP, to
// show what the SDK alone costs. RELAY_CONTEXT=server sends, as the server does, the system
// prompt and the conversation so far (the server's own prompt and context-window code),
// to show what the SDK costs for the server's requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Mistral } from '@mistralai/mistralai';
import { HTTPClient } from '@mistralai/mistralai/lib/http.js';
import { fitToBudget } from '../../src/assistant/context-window.js';
import type { Turn } from '../../src/assistant/conversation.js';
import { createNodeHttpFetcher } from '../../src/assistant/node-http-fetcher.js';
import { buildPromptMessages } from '../../src/assistant/prompts.js';
import { CONTEXT_MESSAGES } from '../../src/chat/conversation-windows.js';
import { loadConfig } from '../../src/config.js';
import { WebSocket, WebSocketServer } from 'ws';

const standInUrl = new URL('/v1/chat/completions', process.env.STAND_IN_URL);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
const server = http.createServer();
const wss = new WebSocketServer({ server });

const sdk = new Mistral({ apiKey: 'relay', serverURL: process.env.STAND_IN_URL!, ...(process.env.RELAY_FETCHER === 'node-http' ? { httpClient: new HTTPClient({ fetcher: createNodeHttpFetcher() }) } : {}) });

const withContext = process.env.RELAY_CONTEXT === 'server';
const { contextChars } = loadConfig().assistant;
/** A socket's conversation, newest first (at most as many turns as the server reads back). */
const conversations = new WeakMap<WebSocket, Turn[]>();

function messagesFor(socket: WebSocket, question: string) {
  if (!withContext) return [{ role: 'user' as const, content: question }];
  const turns = [{ role: 'user' as const, content: question }, ...(conversations.get(socket) ?? [])].slice(0, CONTEXT_MESSAGES);
  conversations.set(socket, turns);
  return buildPromptMessages(fitToBudget(turns, contextChars), null);
}

async function relayThroughSdk(socket: WebSocket, message: string) {
  const stream = await sdk.chat.stream({ model: 'relay', messages: messagesFor(socket, message) });
  let answer = '';
  for await (const event of stream) {
    const content = event.data.choices[0]?.delta.content;
    if (typeof content === 'string' && content) {
      answer += content;
      socket.send(JSON.stringify({ type: 'chunk', text: content }));
    }
  }
  if (withContext) conversations.get(socket)!.unshift({ role: 'assistant', content: answer });
  socket.send(JSON.stringify({ type: 'done' }));
}

wss.on('connection', (socket) => {
  socket.on('message', (data) => {
    const { message } = JSON.parse(String(data));
    if (process.env.RELAY_CLIENT === 'sdk') {
      void relayThroughSdk(socket, message);
      return;
    }
    const body = JSON.stringify({ model: 'relay', stream: true, messages: [{ role: 'user', content: message }] });
    const req = http.request(standInUrl, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        buffer += text;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const payload = event.replace(/^data: /, '');
          if (payload === '[DONE]') {
            socket.send(JSON.stringify({ type: 'done' }));
            continue;
          }
          const content = JSON.parse(payload).choices[0]?.delta?.content;
          if (content) socket.send(JSON.stringify({ type: 'chunk', text: content }));
        }
      });
    });
    req.end(body);
  });
});

server.listen(0, '127.0.0.1', () => {
  console.log(`READY ${JSON.stringify({ url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}` })}`);
});
process.on('SIGTERM', () => process.exit(0));
