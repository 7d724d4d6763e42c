import Koa from 'koa';
import type { Services } from '../services.js';
import { accessLog } from './middleware/accessLog.js';
import { errorMapper } from './middleware/errors.js';
import { requestId, type AppState } from './middleware/requestId.js';
import { securityHeaders } from './middleware/securityHeaders.js';
import { debugRoutes } from './routes/debug.js';
import { healthRoutes } from './routes/health.js';
import { webApp } from './webApp.js';

/** The Koa control plane. Order: request id → errors → access log → security headers → routes → web app. */
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
  if (services.config.debugEndpoints) {
    const debug = debugRoutes(services);
    app.use(debug.routes()).use(debug.allowedMethods());
  }
  app.use(webApp(services.config.web.distDir, services.log));
  return app;
}
