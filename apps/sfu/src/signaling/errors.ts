import type { ErrorBody } from '@huddle/shared';
import { ZodError } from 'zod';
import { HuddleError, fromMediaError } from '../errors.js';
import type { Logger } from '../logger.js';

const MAX_DETAILS = 10;

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
    // A hostile frame can hold thousands of bad items: name the first few, so the reply stays small.
    const issues = error.issues.slice(0, MAX_DETAILS);
    return {
      code: 'INVALID_PARAMS',
      message:
        error.issues.length > MAX_DETAILS
          ? `invalid request data (${error.issues.length} problems)`
          : 'invalid request data',
      details: issues.map((issue) => ({
        path: issue.path.join('.').slice(0, 200),
        message: issue.message.slice(0, 200),
      })),
    };
  }
  log.error({ err: error }, 'request failed');
  return { code: 'INTERNAL', message: 'internal error' };
}
