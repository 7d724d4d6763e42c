import Koa from 'koa';
import type { Services } from '../services.js';
import { apiRouter, apiRoutes } from './api/apiRouter.js';
import { accessLog } from './middleware/accessLog.js';
import { errorMapper } from './middleware/errors.js';
import { requestId, type AppState } from './middleware/requestId.js';
import { securityHeaders } from './middleware/securityHeaders.js';
import { debugRoutes } from './routes/debug.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { webApp } from './webApp.js';

/**
 * The Koa control plane. Order: request id → errors → access log → security headers → health, readiness, metrics → REST API (body
 * parsing → authentication → routes) → web app.
 */
export function createHttpApp(services: Services): Koa<AppState> {
  const app = new Koa<AppState>();
  app.proxy = false;
  app.silent = true;
  app.use(requestId());
  app.use(errorMapper(services.log));
  app.use(accessLog(services.log));
  app.use(securityHeaders());
  const health = healthRoutes(services);
  app.use(health.routes()).use(health.allowedMethods());
  const metrics = metricsRoutes(services);
  app.use(metrics.routes()).use(metrics.allowedMethods());
  const api = apiRouter(services, apiRoutes(services));
  app.use(api.routes()).use(api.allowedMethods());
  if (services.config.debugEndpoints) {
    const debug = debugRoutes(services);
    app.use(debug.routes()).use(debug.allowedMethods());
  }
  app.use(webApp(services.config.web.distDir, services.log));
  return app;
}
