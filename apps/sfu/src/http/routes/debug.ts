import Router from '@koa/router';
import type { Services } from '../../services.js';

/**
 * Operator/test view of the media plane (enabled by `debugEndpoints`): every worker's, WebRtcServer's and
 * room router's own dump, to prove nothing is left after peers leave.
 */
export function debugRoutes({ pool, rooms }: Services): Router {
  const router = new Router({ prefix: '/api/v1/debug' });
  router.get('/media', async (ctx) => {
    const workers = await Promise.all(
      pool.workers.map(async (worker) => ({
        index: worker.index,
        pid: worker.pid,
        consumers: worker.consumers,
        dump: await worker.worker.dump(),
        webRtcServer: await worker.webRtcServer.dump(),
      })),
    );
    const roomDumps = await Promise.all(
      [...rooms.rooms.values()].map(async (room) => ({
        roomId: room.id,
        peers: room.peers.size,
        routers: await Promise.all(
          room.routers.map(async (roomRouter) => ({
            worker: roomRouter.worker.index,
            dump: await roomRouter.router.dump(),
          })),
        ),
      })),
    );
    ctx.body = { workers, rooms: roomDumps };
  });
  return router;
}
