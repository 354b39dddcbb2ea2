import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for browsers on other origins: only those in ALLOWED_ORIGINS (empty: none, so
 * same-origin pages only). Answers preflights itself; returns true when it did.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin || !isAllowedOrigin(origin, allowedOrigins)) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  // Credentials (the legacy `/login/` session cookie) only for origins named one by one, never through `*`.
  if (allowedOrigins.includes(origin)) res.setHeader('access-control-allow-credentials', 'true');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    // PUT: the original frontend's profile update.
    'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, trpc-accept, x-trpc-source',
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}

export function isAllowedOrigin(origin: string, allowedOrigins: string[]): boolean {
  return allowedOrigins.includes('*') || allowedOrigins.includes(origin);
}

/** A browser's WebSocket from a foreign origin is refused unless allowed (no origin: not a browser). */
export function isAcceptableUpgradeOrigin(req: IncomingMessage, allowedOrigins: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  const host = req.headers.host;
  try {
    if (host && new URL(origin).host === host) return true;
  } catch {
    return false;
  }
  return isAllowedOrigin(origin, allowedOrigins);
}
