import Router from '@koa/router';
import { PROTOCOL_VERSION, type HealthResponse } from '@huddle/shared';
import type { Services } from '../../services.js';
import { HUDDLE_VERSION, MEDIASOUP_VERSION } from '../../version.js';

export function healthRoutes({ pool, rooms, startedAt }: Services): Router {
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
  return router;
}
