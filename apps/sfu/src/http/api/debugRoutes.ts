import type { Services } from '../../services.js';
import { defineRoute, type ApiRoute } from './route.js';

/**
 * Operator/test view of the media plane (only when `debugEndpoints` is on, and only for admins): every worker's,
 * WebRtcServer's and room router's own dump, with the worker's load counters, to prove nothing is left.
 */
export function debugRoutes({ pool, rooms, config }: Services): ApiRoute[] {
  if (!config.debugEndpoints) return [];
  return [
    defineRoute({
      method: 'get',
      path: '/debug/media',
      summary: "Each mediasoup worker's, WebRtcServer's and room router's dump() (debugEndpoints only)",
      tag: 'debug',
      access: 'admin',
      handle: async () => {
        const workers = await Promise.all(
          pool.workers.map(async (worker) => ({
            index: worker.index,
            pid: worker.pid,
            routers: worker.routers,
            transports: worker.transports,
            producers: worker.producers,
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
              room.media.routers.map(async (roomRouter) => ({
                worker: roomRouter.worker.index,
                dump: await roomRouter.router.dump(),
              })),
            ),
          })),
        );
        return { workers, rooms: roomDumps };
      },
    }),
  ];
}
