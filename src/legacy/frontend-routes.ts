import type { IncomingMessage, ServerResponse } from 'node:http';
import { moodScoreSchema } from '../assistant/mood-tips.js';
import { loginInputSchema } from '../auth/schemas.js';
import { AppError } from '../errors.js';
import type { EmployeeTotals, MonthlySignals } from '../hrdata/hrdata-service.js';
import { BodyTooLargeError, readJsonBody, sendJson } from '../http/respond.js';
import type { RequestHandler } from '../http/server.js';
import { reportsSummaryPdf } from '../reports/reports-pdf.js';
import type { AppServices } from '../services.js';
import { bearerToken } from '../trpc/context.js';
import { profileUpdateSchema, type Profile } from '../users/profile.js';
import type { PublicUser } from '../users/user.js';
import { fieldErrors, STATUS } from './rest-adapter.js';
import { sessionCookie } from './session-cookie.js';

type Access = 'anyone' | 'signed-in' | 'hr';
interface Context {
  req: IncomingMessage;
  res: ServerResponse;
  params: string[];
  /** The caller (null only on `anyone` routes). */
  actor: PublicUser;
  body: () => Promise<unknown>;
}
interface Route {
  method: string;
  path: RegExp;
  access: Access;
  handle(ctx: Context): Promise<void>;
}

/** The newest HR reports the PDF summary covers. */
const PDF_REPORTS = 200;
/** Every flagged employee, as the original listed them. */
const ALL_FLAGGED = 100_000;

const round2 = (value: number) => Math.round(value * 100) / 100;
const num = (value: number | string | undefined) => (typeof value === 'number' ? value : 0);
const mean = (values: number[]) => (values.length === 0 ? null : round2(values.reduce((a, b) => a + b, 0) / values.length));

/** The profile in the original's field names. */
function legacyProfile(user: PublicUser, profile: Profile, isFlagged: boolean) {
  return {
    id: user.id,
    username: user.username,
    company_id: user.employeeId,
    role: user.role,
    is_flagged: isFlagged,
    name: profile.name,
    email: profile.email,
    phone: profile.phone,
    post: profile.post,
    department: profile.department,
    profile_pic: profile.profilePic,
  };
}

/** Per-employee series from the monthly HR signals, as the original frontend's charts read them. */
const SERIES = {
  // Oldest first (the charts draw them left to right).
  mood: (months: MonthlySignals[]) =>
    months
      .filter((m) => num(m.vibe_responses) > 0)
      .map((m) => ({ month: m.month, vibe_score: round2(num(m.vibe_score) / num(m.vibe_responses)), responses: num(m.vibe_responses) })),
  activity: (months: MonthlySignals[]) =>
    months
      .filter((m) => num(m.activity_days) > 0)
      .map((m) => ({
        month: m.month,
        work_hours: round2(num(m.work_hours) / num(m.activity_days)),
        total_work_hours: round2(num(m.work_hours)),
        activity_days: num(m.activity_days),
        meetings: num(m.meetings),
        teams_messages: num(m.teams_messages),
        emails: num(m.emails),
      })),
  // Newest first (its card shows the first).
  rewards: (months: MonthlySignals[]) =>
    months
      .filter((m) => num(m.awards) > 0)
      .reverse()
      .map((m) => {
        const types = Object.entries(m).filter(([key]) => key.startsWith('awards:'));
        const top = types.sort(([, a], [, b]) => num(b) - num(a))[0];
        return { month: m.month, reward_points: num(m.reward_points), awards: num(m.awards), award_type: top ? top[0].slice('awards:'.length) : null };
      }),
} as const;

/**
 * The original frontend's REST paths ("Elara": login, profile, its charts, HR's lists),
 * thin adapters over the domain services with the original's shapes and DRF-style errors.
 * Bearer tokens as everywhere; `/login/` also sets the session cookie of the legacy socket.
 */
export function createLegacyFrontendRoutes(services: AppServices): RequestHandler {
  const { auth, users, hrdata, config } = services;

  async function isFlagged(user: PublicUser): Promise<boolean> {
    return user.employeeId ? hrdata.isFlagged(user.employeeId) : false;
  }

  /**
   * Each department's employees with their totals from the HR data. Departments come from
   * HR's employee directory (the `employees` kind) once one is uploaded, else from the
   * profiles of the accounts linked to an employee ID.
   */
  async function departments(): Promise<Map<string, EmployeeTotals[]>> {
    const directory = await hrdata.directory();
    const assignments: Array<{ employeeId: string; department: string }> =
      directory.length > 0
        ? directory.filter((entry) => entry.department)
        : (await users.accounts()).flatMap((a) => (a.employeeId && a.profile.department ? [{ employeeId: a.employeeId, department: a.profile.department }] : []));
    const totals = await hrdata.employeeTotals(assignments.map((a) => a.employeeId));
    const byDepartment = new Map<string, EmployeeTotals[]>();
    for (const { employeeId, department } of assignments) {
      const found = totals.get(employeeId);
      if (!found) continue;
      const members = byDepartment.get(department);
      if (members) members.push(found);
      else byDepartment.set(department, [found]);
    }
    return new Map([...byDepartment].sort(([a], [b]) => a.localeCompare(b)));
  }

  const signals = (kind: keyof typeof SERIES): Route => ({
    method: 'GET',
    path: new RegExp(`^/employee/${kind}/([^/]+)/?$`),
    access: 'signed-in',
    async handle({ res, params, actor }) {
      const username = decodeURIComponent(params[0]!);
      if (actor.role !== 'hr' && username !== actor.username) throw new AppError('FORBIDDEN', 'own data only');
      const subject = await users.byUsername(username);
      if (!subject) throw new AppError('NOT_FOUND', 'Not found.');
      const months = subject.employeeId ? await hrdata.readMonthlySignals(actor, subject.employeeId) : [];
      sendJson(res, 200, SERIES[kind](months));
    },
  });

  const routes: Route[] = [
    {
      method: 'POST',
      path: /^\/login\/?$/,
      access: 'anyone',
      async handle({ req, res, body }) {
        const parsed = loginInputSchema.safeParse((await body()) ?? {});
        if (!parsed.success) return sendJson(res, 400, fieldErrors(parsed.error));
        let login;
        try {
          login = await auth.login(parsed.data.username, parsed.data.password, req.socket.remoteAddress);
        } catch (error) {
          if (error instanceof AppError && error.code === 'UNAUTHORIZED') return sendJson(res, 400, { non_field_errors: ['Invalid credentials'] });
          throw error;
        }
        const { token, user } = login;
        const [flagged, notified] = await Promise.all([isFlagged(user), services.checkins.isPending(user.id)]);
        res.setHeader('set-cookie', sessionCookie(req, token, { lifetimeHours: config.sessionLifetimeHours, production: config.env === 'production' }));
        // One session: `refresh` is its token too (sessions slide while in use; `/auth/refresh/` answers while it lives).
        sendJson(res, 200, {
          refresh: token,
          access: token,
          user: { id: user.id, username: user.username, company_id: user.employeeId },
          role: user.role,
          is_flagged: flagged,
          id: user.id,
          notified,
        });
      },
    },
    {
      method: 'POST',
      path: /^\/auth\/refresh\/?$/,
      access: 'anyone',
      async handle({ res, body }) {
        const raw = (await body()) as { token?: unknown } | undefined;
        if (typeof raw?.token !== 'string' || raw.token === '') return sendJson(res, 400, { token: ['This field is required.'] });
        if (!(await auth.authenticate(raw.token))) return sendJson(res, 401, { detail: 'Token is invalid or expired', code: 'token_not_valid' });
        sendJson(res, 200, { token: raw.token });
      },
    },
    {
      method: 'GET',
      path: /^\/employee\/profile\/?$/,
      access: 'signed-in',
      async handle({ res, actor }) {
        const { user, profile } = await users.profile(actor.id);
        sendJson(res, 200, { user: legacyProfile(user, profile, await isFlagged(user)) });
      },
    },
    {
      method: 'PUT',
      path: /^\/employee\/profile\/?$/,
      access: 'signed-in',
      async handle({ res, actor, body }) {
        const raw = await body();
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
          return sendJson(res, 400, { non_field_errors: ['Invalid data. Expected a dictionary.'] });
        }
        // What the page sends back besides (id, username, role, …) is read-only, as in the original.
        const fields = raw as Record<string, unknown>;
        const parsed = profileUpdateSchema.safeParse({ ...fields, profilePic: fields.profile_pic });
        if (!parsed.success) return sendJson(res, 400, fieldErrors(parsed.error, { profilePic: 'profile_pic' }));
        const { user, profile } = await users.updateProfile(actor.id, parsed.data);
        sendJson(res, 200, { user: legacyProfile(user, profile, await isFlagged(user)) });
      },
    },
    signals('mood'),
    signals('activity'),
    signals('rewards'),
    {
      method: 'POST',
      path: /^\/employee\/ai-mood-tips\/?$/,
      access: 'signed-in',
      async handle({ res, body }) {
        const raw = (await body()) as { mood_score?: unknown } | undefined;
        const parsed = moodScoreSchema.safeParse(raw?.mood_score);
        if (!parsed.success) return sendJson(res, 400, { mood_score: parsed.error.issues.map((i) => i.message) });
        sendJson(res, 200, { mood_score: parsed.data, tips: await services.moodTips.tips(parsed.data) });
      },
    },
    {
      method: 'GET',
      path: /^\/flagged-employees\/?$/,
      access: 'hr',
      async handle({ res, actor }) {
        const flagged = new Set((await hrdata.flagged(actor, ALL_FLAGGED)).map((f) => f.employeeId));
        const accounts = (await users.accounts()).filter((a) => a.employeeId && flagged.has(a.employeeId));
        sendJson(res, 200, {
          flagged_employees: accounts.map((a) => ({ id: a.id, username: a.username, company_id: a.employeeId, role: a.role, is_flagged: true })),
        });
      },
    },
    {
      method: 'GET',
      // The id is the HR user's own in the original's URLs; access is by role.
      path: /^\/admin-dashboard\/(\d+)\/dashboard\/?$/,
      access: 'hr',
      async handle({ res, actor }) {
        const accounts = await users.accounts();
        const totals = await hrdata.readEmployeeTotals(actor, accounts.flatMap((a) => (a.employeeId ? [a.employeeId] : [])));
        sendJson(res, 200, {
          employees: accounts.map((a) => {
            const found = a.employeeId ? totals.get(a.employeeId) : undefined;
            return {
              id: a.id,
              username: a.username,
              company_id: a.employeeId,
              role: a.role,
              is_flagged: found?.flagged ?? false,
              email: a.profile.email,
              name: a.profile.name,
              post: a.profile.post,
              department: a.profile.department,
              reward_points: found?.rewardPoints ?? null,
              average_hours: found?.averageHours == null ? null : round2(found.averageHours),
              performance_rating: found?.performanceRating ?? null,
            };
          }),
        });
      },
    },
    {
      method: 'GET',
      path: /^\/department-hours\/?$/,
      access: 'hr',
      async handle({ res }) {
        const averages = [...(await departments())].map(([department, members]) => ({
          department,
          average_hours: mean(members.flatMap((m) => (m.averageHours === null ? [] : [m.averageHours]))),
        }));
        sendJson(res, 200, { department_averages: averages });
      },
    },
    {
      method: 'GET',
      path: /^\/department-performance-rewards\/?$/,
      access: 'hr',
      async handle({ res }) {
        sendJson(
          res,
          200,
          [...(await departments())].map(([department, members]) => ({
            department,
            avg_performance_activity: mean(members.flatMap((m) => (m.performanceRating === null ? [] : [m.performanceRating]))),
            total_reward_points: members.reduce((sum, m) => sum + (m.rewardPoints ?? 0), 0),
            employee_count: members.length,
          })),
        );
      },
    },
    {
      method: 'GET',
      path: /^\/employee\/report\/?$/,
      access: 'hr',
      async handle({ res, actor }) {
        const { items } = await services.reports.list(actor, { limit: PDF_REPORTS });
        const pdf = await reportsSummaryPdf(items);
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="hr-reports-summary.pdf"', 'cache-control': 'no-store' });
        pdf.pipe(res);
      },
    },
  ];

  async function caller(req: IncomingMessage, access: Access): Promise<PublicUser | null> {
    if (access === 'anyone') return null;
    const session = await auth.authenticate(bearerToken(req.headers.authorization));
    if (!session) throw new AppError('UNAUTHORIZED', 'Authentication credentials were not provided.');
    if (access === 'hr' && session.user.role !== 'hr') throw new AppError('FORBIDDEN', 'HR role required');
    return session.user;
  }

  return async (req, res, url) => {
    const matching = routes.filter((route) => route.path.test(url.pathname));
    if (matching.length === 0) return false;
    const route = matching.find((r) => r.method === req.method);
    if (!route) {
      // A page load of a client route that shares an API path (GET /login): the web app's.
      if (req.method === 'GET' || req.method === 'HEAD') return false;
      sendJson(res, 405, { detail: `Method "${req.method}" not allowed.` });
      return true;
    }
    try {
      const actor = await caller(req, route.access);
      await route.handle({
        req,
        res,
        params: url.pathname.match(route.path)!.slice(1),
        actor: actor!,
        body: () => readJsonBody(req, config.limits.maxRequestBytes),
      });
    } catch (error) {
      if (error instanceof SyntaxError) sendJson(res, 400, { detail: `JSON parse error - ${error.message}` });
      else if (error instanceof URIError) sendJson(res, 404, { detail: 'Not found.' });
      else if (error instanceof BodyTooLargeError) sendJson(res, 413, { detail: 'Request body is too large.' });
      else if (error instanceof AppError) {
        if (error.details.retryAfterSeconds) res.setHeader('retry-after', String(error.details.retryAfterSeconds));
        const detail = error.code === 'FORBIDDEN' ? 'You do not have permission to perform this action.' : error.code === 'NOT_FOUND' ? 'Not found.' : error.message;
        sendJson(res, STATUS[error.code], { detail });
      } else throw error;
    }
    return true;
  };
}
