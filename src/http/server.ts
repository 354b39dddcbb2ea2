import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppServices } from '../services.js';
import { createContext } from '../trpc/context.js';
import { appRouter } from '../trpc/root.js';
import type { AppError } from '../errors.js';
import { coalesceSends } from './coalesced-sends.js';
import { POLICY_VIOLATION } from './connections.js';
import { applyCors, isAcceptableUpgradeOrigin } from './cors.js';
import { sendJson } from './respond.js';
import { applySecurityHeaders } from './security-headers.js';
import { createTrpcUploadHandler, isTrpcUpload } from './trpc-upload.js';
import { UnauthenticatedSockets } from './unauthenticated-sockets.js';
import { guardUpgradeSocket, releaseUpgradeSocket } from './upgrade-socket.js';
import { createRequestObserver, requestLogger } from '../observability/requests.js';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean> | boolean;
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => boolean;

/** The request's URL, or null when it cannot be read (`//x:99999`): answered 400, never thrown. */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** What /readyz reports besides the storage: set by the app as it starts and stops. */
export interface Lifecycle {
  migrated: boolean;
  /** Shutting down: load balancers should stop sending requests. */
  draining: boolean;
}

export interface HttpServer {
  server: http.Server;
  /** Stops accepting, tells tRPC WebSocket clients to reconnect elsewhere, closes every socket. */
  close(): Promise<void>;
}

/**
 * One HTTP server on one port: tRPC over HTTP and WebSocket at /trpc, /healthz, and
 * whatever extra routes (legacy REST, panel) and upgrade paths (legacy WebSocket) are given.
 */
export function createHttpServer(
  services: AppServices,
  extra: { routes?: RequestHandler[]; upgrades?: UpgradeHandler[]; onClose?: () => Promise<void> | void; lifecycle?: Lifecycle } = {},
): HttpServer {
  const { config, logger } = services;
  const lifecycle = extra.lifecycle ?? { migrated: true, draining: false };
  const observe = createRequestObserver(logger, new Set(Object.keys(appRouter._def.procedures)));
  const onError = ({ error, path, req }: { error: Error & { code?: string }; path?: string | undefined; req?: IncomingMessage }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') requestLogger(req, logger).error({ err: error.cause ?? error, path }, 'tRPC procedure failed');
  };

  const responseMeta = ({ errors }: { errors: Array<{ cause?: unknown }> }) => {
    const retryAfter = errors.map((e) => (e.cause as AppError | undefined)?.details?.retryAfterSeconds).find(Boolean);
    return retryAfter ? { headers: { 'retry-after': String(retryAfter) } } : {};
  };
  const trpcHttp = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: config.limits.maxRequestBytes,
    createContext: (opts) => createContext(services, opts),
    onError,
    responseMeta,
  });
  const trpcUpload = createTrpcUploadHandler(services, { onError, responseMeta });

  const trpcWss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxRequestBytes });
  const trpcWs = applyWSSHandler({
    wss: trpcWss,
    router: appRouter,
    createContext: (opts) => createContext(services, opts),
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 10_000 },
    onError,
  });

  const check = (ping: () => Promise<void>) =>
    ping().then(
      () => 'ok' as const,
      (error) => {
        logger.error({ err: error }, 'health check failed');
        return 'down' as const;
      },
    );
  const storage = () =>
    Promise.all([
      check(() => services.database.ping()),
      config.redisUrl ? check(() => services.bus.ping()) : Promise.resolve('not configured' as const),
    ]);

  const routes: RequestHandler[] = [
    async (req, res, url) => {
      if (url.pathname !== '/healthz') return false;
      const [db, redis] = await storage();
      const healthy = db === 'ok' && redis !== 'down';
      sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable', db, redis });
      return true;
    },
    // Liveness above, readiness here: whether this instance should be sent traffic now.
    async (req, res, url) => {
      if (url.pathname !== '/readyz') return false;
      const [db, redis] = await storage();
      const { migrated, draining } = lifecycle;
      const status = draining ? 'draining' : !migrated ? 'starting' : db === 'ok' && redis !== 'down' ? 'ready' : 'unavailable';
      sendJson(res, status === 'ready' ? 200 : 503, { status, migrated, draining, db, redis });
      return true;
    },
    async (req, res, url) => {
      if (url.pathname !== '/trpc' && !url.pathname.startsWith('/trpc/')) return false;
      if (isTrpcUpload(req, url)) await trpcUpload(req, res);
      else trpcHttp(req, res);
      return true;
    },
    ...(extra.routes ?? []),
  ];

  const server = http.createServer(async (req, res) => {
    const url = requestUrl(req);
    if (!url) {
      applySecurityHeaders(res);
      sendJson(res, 400, { error: 'Bad request: the request URL cannot be read' });
      return;
    }
    observe(req, res, url);
    applySecurityHeaders(res);
    if (applyCors(req, res, config.allowedOrigins)) return;
    try {
      for (const route of routes) if (await route(req, res, url)) return;
      sendJson(res, 404, { error: 'Not found' });
    } catch (error) {
      requestLogger(req, logger).error({ err: error, path: url.pathname }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error' });
      else res.destroy();
    }
  });

  // A tRPC socket that has not authenticated (its connection params) is one waiting: bounded per address and in time.
  const unauthenticated = new UnauthenticatedSockets({ timeoutMs: config.sockets.authTimeoutMs, maxPerIp: config.sockets.maxUnauthenticatedPerIp });

  function upgradeTrpc(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    let upgraded: WebSocket | null = null;
    const authenticated = unauthenticated.admit(req.socket.remoteAddress ?? 'unknown', socket, () => {
      if (upgraded) upgraded.close(POLICY_VIOLATION, 'authentication timed out');
      else socket.destroy();
    });
    if (!authenticated) return refuseUpgrade(socket, '429 Too Many Requests');
    trpcWss.handleUpgrade(req, socket, head, (ws) => {
      releaseUpgradeSocket(socket);
      upgraded = ws;
      services.connections.onceRegistered(ws, authenticated);
      coalesceSends(ws, socket);
      trpcWss.emit('connection', ws, req);
    });
  }

  server.on('upgrade', (req, socket, head) => {
    guardUpgradeSocket(socket);
    try {
      const url = requestUrl(req);
      if (!url) return refuseUpgrade(socket, '400 Bad Request');
      if (!isAcceptableUpgradeOrigin(req, config.allowedOrigins)) return refuseUpgrade(socket, '403 Forbidden');
      if (url.pathname === '/trpc' || url.pathname === '/trpc/') return upgradeTrpc(req, socket, head);
      for (const upgrade of extra.upgrades ?? []) if (upgrade(req, socket, head, url)) return;
      refuseUpgrade(socket, '404 Not Found');
    } catch (error) {
      logger.error({ err: error }, 'WebSocket upgrade failed');
      refuseUpgrade(socket, '500 Internal Server Error');
    }
  });

  return {
    server,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      trpcWs.broadcastReconnectNotification();
      for (const client of trpcWss.clients) client.close(1001, 'server shutting down');
      await extra.onClose?.();
      server.closeAllConnections();
      await closed;
      trpcWss.close();
    },
  };
}
