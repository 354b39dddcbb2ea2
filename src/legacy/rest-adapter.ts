import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodError } from 'zod';
import { loginInputSchema, registerInputSchema } from '../auth/schemas.js';
import { AppError, type AppErrorCode } from '../errors.js';
import { BodyTooLargeError, readJsonBody, sendJson } from '../http/respond.js';
import type { RequestHandler } from '../http/server.js';
import type { AppServices } from '../services.js';
import { bearerToken } from '../trpc/context.js';
import type { PublicUser } from '../users/user.js';
import { toLegacyMessageItem } from './messages.js';
import { HR_KINDS } from '../hrdata/kinds.js';
import { discardStaged } from '../hrdata/staged-file.js';
import { isMultipart } from '../hrdata/upload-pipeline.js';

export const STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 400,
  TOO_MANY_REQUESTS: 429,
  PAYLOAD_TOO_LARGE: 413,
  SERVICE_UNAVAILABLE: 503,
};

/** DRF-style field errors: `{ "username": ["must not be empty"] }`, with the original's field names. */
export function fieldErrors(error: ZodError, rename: Record<string, string> = {}) {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'non_field_errors');
    (errors[rename[field] ?? field] ??= []).push(issue.message);
  }
  return errors;
}

type Route = {
  method: string;
  path: RegExp;
  handle: (ctx: { req: IncomingMessage; res: ServerResponse; params: string[]; body: () => Promise<any> }) => Promise<void>;
};

/**
 * The original system's REST paths (spec/legacy-rest.md), thin adapters over the
 * same services as the tRPC router, with the original's JSON shapes and statuses.
 */
export function createLegacyRestRoutes(services: AppServices, extra: Route[] = []): RequestHandler {
  const { auth, messages, config } = services;

  async function requireUser(req: IncomingMessage): Promise<PublicUser> {
    const session = await auth.authenticate(bearerToken(req.headers.authorization));
    if (!session) throw new AppError('UNAUTHORIZED', 'Authentication credentials were not provided.');
    return session.user;
  }

  const routes: Route[] = [
    {
      method: 'POST',
      path: /^\/api\/auth\/register\/?$/,
      async handle({ req, res, body }) {
        const raw = (await body()) ?? {};
        const legacyNames: Record<string, string> = { employeeId: 'employee_id', inviteCode: 'invite_code' };
        const parsed = registerInputSchema.omit({ role: true }).safeParse({ ...raw, employeeId: raw.employee_id, inviteCode: raw.invite_code });
        if (!parsed.success) return sendJson(res, 400, fieldErrors(parsed.error, legacyNames));
        try {
          const { token, user } = await auth.register(parsed.data, null, req.socket.remoteAddress);
          sendJson(res, 201, { user: { id: user.id, username: user.username, employee_id: user.employeeId, role: user.role }, token });
        } catch (error) {
          // The service names the field first ("inviteCode: expired"): a DRF field error under the original's name.
          const named = error instanceof AppError && (error.code === 'CONFLICT' || error.code === 'BAD_REQUEST') ? /^(\w+): (.*)$/s.exec(error.message) : null;
          if (!named) throw error;
          const [, field = '', reason] = named;
          if (field === 'username') return sendJson(res, 400, { username: ['A user with that username already exists.'] });
          return sendJson(res, 400, { [legacyNames[field] ?? field]: [reason] });
        }
      },
    },
    {
      method: 'POST',
      path: /^\/api\/auth\/login\/?$/,
      async handle({ req, res, body }) {
        const parsed = loginInputSchema.safeParse((await body()) ?? {});
        if (!parsed.success) return sendJson(res, 400, fieldErrors(parsed.error));
        try {
          const { token, user } = await auth.login(parsed.data.username, parsed.data.password, req.socket.remoteAddress);
          sendJson(res, 200, { access: token, user: { id: user.id, username: user.username, company_id: user.employeeId }, role: user.role });
        } catch (error) {
          if (error instanceof AppError && error.code === 'UNAUTHORIZED') {
            return sendJson(res, 400, { non_field_errors: ['Invalid credentials'] });
          }
          throw error;
        }
      },
    },
    {
      method: 'GET',
      path: /^\/api\/messages\/(\d+)\/?$/,
      async handle({ req, res, params }) {
        const actor = await requireUser(req);
        const { user, messages: stored } = await messages.readAll(actor, Number(params[0]));
        const items = stored.map((m) => toLegacyMessageItem(m, user));
        sendJson(res, 200, { count: items.length, user: { id: user.id, username: user.username, profile_pic: user.profilePic }, messages: items });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/messages\/?$/,
      async handle({ req, res, body }) {
        const actor = await requireUser(req);
        const raw = (await body()) ?? {};
        const userId = Number(raw.user_id);
        const valid = Number.isInteger(userId) && userId > 0 && typeof raw.message === 'string' && raw.message !== '' &&
          typeof raw.response === 'string' && raw.response !== '';
        if (!valid) return sendJson(res, 400, { error: 'user_id, message, and response are required.' });
        const { user, pair } = await messages.storePair(actor, { userId, message: raw.message, response: raw.response });
        sendJson(res, 201, { count: 2, messages: pair.map((m) => toLegacyMessageItem(m, user)) });
      },
    },
    ...extra,
    {
      method: 'POST',
      path: /^\/api\/process-hr-metrics\/?$/,
      async handle({ req, res }) {
        const actor = await services.hrUploads.admit(await requireUser(req), req.socket.remoteAddress ?? 'unknown');
        const missingAll = { error: `Missing required CSV files: ${HR_KINDS.join(', ')}`, required_files: HR_KINDS };
        if (!isMultipart(req)) return sendJson(res, 400, missingAll);
        const upload = await services.hrUploads.stageRequest(req);
        // The original took all six metric files at once, and CSV files only (the directory may come along).
        const missing = HR_KINDS.filter((kind) => !upload.files.some((f) => f.kind === kind));
        const notCsv = upload.files.find((f) => !f.fileName.toLowerCase().endsWith('.csv'));
        if (missing.length > 0 || notCsv) {
          await discardStaged(upload.files);
          return notCsv
            ? sendJson(res, 400, { error: `Uploaded file ${notCsv.fileName} must be a CSV` })
            : sendJson(res, 400, { error: `Missing required CSV files: ${missing.join(', ')}`, required_files: HR_KINDS });
        }
        try {
          const result = await services.hrUploads.run(actor, upload);
          if (result.dryRun) return sendJson(res, 200, { success: true, dry_run: true, mode: result.mode, files: result.files, changes: result.changes });
          const flaggedCount = result.flaggedCount ?? 0;
          const flagged = await services.hrdata.flagged(actor, 25);
          sendJson(res, 200, {
            success: true,
            message: `Processed ${result.files.reduce((n, f) => n + f.rows, 0)} rows for ${result.employees} employees; ${flaggedCount} flagged for a check-in.`,
            employees: result.employees,
            flagged_count: flaggedCount,
            files: result.files,
            flagged_employees: flagged.map((f) => ({ employee_id: f.employeeId, score: f.score, problems: f.problems })),
          });
        } catch (error) {
          if (!(error instanceof AppError) || !error.details.importErrors) throw error;
          sendJson(res, 400, { error: error.message, details: error.details.importErrors });
        }
      },
    },
  ];

  return async (req, res, url) => {
    if (!url.pathname.startsWith('/api/')) return false;
    const matching = routes.filter((route) => route.path.test(url.pathname));
    if (matching.length === 0) return false;
    const route = matching.find((r) => r.method === req.method);
    if (!route) {
      sendJson(res, 405, { detail: `Method "${req.method}" not allowed.` });
      return true;
    }
    try {
      await route.handle({
        req,
        res,
        params: url.pathname.match(route.path)!.slice(1),
        body: () => readJsonBody(req, config.limits.maxRequestBytes),
      });
    } catch (error) {
      if (error instanceof SyntaxError) sendJson(res, 400, { detail: `JSON parse error - ${error.message}` });
      else if (error instanceof BodyTooLargeError) sendJson(res, 413, { detail: 'Request body is too large.' });
      else if (error instanceof AppError) {
        if (error.details.retryAfterSeconds) res.setHeader('retry-after', String(error.details.retryAfterSeconds));
        const detail = error.code === 'FORBIDDEN' ? 'You do not have permission to perform this action.' : error.message;
        sendJson(res, STATUS[error.code], error.code === 'NOT_FOUND' ? { error: 'User not found.' } : { detail });
      } else throw error;
    }
    return true;
  };
}

export type LegacyRoute = Route;
