import Router from '@koa/router';
import { createMetrics } from '../../metrics/metrics.js';
import type { Services } from '../../services.js';

/** `GET /metrics` in Prometheus text format. */
export function metricsRoutes({ pool, rooms }: Services): Router {
  const registry = createMetrics(pool, rooms);
  const router = new Router();
  router.get('/metrics', async (ctx) => {
    ctx.type = registry.contentType;
    ctx.body = await registry.metrics();
  });
  return router;
}
