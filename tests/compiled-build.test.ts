import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, backendEnv } from './support/backend.js';
import { startChildServer, type ChildServer } from './support/child-server.js';
import { importEmployees } from './support/identity.js';
import { createClient, signUp, tempDir } from './support/server.js';

const run = promisify(execFile);
const root = path.resolve('.');

/** Packages the server process (and its worker threads) imported, as a loader hook saw them resolve. */
function packagesLoaded(log: string): Set<string> {
  const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
  return new Set(text.split('\n').filter(Boolean));
}

// What `npm start` runs: the build of scripts/build-server.mjs, by plain Node without a TypeScript loader.
describe('the compiled server (npm start)', () => {
  let build: string;
  let dataDir: string;
  let loaded: string;
  let env: Record<string, string>;
  let server: ChildServer;

  beforeAll(async () => {
    // Inside the repository, one level down as dist/ is: the build finds node_modules and web/dist from there.
    build = fs.mkdtempSync(path.join(root, '.build-test-'));
    await run(process.execPath, ['scripts/build-server.mjs', '--outdir', build]);
    dataDir = tempDir();
    loaded = path.join(dataDir, 'loaded.log');
    const hook = path.join(dataDir, 'record-packages.mjs');
    const resolveHook = `
      import fs from 'node:fs';
      export async function resolve(specifier, context, next) {
        const resolved = await next(specifier, context);
        const name = resolved.url.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//)?.[1];
        if (name) fs.appendFileSync(${JSON.stringify(loaded)}, name + '\\n');
        return resolved;
      }`;
    fs.writeFileSync(hook, `import { register } from 'node:module';\nregister('data:text/javascript,' + encodeURIComponent(${JSON.stringify(resolveHook)}));\n`);
    env = {
      ...(await backendEnv(dataDir)),
      DATA_DIR: dataDir,
      SUMMARIES_DIR: path.join(dataDir, 'summaries'),
      MISTRAL_API_KEY: '',
      PANEL_ENABLED: 'true',
      NODE_OPTIONS: '',
    };
    server = await startChildServer(env, ['--import', hook, path.join(build, 'src/main.js')]);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    if (build) fs.rmSync(build, { recursive: true, force: true });
  });

  it('answers /healthz, having migrated a new database from the compiled migrations', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', db: 'ok' });
  });

  it('starts without the heavy modules: no Mistral SDK offline, nothing before it is used, no tsx', () => {
    const packages = packagesLoaded(loaded);
    expect(packages.has('kysely')).toBe(true); // the hook sees what the server loads
    // No SMTP_URL here, so no nodemailer; pg only for a PostgreSQL URL.
    const unused = ['@mistralai/mistralai', 'danfojs-node', 'trpc-ui', 'pdfkit', 'nodemailer', 'tsx', ...(backend === 'sqlite' ? ['pg'] : [])];
    for (const heavy of unused) expect(packages.has(heavy), heavy).toBe(false);
  });

  it('loads the panel on its first request', async () => {
    const response = await fetch(`${server.url}/panel`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('tRPC.ui()');
    expect(packagesLoaded(loaded).has('trpc-ui')).toBe(true);
  });

  it('runs the compiled CLI and the HR data worker threads from the build', { timeout: 60_000 }, async () => {
    const account = await signUp(server.url);
    const { stdout } = await run(process.execPath, [path.join(build, 'src/cli/create-hr.js'), account.user.username], {
      env: { ...process.env, ...env },
      cwd: dataDir,
    });
    expect(stdout).toContain(`${account.user.username} is now an HR user.`);
    const hr = createClient(server.url, account.token);
    try {
      await importEmployees(hr, ['EMP7001']);
      // The ID exists only if the worker imported the file.
      await expect(hr.auth.createInvite.mutate({ employeeId: 'EMP7001' })).resolves.toMatchObject({ code: expect.any(String) });
      expect(packagesLoaded(loaded).has('tsx')).toBe(false); // the workers ran the compiled worker, not the tsx bootstrap
    } finally {
      hr.close();
    }
  });

  it('serves the web app from web/dist at the repository root', async () => {
    const response = await fetch(`${server.url}/`);
    const index = path.join(root, 'web/dist/index.html');
    if (fs.existsSync(index)) {
      const script = fs.readFileSync(index, 'utf8').match(/src="(\.?\/assets\/[^"]+\.js)"/)![1]!; // hashed per build
      expect(response.status).toBe(200);
      expect(await response.text()).toContain(script);
    } else {
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('npm run web:build');
    }
  });
});

describe('package scripts on a fresh clone', () => {
  const scripts = JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts as Record<string, string>;
  const sdkScripts = JSON.parse(fs.readFileSync('client-sdk/package.json', 'utf8')).scripts as Record<string, string>;

  it('generate the SDK router types (not in git) before type-checking', () => {
    expect(fs.readFileSync('client-sdk/.gitignore', 'utf8').split('\n')).toContain('src/generated/');
    expect(scripts.pretypecheck).toBe('npm run sdk:build');
    expect(scripts['sdk:build']).toBe('npm run build --prefix client-sdk');
    expect(sdkScripts.build).toMatch(/^node --import tsx scripts\/generate-router-type\.ts && /);
  });

  it('build the SDK types, the web app and the server on install, and check the build before starting', () => {
    expect(scripts.prepare).toBe('npm run build');
    expect(scripts.build!.split(' && ')).toEqual(['npm run sdk:build', 'npm run web:build', 'npm run build:server']);
    expect(scripts.prestart).toBe('node scripts/build-if-stale.mjs');
    expect(scripts.start).toMatch(/^node (--enable-source-maps )?dist\/src\/main\.js$/);
  });
});
