import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { envSchema, loadConfig } from '../src/config.js';
import { ROOT, envVariables, renderConfigTable, renderEnvExample, withConfigTable } from '../scripts/config-docs.js';
import { tempDir } from './support/server.js';

describe('one config truth: the zod envSchema', () => {
  it('describes every variable', () => {
    const undocumented = envVariables().filter((v) => !v.description?.trim()).map((v) => v.name);
    expect(undocumented, 'add .describe(…) to these in src/config.ts').toEqual([]);
  });

  it("is what the README's configuration table says (npm run docs:config rewrites it)", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme, 'README.md is out of date: run npm run docs:config').toContain(renderConfigTable());
    expect(withConfigTable(readme)).toBe(readme);
    for (const name of Object.keys(envSchema.shape)) expect(readme).toContain(`| \`${name}\` |`);
  });

  it('is what .env.example says, and a copy of .env.example is a valid configuration', () => {
    const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    expect(example, '.env.example is out of date: run npm run docs:config').toBe(renderEnvExample());
    const names = Object.keys(envSchema.shape);
    const mentioned = [...example.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);
    expect(mentioned.sort()).toEqual([...names].sort());
    const parsed = parseEnv(example);
    expect(() => loadConfig(parsed)).not.toThrow();
    // Each default written in the file reads back as the schema's own default.
    expect(loadConfig(parsed)).toEqual(loadConfig({}));
  });

  it('catches a table that drifted from the schema', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const drifted = readme.replace('| `PORT` | `3000` |', '| `PORT` | `8080` |');
    expect(drifted).not.toBe(readme);
    expect(drifted).not.toContain(renderConfigTable());
  });
});

describe('.env', () => {
  /** Starts `src/main.ts` in `cwd` as `npm start` would and returns its "listening" log line. */
  async function startIn(cwd: string, env: Record<string, string>) {
    const childEnv: Record<string, string | undefined> = { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env };
    for (const name of ['DATA_DIR', 'DATABASE_URL', 'REDIS_URL', 'SUMMARIES_DIR', 'METRICS_TOKEN']) if (!(name in env)) delete childEnv[name];
    const tsx = path.join(ROOT, 'node_modules/tsx/dist/loader.mjs');
    const child = spawn(process.execPath, ['--import', tsx, path.join(ROOT, 'src/main.ts')], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    try {
      return await new Promise<{ url: string; database: string }>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk;
          const line = output.split('\n').find((l) => l.includes('"HR assistant is listening"'));
          if (line) resolve(JSON.parse(line));
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk));
        child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output.slice(-2000)}`)));
      });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }

  it('is read at start-up from the working directory, and the real environment wins over it', async () => {
    const cwd = tempDir('hr-dotenv-');
    fs.writeFileSync(path.join(cwd, '.env'), ['# as copied from .env.example', 'DATA_DIR=from-dotenv', 'MAIL_FROM="HR <hr@example.com>"', ''].join('\n'));
    // Set only in .env: taken from there (a relative path, from the working directory).
    const fromFile = await startIn(cwd, {});
    expect(fromFile.database).toBe(path.join(cwd, 'from-dotenv', 'hr-assistant.sqlite'));
    // Set in both: the real environment's value wins.
    const realDir = path.join(cwd, 'from-real-env');
    const fromEnv = await startIn(cwd, { DATA_DIR: realDir });
    expect(fromEnv.database).toBe(path.join(realDir, 'hr-assistant.sqlite'));
  });
});
