import { z } from 'zod';
import { waitFor } from '../wait.js';
import type { LocalSfu } from './startSfu.js';

const mediaDumpSchema = z.object({
  workers: z.array(
    z.object({
      index: z.number(),
      pid: z.number(),
      /** The worker's load as the SFU counts it from mediasoup's observer events. */
      routers: z.number(),
      transports: z.number(),
      producers: z.number(),
      consumers: z.number(),
      dump: z.object({ routerIds: z.array(z.string()), webRtcServerIds: z.array(z.string()) }),
      webRtcServer: z.object({
        webRtcTransportIds: z.array(z.string()),
        localIceUsernameFragments: z.array(z.unknown()),
        tupleHashes: z.array(z.unknown()),
      }),
    }),
  ),
  rooms: z.array(
    z.object({
      roomId: z.string(),
      peers: z.number(),
      routers: z.array(
        z.object({
          worker: z.number(),
          dump: z.object({
            transportIds: z.array(z.string()),
            mapProducerIdConsumerIds: z.record(z.string(), z.unknown()),
            mapConsumerIdProducerId: z.record(z.string(), z.unknown()),
          }),
        }),
      ),
    }),
  ),
});
export type MediaDump = z.infer<typeof mediaDumpSchema>;

/** The SFU's debug view of its workers, WebRtcServers and room routers (each object's own dump()). */
export async function mediaDump(sfu: LocalSfu): Promise<MediaDump> {
  return mediaDumpSchema.parse(await sfu.admin.get('/debug/media'));
}

/** Waits until the SFU has no room, router, WebRTC transport or consumer left on any worker. */
export async function expectNoMediaLeft(sfu: LocalSfu, timeoutMs = 10_000): Promise<void> {
  await waitFor(
    async () => {
      const dump = await mediaDump(sfu);
      if (dump.rooms.length > 0) throw new Error(`rooms left: ${dump.rooms.map((room) => room.roomId).join(', ')}`);
      for (const worker of dump.workers) {
        const left = {
          routers: worker.dump.routerIds.length,
          webRtcTransports: worker.webRtcServer.webRtcTransportIds.length,
          counted: { routers: worker.routers, transports: worker.transports, producers: worker.producers },
          consumers: worker.consumers,
        };
        const counted = left.counted.routers + left.counted.transports + left.counted.producers;
        if (left.routers + left.webRtcTransports + left.consumers + counted > 0) {
          throw new Error(`worker ${worker.index} still has ${JSON.stringify(left)}`);
        }
      }
      return true;
    },
    { timeoutMs, description: 'the SFU to hold no media objects' },
  );
}

const statsEntry = z.record(z.string(), z.unknown());
const peerStatsSchema = z.object({
  transports: z.array(z.object({ transportId: z.string(), direction: z.unknown(), stats: z.array(statsEntry) })),
  consumers: z.array(z.object({ consumerId: z.string(), kind: z.string(), stats: z.array(statsEntry) })),
});
export type PeerMediaStats = z.infer<typeof peerStatsSchema>;

/** One peer's transports' and consumers' mediasoup getStats(), as the SFU's debug endpoint returns them. */
export async function peerMediaStats(sfu: LocalSfu, peerId: string): Promise<PeerMediaStats> {
  return peerStatsSchema.parse(await sfu.admin.get(`/debug/media/peers/${encodeURIComponent(peerId)}/stats`));
}
