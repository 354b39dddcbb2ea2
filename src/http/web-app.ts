import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestHandler } from './server.js';

// This file is src/http/web-app.ts, or dist/src/http/web-app.js in the compiled server (npm start).
export const WEB_DIST_DIR = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../web/dist/' : '../../../web/dist/', import.meta.url));

/** Paths the server answers itself: never the app's, even when nothing there matched. */
const SERVER_PATHS = ['/trpc', '/rest', '/openapi.json', '/api', '/ws', '/panel', '/healthz', '/readyz', '/metrics'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

const isServerPath = (pathname: string) => SERVER_PATHS.some((p) => pathname === p || pathname.startsWith(`${p}/`));

async function readFileIn(root: string, pathname: string): Promise<Buffer | null> {
  const file = path.resolve(root, `.${pathname}`);
  if (!file.startsWith(root)) return null;
  try {
    return await fs.readFile(file);
  } catch {
    return null;
  }
}

/**
 * The web app built by `npm run web:build` (web/dist): its files, and index.html for any
 * other page path (the app routes on the client). Hashed assets are cached for good,
 * index.html never, so a new build shows at the next load. Served at `base`: `/`, or `/app/`
 * when LEGACY_WEB_DIR puts the original frontend at `/`. Below `/`, index.html gets
 * `<base href="<base>">` (replacing the one it has), so an app built with relative URLs
 * (`vite --base=./`, its router's basename from `document.baseURI`) works at either.
 */
export function createWebAppRoute(root = WEB_DIST_DIR, base = '/'): RequestHandler {
  const distRoot = path.resolve(root) + path.sep;
  return async (req, res, url) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isServerPath(url.pathname)) return false;
    if (url.pathname === base.slice(0, -1)) {
      res.writeHead(308, { location: base + url.search });
      res.end();
      return true;
    }
    if (!url.pathname.startsWith(base)) return false;
    let pathname: string;
    try {
      // The path inside the app: `/app/hr` is `/hr` of an app served at `/app/`.
      pathname = decodeURIComponent(url.pathname.slice(base.length - 1));
    } catch {
      return false;
    }
    const asset = pathname.endsWith('/') ? null : await readFileIn(distRoot, pathname);
    if (asset) {
      const immutable = pathname.startsWith('/assets/');
      send(res, req.method, 200, CONTENT_TYPES[path.extname(pathname)] ?? 'application/octet-stream', asset, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return true;
    }
    // A missing file (a name with an extension) stays a 404; any other path is a page of the app.
    if (path.extname(pathname) !== '') return false;
    const index = await readFileIn(distRoot, '/index.html');
    if (!index) {
      send(res, req.method, 503, 'text/plain; charset=utf-8', Buffer.from('The web app is not built yet: run `npm run web:build` (npm install does it).\n'), 'no-store');
      return true;
    }
    send(res, req.method, 200, CONTENT_TYPES['.html']!, withBase(index, base), 'no-cache');
    return true;
  };
}

function withBase(index: Buffer, base: string): Buffer {
  const html = index.toString('utf8');
  // At `/` the page needs none (and a base would turn `#anchor` links into links to `/`).
  if (base === '/') return index;
  if (/<base\s[^>]*>/i.test(html)) return Buffer.from(html.replace(/<base\s[^>]*>/i, `<base href="${base}">`));
  if (!/<head[^>]*>/i.test(html)) return index;
  return Buffer.from(html.replace(/<head[^>]*>/i, (head) => `${head}<base href="${base}">`));
}

function send(res: Parameters<RequestHandler>[1], method: string | undefined, status: number, type: string, body: Buffer, cacheControl: string) {
  res.writeHead(status, { 'content-type': type, 'content-length': body.length, 'cache-control': cacheControl });
  res.end(method === 'HEAD' ? undefined : body);
}
