import type { ServerStats } from '@huddle/shared';
import type { WorkerPool } from '../media/workerPool.js';
import type { RoomManager } from '../rooms/roomManager.js';
import { countMedia, transportBytes, workerLoads } from './mediaStats.js';

/** A snapshot of the server's load, for the admin API and its live event stream. */
export async function serverStats(pool: WorkerPool, rooms: RoomManager, startedAt: number): Promise<ServerStats> {
  const [bytes, alive] = await Promise.all([transportBytes(rooms), workerLoads(pool)]);
  return {
    at: Date.now(),
    uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    rooms: rooms.rooms.size,
    peers: rooms.peerCount,
    ...countMedia(rooms),
    bytes,
    workers: { configured: pool.size, alive },
  };
}
