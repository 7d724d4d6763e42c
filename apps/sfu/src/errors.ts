import type { ErrorCode } from '@huddle/shared';

/**
 * The one error type domain code throws. `expose` says whether `message` may reach a client as is;
 * edges (signaling replies, the Koa error middleware) map it, and nothing else does.
 */
export class HuddleError extends Error {
  readonly code: ErrorCode;
  readonly expose: boolean;
  readonly details?: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { expose?: boolean; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'HuddleError';
    this.code = code;
    this.expose = options.expose ?? true;
    this.details = options.details;
  }
}

export function notFound(what: string, id: string): HuddleError {
  return new HuddleError('NOT_FOUND', `${what} ${id} not found`);
}
