import Router from '@koa/router';
import type { Services } from '../../services.js';
import { authenticate } from '../middleware/auth.js';
import { jsonBody } from '../middleware/bodyParser.js';
import type { AppState } from '../middleware/requestId.js';
import { adminRoutes } from './adminRoutes.js';
import { debugRoutes } from './debugRoutes.js';
import { liveRoutes } from './liveRoutes.js';
import { API_PREFIX, openApiDocument } from './openApi.js';
import { recordingRoutes } from './recordingRoutes.js';
import { roomRoutes } from './roomRoutes.js';
import { serverRoutes } from './serverRoutes.js';
import { defineRoute, type ApiRoute } from './route.js';

/** Every REST route, the OpenAPI document's own included. */
export function apiRoutes(services: Services): ApiRoute[] {
  const routes = [
    ...roomRoutes(services),
    ...liveRoutes(services),
    ...recordingRoutes(services),
    ...serverRoutes(services),
    ...adminRoutes(services),
    ...debugRoutes(services),
  ];
  const openApi = defineRoute({
    method: 'get',
    path: '/openapi.json',
    summary: 'This API, as an OpenAPI 3.1 document',
    tag: 'meta',
    access: 'public',
    handle: () => document,
  });
  const all = [...routes, openApi];
  const document = openApiDocument(all);
  return all;
}

/** `/api/v1`: nothing cached, body parsing and authentication, then the route table. */
export function apiRouter(services: Services, routes: readonly ApiRoute[]): Router<AppState> {
  const router = new Router<AppState>({ prefix: API_PREFIX });
  router.use(async (ctx, next) => {
    ctx.set('Cache-Control', 'no-store');
    await next();
  });
  router.use(jsonBody(services.config.api.bodyLimitBytes));
  router.use(authenticate(services.auth));
  for (const route of routes) router[route.method](route.path, (ctx) => route.run(ctx));
  return router;
}
