import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export interface Child {
  process: ChildProcess;
  /** The JSON a child prints on a `READY {...}` line. */
  ready: Record<string, any>;
  stop(): Promise<void>;
}

/** Runs a TypeScript file in its own Node process; resolves once it prints `READY {json}`. */
export function startTs(file: string, args: string[] = [], env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Child> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', file, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = buffer.match(/^READY (.*)$/m);
      if (!match) return;
      child.stdout!.off('data', onData);
      child.stdout!.resume();
      resolve({ process: child, ready: JSON.parse(match[1]!), stop: () => stopChild(child) });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${file} exited early with code ${code}`)));
  });
}

/**
 * Runs a TypeScript file to completion and returns the JSON of its `RESULT {json}` line;
 * `onLine` sees each line it prints on the way (a load generator's `ASKING`, say).
 */
export function runTs(file: string, args: string[] = [], env: Record<string, string> = {}, onLine?: (line: string) => void): Promise<any> {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let seen = 0;
  child.stdout!.on('data', (chunk) => {
    out += chunk;
    if (!onLine) return;
    const end = out.lastIndexOf('\n') + 1;
    for (const line of out.slice(seen, end).split('\n').slice(0, -1)) onLine(line);
    seen = Math.max(seen, end);
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const match = out.match(/^RESULT (.*)$/m);
      if (code === 0 && match) resolve(JSON.parse(match[1]!));
      else reject(new Error(`${file} failed (code ${code}): ${out.slice(-500)}`));
    });
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** CPU time (user + system) a process has used so far, in ms; 0 once it is gone. */
export function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime: fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

export function rssBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS until stopped; reports the peak and the last sample. */
export function sampleRss(pid: number, everyMs = 200) {
  let peak = 0;
  let last = 0;
  const timer = setInterval(() => {
    last = rssBytes(pid);
    peak = Math.max(peak, last);
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { peak, last };
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
