import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.js';
import { httpRequestDuration } from './metrics.js';

/** An incoming X-Request-Id is kept when it is a plain token like these; anything else is replaced. */
const SANE_REQUEST_ID = /^[\w.:@-]{1,128}$/;
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Paths served by exactly one route, labelled as they are. */
const FIXED_ROUTES = new Set([...PROBES, '/openapi.json', '/panel', '/panel/', '/hrdata/export.csv']);

const pathOf = (url: string | undefined) => (url ?? '/').split('?')[0]!;

/**
 * The metrics label of a request: the procedure for tRPC and REST, the pattern of a legacy path
 * (`/api/messages/:id/`), else a fixed name, so that no id or unknown path makes a new series.
 */
export function routeLabel(pathname: string, status: number, procedures: ReadonlySet<string>): string {
  for (const [prefix, separator] of [['/trpc/', '.'], ['/rest/', '/']] as const) {
    if (!pathname.startsWith(prefix)) continue;
    const name = pathname.slice(prefix.length).replaceAll(separator, '.');
    if (procedures.has(name)) return prefix + pathname.slice(prefix.length);
    return prefix + (prefix === '/trpc/' && name.includes(',') ? '(batch)' : '(unknown)');
  }
  if (status === 404) return '(unmatched)';
  if (FIXED_ROUTES.has(pathname)) return pathname;
  if (pathname.startsWith('/api/')) return pathname.replace(/\/\d+(?=\/|$)/g, '/:id');
  return '(web app)';
}

/**
 * Per request: an id (the caller's sane `X-Request-Id`, else a new UUID) returned as
 * `X-Request-Id` and bound to `req.log`; one pino-http log line when the response is done
 * (not for the probes); and the request counted in `http_request_duration_seconds`.
 */
export function createRequestObserver(logger: Logger, procedures: ReadonlySet<string>) {
  const logRequest = pinoHttp({
    logger,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    genReqId(req, res) {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    autoLogging: { ignore: (req) => PROBES.has(pathOf(req.url)) },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    // The path only: query strings carry procedure inputs.
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, path: pathOf(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return (req: IncomingMessage, res: ServerResponse, url: URL) => {
    logRequest(req, res);
    const end = httpRequestDuration.startTimer();
    res.once('close', () => {
      const method = METHODS.has(req.method ?? '') ? req.method! : 'other';
      end({ method, route: routeLabel(url.pathname, res.statusCode, procedures), status_code: res.statusCode });
    });
  };
}

/** The request's logger (with its `requestId`) when it came through the observer, else `fallback`. */
export function requestLogger(req: IncomingMessage | undefined, fallback: Logger): Logger {
  return (req as { log?: Logger } | undefined)?.log ?? fallback;
}
