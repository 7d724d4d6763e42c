import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Principal } from '../../auth/authenticator.js';

/** Per-request state: the request id, and who is calling (set by the auth middleware). */
export type AppState = { requestId: string; principal?: Principal | undefined };

const HEADER = 'x-request-id';
const ACCEPTED = /^[A-Za-z0-9._-]{1,64}$/;

/** Takes a well-formed X-Request-Id from the caller or makes one, and echoes it on the response. */
export function requestId(): Middleware<AppState> {
  return async (ctx, next) => {
    const given = ctx.get(HEADER);
    ctx.state.requestId = ACCEPTED.test(given) ? given : randomUUID();
    ctx.set(HEADER, ctx.state.requestId);
    await next();
  };
}
