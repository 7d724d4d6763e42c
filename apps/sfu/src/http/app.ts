import Koa from 'koa';
import type { Services } from '../services.js';
import { apiRouter, apiRoutes } from './api/apiRouter.js';
import { accessLog } from './middleware/accessLog.js';
import { errorMapper } from './middleware/errors.js';
import { requestId, type AppState } from './middleware/requestId.js';
import { securityHeaders } from './middleware/securityHeaders.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { webApp } from './webApp.js';

/**
 * The Koa control plane. Order: request id → errors → access log → security headers → health, readiness, metrics → REST API (body
 * parsing → authentication → routes) → web app.
 */
export function createHttpApp(services: Services): Koa<AppState> {
  const app = new Koa<AppState>();
  // Behind a trusted proxy: the client address is the last X-Forwarded-For entry (the one our proxy added).
  app.proxy = services.config.http.trustProxy;
  app.maxIpsCount = 1;
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
  app.use(webApp(services.config.web.distDir, services.log));
  return app;
}
