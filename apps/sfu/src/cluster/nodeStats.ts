import type { NodeInfo } from '@huddle/shared';
import type { Logger } from '../logger.js';
import type { WorkerPool } from '../media/workerPool.js';
import type { RoomManager } from '../rooms/roomManager.js';

type CpuSample = { at: number; busyMs: number };

/**
 * What this node tells the cluster about its load every beat: CPU (cores busy: the Node process plus its media
 * workers, measured between two beats), rooms, peers, consumers, and its peer budget.
 */
export class NodeStats {
  readonly #pool: WorkerPool;
  readonly #rooms: RoomManager;
  readonly #maxPeers: number;
  readonly #log: Logger;
  #last: CpuSample | undefined;
  #cpu = 0;

  constructor(pool: WorkerPool, rooms: RoomManager, maxPeers: number, log: Logger) {
    this.#pool = pool;
    this.#rooms = rooms;
    this.#maxPeers = maxPeers;
    this.#log = log;
  }

  /** Measures CPU since the last sample (called once per beat). */
  async sample(): Promise<void> {
    try {
      const usages = await Promise.all(this.#pool.workers.map((worker) => worker.worker.getResourceUsage()));
      const own = process.cpuUsage();
      const busyMs =
        (own.user + own.system) / 1000 + usages.reduce((sum, usage) => sum + usage.ru_utime + usage.ru_stime, 0);
      const now = { at: Date.now(), busyMs };
      const last = this.#last;
      // A respawned worker restarts its counter: a negative difference is skipped, not reported.
      if (last && now.at > last.at && now.busyMs >= last.busyMs)
        this.#cpu = (now.busyMs - last.busyMs) / (now.at - last.at);
      this.#last = now;
    } catch (error) {
      this.#log.debug({ err: error }, 'could not read the media workers’ CPU use');
    }
  }

  get peers(): number {
    return this.#rooms.peerCount;
  }

  get maxPeers(): number {
    return this.#maxPeers;
  }

  current(): NodeInfo['stats'] {
    return {
      cpu: Math.round(this.#cpu * 100) / 100,
      rooms: this.#rooms.rooms.size,
      peers: this.#rooms.peerCount,
      consumers: this.#pool.workers.reduce((sum, worker) => sum + worker.consumers, 0),
      maxPeers: this.#maxPeers,
    };
  }
}
