import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Middleware } from 'koa';
import serve from 'koa-static';
import type { Logger } from '../logger.js';

const BUILT_WEB_APP = fileURLToPath(new URL('../../../web/dist', import.meta.url));
const SERVER_PATHS = /^\/(api|ws|healthz|readyz|metrics)(\/|$)/;
/** Vite names every built asset by its content hash: a browser may keep it for good without asking again. */
const HASHED_ASSETS = /^\/assets\/[^/]+$/;
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/** Serves the built Vue app; any other GET that is not an API path gets index.html (client-side routes). */
export function webApp(distDir: string | undefined, log: Logger): Middleware {
  const root = distDir ?? BUILT_WEB_APP;
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    log.warn({ root }, 'web app not built: only the API is served (run "npm start" or "pnpm build")');
    return async (_ctx, next) => next();
  }
  const files = serve(root, { index: 'index.html', maxage: 0 });
  const assets = serve(root, { index: false, maxage: ONE_YEAR_MS, immutable: true });
  const spa = serve(root, { index: 'index.html' });
  return async (ctx, next) => {
    if (SERVER_PATHS.test(ctx.path) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    if (HASHED_ASSETS.test(ctx.path)) return assets(ctx, next);
    await files(ctx, async () => {
      ctx.path = '/';
      await spa(ctx, next);
    });
  };
}
