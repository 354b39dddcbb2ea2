import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

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
