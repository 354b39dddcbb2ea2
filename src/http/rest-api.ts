import type { ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
// The one formatter of error shapes, so a REST error reads exactly as the same tRPC error does.
import { getErrorShape } from '@trpc/server/unstable-core-do-not-import';
import { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { requestLogger } from '../observability/requests.js';
import type { AppServices } from '../services.js';
import { createContext } from '../trpc/context.js';
import { createCallerFactory } from '../trpc/init.js';
import { appRouter } from '../trpc/root.js';
import { BodyTooLargeError, readJsonBody, sendJson } from './respond.js';
import type { RequestHandler } from './server.js';

export const REST_PREFIX = '/rest/';
export const OPENAPI_PATH = '/openapi.json';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

interface RestOperation {
  procedure: string;
  type: 'query' | 'mutation';
  method: 'get' | 'post';
  /** `auth.me` is served at /rest/auth/me. */
  path: string;
  /** The input object's schema (unwrapped from optional/default); null when the procedure takes none. */
  input: z.AnyZodObject | null;
  inputRequired: boolean;
}

/** The schema under optional, nullable, default and refinements. */
function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return unwrap(schema._def.innerType);
  if (schema instanceof z.ZodDefault) return unwrap(schema._def.innerType);
  if (schema instanceof z.ZodEffects) return unwrap(schema._def.schema);
  return schema;
}

/**
 * Every query and mutation whose input is a JSON object (or nothing): subscriptions need a
 * WebSocket, and `hrdata.upload` takes multipart form data at /trpc/hrdata.upload.
 */
function restOperations(): RestOperation[] {
  const operations: RestOperation[] = [];
  for (const [procedure, definition] of Object.entries(appRouter._def.procedures)) {
    const { type, inputs } = (definition as unknown as { _def: { type: string; inputs: z.ZodTypeAny[] } })._def;
    if (type !== 'query' && type !== 'mutation') continue;
    const [input] = inputs;
    if (inputs.length > 1 || (input && !(unwrap(input) instanceof z.ZodObject))) continue;
    operations.push({
      procedure,
      type,
      method: type === 'query' ? 'get' : 'post',
      path: `${REST_PREFIX}${procedure.replaceAll('.', '/')}`,
      input: input ? (unwrap(input) as z.AnyZodObject) : null,
      inputRequired: input ? !input.isOptional() : false,
    });
  }
  return operations;
}

const toJsonSchema = (schema: z.ZodTypeAny) =>
  zodToJsonSchema(schema, { target: 'openApi3', $refStrategy: 'none' }) as JsonSchema;

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['message', 'code', 'data'],
      properties: {
        message: { type: 'string', description: 'What went wrong; for bad input, naming the field' },
        code: { type: 'integer', description: 'JSON-RPC error code' },
        data: {
          type: 'object',
          properties: {
            code: { type: 'string', description: 'tRPC error code, e.g. BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, TOO_MANY_REQUESTS' },
            httpStatus: { type: 'integer' },
            path: { type: 'string', description: 'The procedure' },
            fieldErrors: { type: 'object', nullable: true, additionalProperties: { type: 'array', items: { type: 'string' } } },
            retryAfterSeconds: { type: 'integer', nullable: true },
            requestId: { type: 'string', nullable: true, description: 'Also in the X-Request-Id header and in the server log' },
          },
        },
      },
    },
  },
};

/** The OpenAPI 3.0 document of the REST mapping, from the router's zod input schemas. */
export function openApiDocument(operations = restOperations()) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const schema = op.input ? toJsonSchema(op.input) : null;
    const operation: Record<string, unknown> = {
      operationId: op.procedure,
      summary: `tRPC ${op.type} ${op.procedure}`,
      tags: [op.procedure.split('.')[0]],
      responses: {
        '200': { description: "The procedure's result, as JSON (dates as ISO 8601 strings)", content: { 'application/json': { schema: {} } } },
        default: { description: 'An error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (schema && op.method === 'get') {
      const required = new Set(schema.required ?? []);
      operation.parameters = Object.entries(schema.properties ?? {}).map(([name, property]) => ({
        name,
        in: 'query',
        required: op.inputRequired && required.has(name),
        ...(typeof property.description === 'string' ? { description: property.description } : {}),
        schema: property,
      }));
    }
    if (schema && op.method === 'post') {
      operation.requestBody = { required: op.inputRequired, content: { 'application/json': { schema } } };
    }
    paths[op.path] = { [op.method]: operation };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'HR assistant API',
      version: '1',
      description:
        "The tRPC queries and mutations as plain HTTP + JSON: a query is GET with its input's fields as query parameters " +
        '(numbers, booleans, objects and arrays as JSON text); a mutation is POST with its input as a JSON body. ' +
        'Sign in with POST /rest/auth/login and send `Authorization: Bearer <token>`. Subscriptions need the tRPC WebSocket at /trpc.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A session token from auth.login or auth.register' } },
      schemas: { Error: errorSchema },
    },
    // Optional at this level: each procedure says itself whom it serves (UNAUTHORIZED, FORBIDDEN).
    security: [{}, { bearer: [] }],
    paths,
  };
}

/** A query's input from its query parameters: text for string and date fields, JSON text for the rest. */
function queryInput(url: URL, input: z.AnyZodObject): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, raw] of url.searchParams) {
    // Only the input's own fields (no `__proto__` or other stray keys reach the object).
    if (!Object.hasOwn(input.shape, name)) continue;
    const kind = unwrap(input.shape[name] as z.ZodTypeAny);
    const isText = kind instanceof z.ZodString || kind instanceof z.ZodEnum || kind instanceof z.ZodDate || kind instanceof z.ZodLiteral;
    if (isText) values[name] = raw;
    else {
      try {
        values[name] = JSON.parse(raw);
      } catch {
        values[name] = raw; // the schema then names the field
      }
    }
  }
  return values;
}

/** JSON has no dates: a date field's ISO 8601 text becomes a Date (an unreadable one fails validation, naming the field). */
function withDates(value: unknown, input: z.AnyZodObject): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const fields = { ...(value as Record<string, unknown>) };
  for (const [name, field] of Object.entries(fields)) {
    const schema = input.shape[name] as z.ZodTypeAny | undefined;
    if (typeof field === 'string' && schema && unwrap(schema) instanceof z.ZodDate) fields[name] = new Date(field);
  }
  return fields;
}

function sendError(res: ServerResponse, error: TRPCError, op: RestOperation | null, ctx: unknown, input: unknown) {
  const shape = getErrorShape({
    config: appRouter._def._config,
    error,
    type: op?.type ?? 'unknown',
    path: op?.procedure,
    input,
    // The context, or what the error formatter needs of it when the request never got one.
    ctx: (ctx ?? { requestId: typeof res.req.id === 'string' ? res.req.id : null }) as never,
  });
  if (typeof shape.data.retryAfterSeconds === 'number') res.setHeader('retry-after', String(shape.data.retryAfterSeconds));
  sendJson(res, getHTTPStatusCodeFromError(error), { error: shape });
}

/**
 * GET /openapi.json, and the REST mapping at /rest/<router>/<procedure>: the same procedures,
 * context (bearer token) and errors as /trpc, without tRPC's envelope and superjson, for
 * clients that have no tRPC client.
 */
export function createRestApiRoute(services: AppServices): RequestHandler {
  const operations = restOperations();
  const byPath = new Map(operations.map((op) => [op.path, op]));
  let document: string | null = null; // built on first request: nothing at start-up
  const createCaller = createCallerFactory(appRouter);

  return async (req, res, url) => {
    if (url.pathname === OPENAPI_PATH) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      document ??= JSON.stringify(openApiDocument(operations));
      res.end(document);
      return true;
    }
    if (!url.pathname.startsWith(REST_PREFIX)) return false;
    const op = byPath.get(url.pathname.replace(/\/+$/, '')) ?? null;
    if (!op) {
      sendError(res, new TRPCError({ code: 'NOT_FOUND', message: `No REST operation at ${url.pathname}: see ${OPENAPI_PATH}` }), null, null, undefined);
      return true;
    }
    if (req.method?.toLowerCase() !== op.method) {
      res.setHeader('allow', op.method.toUpperCase());
      sendError(res, new TRPCError({ code: 'METHOD_NOT_SUPPORTED', message: `${op.procedure} is a ${op.type}: use ${op.method.toUpperCase()}` }), op, null, undefined);
      return true;
    }
    let ctx: Awaited<ReturnType<typeof createContext>> | null = null;
    let input: unknown;
    try {
      ctx = await createContext(services, { req, res });
      if (op.input && op.method === 'get') input = queryInput(url, op.input);
      if (op.input && op.method === 'post') {
        // Only JSON: a browser cannot send it cross-site without CORS's preflight.
        if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
          throw new TRPCError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'content-type: send the input as application/json' });
        }
        input = await readJsonBody(req, services.config.limits.maxRequestBytes);
      }
      if (op.input) input = withDates(input, op.input);
      const call = op.procedure.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], createCaller(ctx));
      const result = await (call as (input: unknown) => Promise<unknown>)(input);
      sendJson(res, 200, result ?? null);
    } catch (cause) {
      const error =
        cause instanceof TRPCError
          ? cause
          : cause instanceof BodyTooLargeError
            ? new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: `body: ${cause.message}` })
            : cause instanceof SyntaxError
              ? new TRPCError({ code: 'PARSE_ERROR', message: `body: not valid JSON (${cause.message})` })
              : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause });
      if (error.code === 'INTERNAL_SERVER_ERROR') requestLogger(req, services.logger).error({ err: error.cause ?? error, path: op.procedure }, 'REST procedure failed');
      sendError(res, error, op, ctx, input);
    }
    return true;
  };
}
