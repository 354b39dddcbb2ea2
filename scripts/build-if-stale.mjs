// prestart: rebuilds what `npm start` serves — the server (dist/) and the web app (web/dist/) —
// when a source is newer than its build, so a changed source is never served stale. The check
// reads file times only (a few milliseconds); esbuild and Vite are loaded only to rebuild.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildServer, ROOT, SERVER_SOURCES, SERVER_STAMP } from './build-server.mjs';

/** The newest modification time under a path; a folder's own time changes when an entry is added or removed. */
function newest(file, ignored) {
  if (ignored.includes(file)) return 0;
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(file).map((entry) => newest(path.join(file, entry), ignored)));
}

function stale(sources, builtFile, ignored = []) {
  const built = fs.statSync(path.join(ROOT, builtFile), { throwIfNoEntry: false });
  return !built || sources.some((source) => newest(path.join(ROOT, source), ignored.map((p) => path.join(ROOT, p))) > built.mtimeMs);
}

if (stale(SERVER_SOURCES, path.join('dist', SERVER_STAMP))) await buildServer();

const WEB_SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'client-sdk/src'];
// The SDK's generated files are types only, rewritten by every typecheck: they change nothing in the bundle.
if (stale(WEB_SOURCES, 'web/dist/index.html', ['client-sdk/src/generated'])) {
  const { status } = spawnSync('npm', ['run', 'web:build'], { cwd: ROOT, stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
