import type { ErrorCode } from '@huddle/shared';
import { z } from 'zod';

/** A failed signaling request or frame, with the protocol's error code (the server's, or a local one). */
export class SignalError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { details?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'SignalError';
    this.code = code;
    this.details = options.details;
  }
}

export function isSignalError(error: unknown, ...codes: ErrorCode[]): error is SignalError {
  return error instanceof SignalError && (codes.length === 0 || codes.includes(error.code));
}

/**
 * This browser (or runtime) cannot do what a meeting needs: no WebRTC, no media devices, or a WebRTC that
 * mediasoup-client does not support. `missing` names what is lacking, for the person to read.
 */
export class UnsupportedBrowserError extends Error {
  readonly missing: string;

  constructor(missing: string, options: { cause?: unknown } = {}) {
    super(`this browser cannot join meetings: ${missing}`, { cause: options.cause });
    this.name = 'UnsupportedBrowserError';
    this.missing = missing;
  }
}

/** Whatever was thrown, as an Error (mediasoup-client's errbacks and our events want one). */
export function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** A frame that failed its schema, with zod's issues as details. */
export function invalidFrame(what: string, error: z.ZodError): SignalError {
  return new SignalError('INVALID_FRAME', `${what}: ${z.prettifyError(error)}`, { details: error.issues });
}
