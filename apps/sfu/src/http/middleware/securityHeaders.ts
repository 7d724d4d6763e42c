import type { Middleware } from 'koa';

/** Conservative headers for every response; the web app needs camera, microphone and screen capture. */
export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Permissions-Policy', 'camera=(self), microphone=(self), display-capture=(self)');
    await next();
  };
}
