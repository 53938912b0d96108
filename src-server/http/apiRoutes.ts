import type { FastifyInstance, FastifyRequest } from 'fastify';
import { API_PREFIX, apiRoutes, SESSION_EXPIRES_HEADER, type ApiName } from '../../src-shared/api/routes';
import { validationError } from '../../src-shared/errors';
import type { CallerInfo, ServiceContext } from '../services/context';
import { authenticate, type Authenticated } from '../services/sessions';
import type { ApiHandlers } from './apiHandlers';
import { bearerToken } from './bearer';

/** The handler table seen from the generic side, where one route's types are not known statically. */
type AnyHandler = (
  ctx: ServiceContext,
  request: { input: unknown; caller: CallerInfo; auth?: Authenticated },
) => Promise<unknown>;

function callerOf(request: FastifyRequest): CallerInfo {
  const userAgent = request.headers['user-agent'];
  const idempotencyKey = request.headers['idempotency-key'];
  return {
    ip: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent : null,
    bearerToken: bearerToken(request),
    idempotencyKey:
      typeof idempotencyKey === 'string' && /^[\x21-\x7e]{8,100}$/.test(idempotencyKey)
        ? idempotencyKey
        : null,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Path parameters (`/applications/:id`) join the input; they win over a body key of the same name. */
function withParams(raw: unknown, params: unknown): unknown {
  if (!isPlainObject(params) || Object.keys(params).length === 0) return raw;
  return isPlainObject(raw) ? { ...raw, ...params } : raw;
}

/**
 * One route per entry of the shared table: session first (on `auth` routes), then the input parsed
 * with the entry's schema (body, or query string for GET), then the handler, whose answer is checked
 * against the output schema so nothing beyond it (a password hash…) can leave.
 */
export function registerApiRoutes(app: FastifyInstance, ctx: ServiceContext, handlers: ApiHandlers): void {
  for (const name of Object.keys(apiRoutes) as ApiName[]) {
    const route = apiRoutes[name];
    const handler = handlers[name] as AnyHandler;
    app.route({
      method: route.method,
      url: `${API_PREFIX}${route.path}`,
      handler: async (request, reply) => {
        const auth = route.auth ? await authenticate(ctx, bearerToken(request)) : undefined;
        if (auth) void reply.header(SESSION_EXPIRES_HEADER, auth.expiresAt.toISOString());
        // No body at all is an empty input; a JSON `null` body is not.
        const raw = route.method === 'GET' ? request.query : request.body === undefined ? {} : request.body;
        const input = route.input.safeParse(withParams(raw, request.params));
        if (!input.success) throw validationError(input.error, route.input);
        const output = await handler(ctx, { input: input.data, caller: callerOf(request), auth });
        const checked = route.output.safeParse(output);
        if (!checked.success)
          throw new Error(`${name}: output does not match its schema: ${checked.error.message}`);
        return checked.data;
      },
    });
  }
}
