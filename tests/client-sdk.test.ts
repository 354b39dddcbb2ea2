import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDir, type TestServer } from './support/server.js';

const sdkDir = path.resolve('client-sdk');
const run = (command: string, args: string[], cwd: string) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_loglevel: 'error' } });

const consumer = `
import { connectLegacyChat, createHrClient, type ChatEvent, type LegacyServerFrame } from '@hr-assistant/client';
import WebSocket from 'ws';

const url = process.env.SERVER_URL!;
const client = createHrClient({ url, webSocket: WebSocket });
const username = 'sdk_' + Date.now();
await client.trpc.auth.register.mutate({ username, password: 'password123' });
const { user, token } = await client.login(username, 'password123');
const chunks: string[] = [];
const answer = await client.ask('sdk-room', 'I feel stressed about deadlines', { onChunk: (text) => chunks.push(text) });
const history = await client.trpc.chat.history.query({ room: 'sdk-room' });
const firstId: number = history.items[0]!.id;
const createdAt: Date = history.items[0]!.createdAt;
const legacy = await connectLegacyChat({ url, room: 'sdk_legacy', username, token, webSocket: WebSocket });
const legacyChunks: string[] = [];
const legacyAnswer = await legacy.ask('And what about my leave?', (chunk) => legacyChunks.push(chunk));
const legacyHistory = await legacy.end();
legacy.close();
const kinds: Array<ChatEvent['type']> = ['members', 'presence', 'message', 'chunk', 'done', 'error'];

function neverCalled() {
  // @ts-expect-error room must be a string
  void client.trpc.chat.send.mutate({ room: 42, message: 'hi' });
  // @ts-expect-error there is no procedure chat.sned
  void client.trpc.chat.sned.mutate({ room: 'a', message: 'hi' });
  // @ts-expect-error ask needs the text
  void client.ask('room');
  // @ts-expect-error the legacy frames (generated from the server's schemas) have no such type
  const notAFrame: LegacyServerFrame['type'] = 'user_connect';
  void notAFrame;
}
function legacyFrameText(frame: LegacyServerFrame): string {
  if (frame.type === 'chatbot_stream') return frame.chunk;
  if (frame.type === 'connection_confirmed') return frame.chat_messages.map((item) => item.direction + item.user.username).join();
  // @ts-expect-error an error frame has no chat_messages
  return frame.type === 'error' ? frame.chat_messages : frame.type;
}
void legacyFrameText;
void neverCalled;

console.log('RESULT ' + JSON.stringify({ username: user.username, answer, chunks, history: history.items.length, firstId, isDate: createdAt instanceof Date, kinds: kinds.length, legacyAnswer, legacyChunks, legacyHistory: legacyHistory.length }));
client.close();
process.exit(0);
`;

// The SDK is the same whatever the server's storage: vitest.config.ts runs this in the SQLite project only.
describe('client SDK package', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  let project = '';

  it('packs, installs into a fresh project, type-checks a consumer and runs it against a live server', { timeout: 300_000 }, async () => {
    run('npm', ['run', 'build'], sdkDir);
    const packDir = tempDir('sdk-pack-');
    const tarball = path.join(packDir, run('npm', ['pack', '--pack-destination', packDir], sdkDir).trim().split('\n').at(-1)!);
    const listing = run('tar', ['-tzf', tarball], packDir);
    expect(listing).toContain('package/dist/index.d.ts');
    expect(listing).toContain('package/dist/generated/legacy-frames.d.ts');
    expect(listing).not.toMatch(/package\/src\//);

    project = tempDir('sdk-consumer-');
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: {
          '@hr-assistant/client': `file:${tarball}`,
          '@trpc/client': '11.25.2',
          '@trpc/server': '11.25.2',
          ws: '^8.18.0',
        },
        devDependencies: { typescript: '5.9.3', '@types/ws': '^8.18.1', '@types/node': '^20.19.0' },
      }),
    );
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', skipLibCheck: false, types: ['node'] },
        files: ['consumer.ts'],
      }),
    );
    fs.writeFileSync(path.join(project, 'consumer.ts'), consumer);
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], project);
    expect(fs.existsSync(path.join(project, 'node_modules/@hr-assistant/client/dist/index.d.ts'))).toBe(true);

    // Type-checks with only the package and @trpc/* installed (skipLibCheck off: the SDK's own .d.ts are checked too).
    run(process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);

    // Asynchronously: the server runs in this process and must keep answering.
    const { stdout: output } = await promisify(execFile)(process.execPath, ['out/consumer.js'], { cwd: project, encoding: 'utf8', env: { ...process.env, SERVER_URL: server.url } });
    const result = JSON.parse(output.match(/^RESULT (.*)$/m)![1]!);
    expect(result.answer.source).toBe('offline');
    expect(result.chunks.length).toBeGreaterThan(1);
    expect(result.chunks.join('')).toBe(result.answer.text);
    expect(result.history).toBe(2);
    expect(result.isDate).toBe(true);
    // The legacy client, on the raw /ws/chat/ protocol.
    expect(result.legacyChunks.length).toBeGreaterThan(1);
    expect(result.legacyChunks.join('')).toBe(result.legacyAnswer);
    expect(result.legacyHistory).toBe(4); // the user's messages in every room, as the original sent them
  });

  it('fails type-checking when a consumer misuses the API (the types are not any)', { timeout: 120_000 }, () => {
    // The @ts-expect-error lines above would fail the compile if they were not errors;
    // here, the same mistakes without the markers must fail it.
    expect(fs.existsSync(path.join(project, 'node_modules'))).toBe(true);
    fs.writeFileSync(path.join(project, 'consumer.ts'), `import { createHrClient } from '@hr-assistant/client';\nconst c = createHrClient({ url: 'http://x' });\nvoid c.trpc.chat.sned.mutate({ room: 'a' });\nvoid c.trpc.chat.send.mutate({ room: 1, message: 'hi' });\n`);
    const failure = (() => {
      try {
        run(process.execPath, [path.join(project, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], project);
        return '';
      } catch (error: any) {
        return String(error.stdout);
      }
    })();
    expect(failure).toMatch(/Property 'sned' does not exist/);
    expect(failure).toMatch(/Type 'number' is not assignable to type 'string'/);
  });
});
