import type { ErrorBody, ErrorCode } from '@huddle/shared';
import type { Middleware } from 'koa';
import { ZodError } from 'zod';
import { HuddleError, fromMediaError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { AppState } from './requestId.js';

const STATUS: Record<ErrorCode, number> = {
  BAD_JSON: 400,
  INVALID_FRAME: 400,
  INVALID_PARAMS: 400,
  UNKNOWN_METHOD: 404,
  FRAME_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  PROTOCOL_VERSION_MISMATCH: 400,
  NOT_JOINED: 409,
  ALREADY_JOINED: 409,
  RESUME_FAILED: 409,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ROOM_FULL: 409,
  ROOM_LOCKED: 403,
  LOBBY_DENIED: 403,
  LOBBY_FULL: 503,
  LOBBY_TIMEOUT: 408,
  ROOM_NOT_FOUND: 404,
  BANNED: 403,
  MUTED_BY_HOST: 409,
  LIMIT_REACHED: 503,
  TOO_MANY_CONNECTIONS: 503,
  SERVER_DRAINING: 503,
  CANNOT_CONSUME: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 504,
  CONNECTION_CLOSED: 503,
  INTERNAL: 500,
  STORAGE_FULL: 507,
};

function httpError(thrown: unknown): { status: number; body: ErrorBody } | undefined {
  const error = fromMediaError(thrown) ?? thrown;
  if (error instanceof HuddleError && error.expose) {
    const body: ErrorBody = { code: error.code, message: error.message };
    if (error.details !== undefined) body.details = error.details;
    return { status: STATUS[error.code], body };
  }
  if (error instanceof ZodError) {
    const details = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    return { status: 400, body: { code: 'INVALID_PARAMS', message: 'invalid request', details } };
  }
  return undefined;
}

/** First in the chain: every error becomes `{ error: { code, message, details } }`; no internals leak. */
export function errorMapper(log: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: 'NOT_FOUND', message: `no route for ${ctx.method} ${ctx.path}` } };
      }
    } catch (error) {
      const mapped = httpError(error);
      if (mapped) {
        ctx.status = mapped.status;
        ctx.body = { error: mapped.body };
        return;
      }
      log.error({ err: error, requestId: ctx.state.requestId, path: ctx.path }, 'unhandled HTTP error');
      ctx.status = 500;
      ctx.body = { error: { code: 'INTERNAL', message: `internal error (request ${ctx.state.requestId})` } };
    }
  };
}
