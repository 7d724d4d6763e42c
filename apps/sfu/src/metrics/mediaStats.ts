import type { WorkerPool } from '../media/workerPool.js';
import type { Peer } from '../rooms/peer.js';
import type { RoomManager } from '../rooms/roomManager.js';

function peers(rooms: RoomManager): Peer[] {
  return [...rooms.rooms.values()].flatMap((room) => [...room.peers.values()]);
}

export function countMedia(rooms: RoomManager): { producers: number; consumers: number } {
  let producers = 0;
  let consumers = 0;
  for (const peer of peers(rooms)) {
    producers += peer.producers.size;
    consumers += peer.consumers.size;
  }
  return { producers, consumers };
}

/** Bytes received from and sent to participants over the WebRTC transports open now. */
export async function transportBytes(rooms: RoomManager): Promise<{ in: number; out: number }> {
  const transports = peers(rooms).flatMap((peer) => [...peer.transports.values()]);
  const stats = await Promise.all(transports.map((transport) => transport.getStats().catch(() => [])));
  const bytes = { in: 0, out: 0 };
  for (const entry of stats.flat()) {
    bytes.in += entry.bytesReceived;
    bytes.out += entry.bytesSent;
  }
  return bytes;
}

export type WorkerLoad = { index: number; pid: number; routers: number; consumers: number; cpuSeconds: number };

/** Each live worker's placement load and CPU time (user + system) from `getResourceUsage()`. */
export async function workerLoads(pool: WorkerPool): Promise<WorkerLoad[]> {
  const loads = await Promise.all(
    pool.workers.map(async (worker) => {
      const usage = await worker.worker.getResourceUsage().catch(() => undefined);
      if (!usage) return undefined;
      return {
        index: worker.index,
        pid: worker.pid,
        routers: worker.routers,
        consumers: worker.consumers,
        cpuSeconds: (usage.ru_utime + usage.ru_stime) / 1000,
      };
    }),
  );
  return loads.filter((load): load is WorkerLoad => load !== undefined);
}
