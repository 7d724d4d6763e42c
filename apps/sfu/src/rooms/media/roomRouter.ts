import type { types } from 'mediasoup';
import type { MediaWorker } from '../../media/mediaWorker.js';

/**
 * One of a room's routers, on one worker. A room starts with one and gains more when its worker is over
 * the consumer budget; producers reach the other routers through pipeToRouter, piped once per router pair.
 */
export class RoomRouter {
  readonly router: types.Router;
  readonly worker: MediaWorker;
  readonly #piped = new Map<string, Promise<void>>();
  readonly #lastPipeTo = new Map<string, Promise<void>>();

  constructor(router: types.Router, worker: MediaWorker) {
    this.router = router;
    this.worker = worker;
  }

  static async create(
    worker: MediaWorker,
    roomId: string,
    mediaCodecs: types.RtpCodecCapability[],
  ): Promise<RoomRouter> {
    const router = await worker.worker.createRouter({ mediaCodecs, appData: { roomId } });
    return new RoomRouter(router, worker);
  }

  get id(): string {
    return this.router.id;
  }

  get closed(): boolean {
    return this.router.closed;
  }

  /**
   * Makes `producerId` (living on this router) consumable on `target`; concurrent calls share one pipe, and a
   * failed pipe is forgotten (the next call tries again). Pipes towards one target are made one after another:
   * mediasoup 3.12 races when two calls create the router pair's pipe transports at once.
   */
  pipeTo(producerId: string, target: RoomRouter): Promise<void> {
    if (target === this) return Promise.resolve();
    const key = `${producerId}:${target.id}`;
    let pipe = this.#piped.get(key);
    if (!pipe) {
      const previous = this.#lastPipeTo.get(target.id) ?? Promise.resolve();
      pipe = previous.then(() => this.#pipe(producerId, target, key));
      this.#lastPipeTo.set(
        target.id,
        pipe.catch(() => undefined),
      );
      this.#piped.set(key, pipe);
    }
    return pipe;
  }

  async #pipe(producerId: string, target: RoomRouter, key: string): Promise<void> {
    try {
      // mediasoup closes the pipe pair when the producer closes (and refuses a closed one); a router closing
      // while the pipe was being made is ours to check: close what was made for it.
      const { pipeProducer, pipeConsumer } = await this.router.pipeToRouter({ producerId, router: target.router });
      if (this.closed || target.closed || pipeProducer?.closed !== false) {
        pipeConsumer?.close();
        pipeProducer?.close();
        throw new Error(`a router closed while producer ${producerId} was being piped`);
      }
      pipeProducer?.observer.once('close', () => this.#piped.delete(key));
    } catch (error) {
      this.#piped.delete(key);
      throw error;
    }
  }
}
