import type { Middleware } from 'koa';
import type { Authenticator } from '../../auth/authenticator.js';
import type { AppState } from './requestId.js';

export const SESSION_COOKIE = 'huddle_session';
const BEARER = /^Bearer\s+(\S+)$/i;

/** Sets `ctx.state.principal` from `Authorization: Bearer` or the session cookie; routes decide what it may do. */
export function authenticate(authenticator: Authenticator): Middleware<AppState> {
  return async (ctx, next) => {
    const header = ctx.get('authorization');
    const bearer = header === '' ? undefined : (BEARER.exec(header)?.[1] ?? header);
    ctx.state.principal = await authenticator.identify(bearer, ctx.cookies.get(SESSION_COOKIE));
    await next();
  };
}
