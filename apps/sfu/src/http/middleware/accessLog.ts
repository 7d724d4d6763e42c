import type { Middleware } from 'koa';
import type { Logger } from '../../logger.js';
import type { AppState } from './requestId.js';

export function accessLog(log: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    const startedAt = performance.now();
    await next();
    log.debug(
      {
        requestId: ctx.state.requestId,
        method: ctx.method,
        path: ctx.path,
        status: ctx.status,
        ms: Math.round(performance.now() - startedAt),
      },
      'http request',
    );
  };
}
