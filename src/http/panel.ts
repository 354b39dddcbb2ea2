import { renderTrpcPanel } from 'trpc-ui';
import type { AppServices } from '../services.js';
import { appRouter } from '../trpc/root.js';
import type { RequestHandler } from './server.js';

/**
 * The tRPC panel (trpc-ui) at /panel when PANEL_ENABLED (default: on unless production):
 * every procedure with its input schema, callable from the page. Its JS and CSS are
 * inlined, so it works offline. Sign in with `auth.login`, then add the header
 * `Authorization: Bearer <token>` in the panel's Headers to call the rest.
 */
export function createPanelRoute(services: AppServices): RequestHandler {
  const pages = new Map<string, string>();
  return (req, res, url) => {
    if (url.pathname !== '/panel' && url.pathname !== '/panel/') return false;
    if (!services.config.panelEnabled) return false;
    const origin = `${req.headers['x-forwarded-proto'] ?? 'http'}://${req.headers.host ?? 'localhost'}`;
    let html = pages.get(origin);
    if (!html) {
      html = renderTrpcPanel(appRouter, {
        url: `${origin}/trpc`,
        transformer: 'superjson',
        meta: {
          title: 'HR assistant API',
          description: 'Call auth.login, then set the header Authorization: Bearer <token> (Headers button) to call the rest.',
        },
      });
      pages.set(origin, html);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
    return true;
  };
}
