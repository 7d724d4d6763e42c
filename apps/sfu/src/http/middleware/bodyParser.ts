import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { HuddleError } from '../../errors.js';

function hasStatus(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && 'status' in error && error.status === status;
}

/** JSON bodies only, up to `limitBytes`; a bad or oversized body becomes a HuddleError for the error mapper. */
export function jsonBody(limitBytes: number): Middleware {
  return bodyParser({
    enableTypes: ['json'],
    jsonLimit: limitBytes,
    onError(error) {
      if (hasStatus(error, 413)) {
        throw new HuddleError('PAYLOAD_TOO_LARGE', `request bodies are limited to ${limitBytes} bytes`);
      }
      throw new HuddleError('BAD_JSON', 'the request body is not valid JSON');
    },
  });
}
