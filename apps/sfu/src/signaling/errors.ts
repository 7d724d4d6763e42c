import type { ErrorBody } from '@huddle/shared';
import { ZodError } from 'zod';
import { HuddleError, fromMediaError } from '../errors.js';
import type { Logger } from '../logger.js';

/** The one place a thrown error becomes a signaling error body. Unknown errors are logged, never leaked. */
export function toErrorBody(thrown: unknown, log: Logger): ErrorBody {
  const error = fromMediaError(thrown) ?? thrown;
  if (error instanceof HuddleError) {
    if (!error.expose) log.error({ err: error }, 'request failed');
    return {
      code: error.code,
      message: error.expose ? error.message : 'internal error',
      ...(error.details === undefined ? {} : { details: error.details }),
    };
  }
  if (error instanceof ZodError) {
    return {
      code: 'INVALID_PARAMS',
      message: 'invalid request data',
      details: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    };
  }
  log.error({ err: error }, 'request failed');
  return { code: 'INTERNAL', message: 'internal error' };
}
