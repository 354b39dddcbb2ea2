import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { backendEnv } from './backend.js';

export interface ChildServer {
  process: ChildProcess;
  url: string;
  /** SIGTERM and wait (a graceful stop). */
  stop(): Promise<void>;
  /** SIGKILL and wait (a crash). */
  kill(): Promise<void>;
}

/** Starts the server's entry point (by default the TypeScript sources, through tsx) as a real child process on an ephemeral port. */
export async function startChildServer(env: Record<string, string>, nodeArgs = ['--import', 'tsx', path.resolve('src/main.ts')]): Promise<ChildServer> {
  const child = spawn(process.execPath, nodeArgs, {
    // LOG_LEVEL stays `info`: the "listening" log line is how we learn the port.
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      NODE_ENV: 'test',
      RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
      RATE_LIMIT_REGISTER_PER_HOUR: '100000',
      RATE_LIMIT_CHAT_PER_MINUTE: '100000',
      // Every client of a test or bench connects from this one address.
      MAX_UNAUTHENTICATED_SOCKETS_PER_IP: '100000',
      ...env,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/"url":"(http:\/\/[^"]+)"/);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stdout!.on('data', (chunk: Buffer) => { if (process.env.CHILD_LOGS) process.stderr.write(chunk); }); // keep draining after start-up
    child.stderr!.on('data', (chunk) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output.slice(-2000)}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * The environment of child servers that keep their data in `dataDir` (on PostgreSQL + Redis,
 * a schema and key prefix derived from it, so a restarted one finds its data) and ask the
 * Mistral stand-in at `mistralUrl`; report jobs are polled often.
 */
export async function childServerEnv(dataDir: string, mistralUrl: string, extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    ...(await backendEnv(dataDir)),
    DATA_DIR: dataDir,
    SUMMARIES_DIR: path.join(dataDir, 'summaries'),
    MISTRAL_API_KEY: 'k',
    MISTRAL_SERVER_URL: mistralUrl,
    REPORT_POLL_MS: '100',
    ...extra,
  };
}
