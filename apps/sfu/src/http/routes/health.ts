import Router from '@koa/router';
import { PROTOCOL_VERSION, type HealthResponse, type ReadyResponse } from '@huddle/shared';
import type { Services } from '../../services.js';
import { HUDDLE_VERSION, MEDIASOUP_VERSION } from '../../version.js';

/**
 * Liveness (`/healthz`: the process answers) and readiness (`/readyz`: every media worker is up and the server
 * is not draining, and in a cluster Redis is reachable — a load balancer sends it no new calls once it turns 503).
 */
export function healthRoutes({ pool, rooms, startedAt, clusterReady }: Services): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    const body: HealthResponse = {
      status: 'ok',
      version: HUDDLE_VERSION,
      mediasoupVersion: MEDIASOUP_VERSION,
      protocolVersion: PROTOCOL_VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      workers: { count: pool.size, alive: pool.workers.length },
      rooms: rooms.rooms.size,
      peers: rooms.peerCount,
    };
    ctx.body = body;
  });
  router.get('/readyz', (ctx) => {
    const alive = pool.workers.length;
    const redis = clusterReady === undefined ? undefined : clusterReady() ? 'up' : 'down';
    const media = alive === pool.size && alive > 0;
    const status = rooms.draining ? 'draining' : media && redis !== 'down' ? 'ready' : 'unavailable';
    const body: ReadyResponse = { status, workers: { count: pool.size, alive }, ...(redis ? { redis } : {}) };
    ctx.status = status === 'ready' ? 200 : 503;
    ctx.body = body;
  });
  return router;
}
