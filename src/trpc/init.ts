import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import type { ZodError } from 'zod';
import { AppError } from '../errors.js';
import { fieldWithNul, NUL_REFUSED } from '../http/nul-text.js';
import type { Context } from './context.js';

function isZodError(error: unknown): error is ZodError {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as ZodError).issues);
}

/** "username: String must contain at least 1 character(s); email: Invalid email" */
export function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const zodError = isZodError(error.cause) ? error.cause : null;
    const appError = error.cause instanceof AppError ? error.cause : null;
    const importErrors = appError?.details.importErrors ?? null;
    const message = zodError
      ? describeZodError(zodError)
      : error.code === 'INTERNAL_SERVER_ERROR'
        ? 'Internal server error'
        : shape.message;
    return {
      message,
      code: shape.code,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: zodError ? zodError.flatten().fieldErrors : importErrors ? Object.fromEntries(importErrors.map((e) => [e.kind, [e.message]])) : null,
        retryAfterSeconds: appError?.details.retryAfterSeconds ?? null,
        importErrors,
        /** Quote it to an operator: the server's log lines of this request carry it. */
        requestId: ctx?.requestId ?? null,
      },
    };
  },
});

/** Domain errors keep their code and message; everything else stays an opaque 500. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
const refuseNul = t.middleware(async ({ getRawInput, next }) => {
  const field = fieldWithNul(await getRawInput());
  if (field) throw new TRPCError({ code: 'BAD_REQUEST', message: `${field}: ${NUL_REFUSED}` });
  return next();
});

export const publicProcedure = t.procedure.use(mapAppErrors).use(refuseNul);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || !ctx.sessionId) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first: send a valid session token' });
  }
  // A call over a socket is use of its session: the periodic check slides it (session-recheck.ts).
  if (ctx.socket) ctx.services.connections.used(ctx.sessionId);
  return next({ ctx: { ...ctx, user: ctx.user, sessionId: ctx.sessionId } });
});

export const hrProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'hr') throw new TRPCError({ code: 'FORBIDDEN', message: 'HR role required' });
  return next();
});
