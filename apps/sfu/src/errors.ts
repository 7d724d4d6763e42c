import { types } from 'mediasoup';
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

/**
 * Errors from the media library that clients should understand: an object (or its worker) closed while a request
 * used it — a worker died, or a peer left at that moment. Both edges (signaling replies, HTTP) call this.
 */
export function fromMediaError(error: unknown): HuddleError | undefined {
  if (error instanceof types.InvalidStateError) {
    return new HuddleError('SERVICE_UNAVAILABLE', 'the media server closed what this request used; try again', {
      cause: error,
    });
  }
  return undefined;
}
