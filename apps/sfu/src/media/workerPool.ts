import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { listenAddresses } from './listenAddresses.js';
import { MediaWorker } from './mediaWorker.js';

const RESPAWN_DELAY_MS = 500;
const RESPAWN_MAX_DELAY_MS = 30_000;

/**
 * One mediasoup worker per configured core, each with its own WebRtcServer. A worker that dies is replaced
 * at the same index (same ports); the process lives on. Rooms learn of the death from their routers closing.
 */
export class WorkerPool {
  readonly #config: Config['media'];
  readonly #log: Logger;
  readonly #workers: Array<MediaWorker | undefined>;
  #closed = false;

  private constructor(config: Config['media'], log: Logger) {
    this.#config = config;
    this.#log = log;
    this.#workers = new Array<MediaWorker | undefined>(config.workers).fill(undefined);
  }

  static async create(config: Config['media'], log: Logger): Promise<WorkerPool> {
    const pool = new WorkerPool(config, log);
    try {
      await Promise.all(pool.#workers.map((_, index) => pool.#spawn(index)));
    } catch (error) {
      pool.close();
      throw error;
    }
    return pool;
  }

  get workers(): readonly MediaWorker[] {
    return this.#workers.filter((worker): worker is MediaWorker => worker !== undefined && worker.alive);
  }

  get size(): number {
    return this.#workers.length;
  }

  /** The live worker with the fewest consumers (then routers), skipping `exclude`. */
  leastLoaded(exclude: ReadonlySet<MediaWorker> = new Set()): MediaWorker | undefined {
    let best: MediaWorker | undefined;
    for (const worker of this.workers) {
      if (exclude.has(worker)) continue;
      if (
        !best ||
        worker.consumers < best.consumers ||
        (worker.consumers === best.consumers && worker.routers < best.routers)
      ) {
        best = worker;
      }
    }
    return best;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const worker of this.#workers) worker?.worker.close();
  }

  async #spawn(index: number): Promise<MediaWorker> {
    const { rtcPortBase, rtcMinPort, rtcMaxPort, workerLogLevel } = this.#config;
    const port = rtcPortBase + index;
    // The WebRtcServer takes its fixed port; the worker's own transports (pipes between routers) take ports from
    // [rtcMinPort, rtcMaxPort], which config validation keeps clear of every WebRtcServer port.
    const worker = await mediasoup.createWorker({ logLevel: workerLogLevel, rtcMinPort, rtcMaxPort });
    const addresses = listenAddresses(this.#config);
    let webRtcServer: types.WebRtcServer;
    try {
      webRtcServer = await worker.createWebRtcServer({
        listenInfos: addresses.flatMap((address) => [
          { protocol: 'udp' as const, ...address, port },
          { protocol: 'tcp' as const, ...address, port },
        ]),
      });
    } catch (error) {
      worker.close();
      const where = addresses.map((address) => `${address.ip}:${port}`).join(', ');
      throw new Error(`worker ${index}: cannot listen on ${where} (UDP+TCP)`, { cause: error });
    }
    const mediaWorker = new MediaWorker(index, worker, webRtcServer);
    this.#workers[index] = mediaWorker;
    worker.on('died', (error) => this.#onDied(mediaWorker, error));
    this.#log.info(
      { worker: index, pid: worker.pid, port, addresses: addresses.map((address) => address.ip) },
      'mediasoup worker started',
    );
    return mediaWorker;
  }

  #onDied(dead: MediaWorker, error: Error): void {
    this.#log.error({ worker: dead.index, pid: dead.pid, err: error }, 'mediasoup worker died');
    if (this.#workers[dead.index] === dead) this.#workers[dead.index] = undefined;
    this.#respawn(dead.index, RESPAWN_DELAY_MS);
  }

  /** Replaces a dead worker, retrying with a doubling delay while spawning fails. */
  #respawn(index: number, delayMs: number): void {
    if (this.#closed) return;
    setTimeout(() => {
      if (this.#closed) return;
      this.#spawn(index).catch((error: unknown) => {
        const retryMs = Math.min(delayMs * 2, RESPAWN_MAX_DELAY_MS);
        this.#log.error({ worker: index, err: error, retryMs }, 'could not respawn mediasoup worker');
        this.#respawn(index, retryMs);
      });
    }, delayMs);
  }
}
