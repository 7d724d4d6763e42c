import { z } from 'zod';
import { HuddleError } from '../../errors.js';
import type { Services } from '../../services.js';
import { defineRoute, type ApiRoute } from './route.js';

const PEER_PARAMS = z.object({ peerId: z.string().min(1).max(100) });

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
    defineRoute({
      method: 'get',
      path: '/debug/media/peers/:peerId/stats',
      summary: "One peer's transports' and consumers' mediasoup getStats() (debugEndpoints only)",
      tag: 'debug',
      access: 'admin',
      params: PEER_PARAMS,
      handle: async ({ params }) => {
        const peer = [...rooms.rooms.values()].map((room) => room.peers.get(params.peerId)).find(Boolean);
        if (!peer) throw new HuddleError('NOT_FOUND', `no peer ${params.peerId}`);
        const transports = await Promise.all(
          [...peer.transports.values()].map(async (transport) => ({
            transportId: transport.id,
            direction: transport.appData.direction,
            stats: await transport.getStats().catch(() => []),
          })),
        );
        const consumers = await Promise.all(
          [...peer.consumers.values()].map(async (consumer) => ({
            consumerId: consumer.id,
            kind: consumer.kind,
            stats: await consumer.getStats().catch(() => []),
          })),
        );
        return { transports, consumers };
      },
    }),
  ];
}
