// npm run build:server — compiles the server (src/, migrations/) to plain JavaScript in dist/ with
// esbuild, file by file. dist/ mirrors the repository (dist/src/main.js, dist/migrations/…) so the
// relative imports between the two folders hold. It only transpiles: `npm run typecheck` checks.
//   node scripts/build-server.mjs [--outdir <dir>]
// Plain JavaScript so that `npm start` can check the build without a TypeScript loader.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What the server build is made from: a change under any of these makes dist/ stale. */
export const SERVER_SOURCES = ['src', 'migrations', 'tsconfig.json', 'scripts/build-server.mjs'];
export const SERVER_STAMP = '.build-stamp';

export async function buildServer(outdir = path.join(ROOT, 'dist')) {
  const started = new Date();
  const { build } = await import('esbuild');
  // A clean folder: a deleted source (a migration above all) must not live on in the build.
  fs.rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: ROOT,
    // Data files the server reads beside its modules (the crisis model) are copied as they are.
    entryPoints: ['src/**/*.ts', 'src/**/*.json', 'migrations/*.ts'],
    loader: { '.json': 'copy' },
    outdir,
    outbase: '.',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  // The stamp carries the time the build started: a source saved meanwhile is newer, so it is rebuilt.
  const stamp = path.join(outdir, SERVER_STAMP);
  fs.writeFileSync(stamp, '');
  fs.utimesSync(stamp, started, started);
  console.log(`built the server into ${path.relative(ROOT, outdir) || '.'} in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
  await buildServer(values.outdir && path.resolve(values.outdir));
}
