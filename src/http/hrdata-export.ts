import { pipeline } from 'node:stream/promises';
import type { AppServices } from '../services.js';
import { bearerToken } from '../trpc/context.js';
import { sendJson } from './respond.js';
import type { RequestHandler } from './server.js';

export const HRDATA_EXPORT_PATH = '/hrdata/export.csv';

/**
 * GET /hrdata/export.csv: the master table (hrdata.export's rows) as a CSV file download,
 * for HR, authenticated like tRPC (`Authorization: Bearer <token>`).
 */
export function createHrDataExportRoute(services: AppServices): RequestHandler {
  return async (req, res, url) => {
    if (url.pathname !== HRDATA_EXPORT_PATH) return false;
    if (req.method !== 'GET') {
      res.setHeader('allow', 'GET');
      sendJson(res, 405, { error: { code: 'METHOD_NOT_SUPPORTED', message: `${req.method} not allowed: use GET` } });
      return true;
    }
    const session = await services.auth.authenticate(bearerToken(req.headers.authorization));
    if (!session) {
      res.setHeader('www-authenticate', 'Bearer');
      sendJson(res, 401, { error: { code: 'UNAUTHORIZED', message: 'Sign in first: send a valid session token' } });
      return true;
    }
    if (session.user.role !== 'hr') {
      sendJson(res, 403, { error: { code: 'FORBIDDEN', message: 'HR role required' } });
      return true;
    }
    const csv = await services.hrdata.exportCsv(session.user);
    const day = new Date().toISOString().slice(0, 10);
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="hr-master-table_${day}.csv"`,
      'cache-control': 'no-store',
    });
    await pipeline(csv, res);
    return true;
  };
}
