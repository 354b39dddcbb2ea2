import type { AppServices } from '../services.js';
import { appRouter } from '../trpc/root.js';
import { sendJson } from './respond.js';
import type { RequestHandler } from './server.js';

/** trpc-ui is a dev dependency: imported on the first request for the panel, and absent from a production install. */
const loadTrpcUi = () => import('trpc-ui');

/**
 * The tRPC panel (trpc-ui) at /panel when PANEL_ENABLED (default: on unless production):
 * every procedure with its input schema, callable from the page. Its JS and CSS are
 * inlined, so it works offline. Sign in with `auth.login`, then add the header
 * `Authorization: Bearer <token>` in the panel's Headers to call the rest.
 * Without trpc-ui installed it answers 404, saying why.
 */
export function createPanelRoute(services: AppServices, load: typeof loadTrpcUi = loadTrpcUi): RequestHandler {
  // One page for every request, rendered on first use (~1 MB). It calls tRPC at a relative URL:
  // nothing from the request (Host, X-Forwarded-Proto) goes into it or into a cache key.
  let page: Promise<string | null> | undefined;
  const render = async () => {
    let renderTrpcPanel;
    try {
      ({ renderTrpcPanel } = await load());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
      services.logger.warn('PANEL_ENABLED, but trpc-ui (a dev dependency) is not installed: /panel answers 404');
      return null;
    }
    return renderTrpcPanel(appRouter, {
      url: '/trpc',
      transformer: 'superjson',
      meta: {
        title: 'HR assistant API',
        description: 'Call auth.login, then set the header Authorization: Bearer <token> (Headers button) to call the rest.',
      },
    });
  };
  return async (_req, res, url) => {
    if (url.pathname !== '/panel' && url.pathname !== '/panel/') return false;
    if (!services.config.panelEnabled) return false;
    const html = await (page ??= render());
    if (html === null) {
      sendJson(res, 404, { error: 'The tRPC panel needs trpc-ui, a dev dependency, which is not installed' });
      return true;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
    return true;
  };
}
