import type { IncomingMessage, ServerResponse } from 'node:http';
import { createURL } from '@trpc/server/adapters/node-http';
import { resolveResponse, type HTTPBaseHandlerOptions } from '@trpc/server/http';
import { isMultipart } from '../hrdata/upload-pipeline.js';
import type { AppServices } from '../services.js';
import { createContext } from '../trpc/context.js';
import { appRouter, type AppRouter } from '../trpc/root.js';

export const UPLOAD_PATH = '/trpc/hrdata.upload';

/** Whether this request is an HR data upload over tRPC (`hrdata.upload` with a multipart body). */
export function isTrpcUpload(req: IncomingMessage, url: URL): boolean {
  return url.pathname === UPLOAD_PATH && req.method === 'POST' && isMultipart(req);
}

/**
 * `hrdata.upload` over HTTP, answered by tRPC itself. tRPC reads a multipart body with the
 * Fetch API's `Request.formData()`, which holds every file in memory, and HR files can be a
 * gigabyte; so tRPC gets a Request whose `formData()` is the HR upload pipeline's: the files
 * streamed to disk as they arrive, the FormData made of Files backed by those copies. tRPC
 * reads the input only after the procedure's middlewares, so nothing is staged for a caller
 * the gate refuses.
 */
export function createTrpcUploadHandler(services: AppServices, options: Pick<HTTPBaseHandlerOptions<AppRouter, IncomingMessage>, 'onError' | 'responseMeta'>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const aborted = new AbortController();
    res.once('close', () => {
      if (!res.writableEnded) aborted.abort();
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
    }
    const request = new Request(createURL(req), { method: 'POST', headers, signal: aborted.signal });
    Object.defineProperty(request, 'formData', { value: () => services.hrUploads.formDataOf(req) });

    const response = await resolveResponse({
      router: appRouter,
      req: request,
      path: 'hrdata.upload',
      error: null,
      createContext: ({ info }) => createContext(services, { req, res, info }),
      onError: options.onError && ((opts) => options.onError!({ ...opts, req })),
      responseMeta: options.responseMeta,
    });
    response.headers.forEach((value, name) => res.setHeader(name, value));
    res.writeHead(response.status);
    res.end(Buffer.from(await response.arrayBuffer()));
  };
}
