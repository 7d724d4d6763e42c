import Router from '@koa/router';
import { HuddleError } from '../../errors.js';
import { createMetrics } from '../../metrics/metrics.js';
import { sameSecret } from '../../auth/secrets.js';
import type { Services } from '../../services.js';

const BEARER = /^Bearer\s+(\S+)$/i;

/** `GET /metrics` in Prometheus text format; with `metrics.token` set, only for `Authorization: Bearer <token>`. */
export function metricsRoutes(services: Services): Router {
  const registry = createMetrics(services);
  const token = services.config.metrics.token;
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    if (token !== undefined) {
      const given = BEARER.exec(ctx.get('authorization'))?.[1];
      if (given === undefined || !sameSecret(given, token)) {
        ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
        throw new HuddleError('UNAUTHORIZED', 'metrics need Authorization: Bearer <metrics.token>');
      }
    }
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  });
  return router;
}
