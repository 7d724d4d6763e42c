import type { types } from 'mediasoup';
import type { MediaWorker } from '../media/mediaWorker.js';

/**
 * One of a room's routers, on one worker. A room starts with one and gains more when its worker is over
 * the consumer budget; producers reach the other routers through pipeToRouter, piped once per router pair.
 */
export class RoomRouter {
  readonly router: types.Router;
  readonly worker: MediaWorker;
  readonly #piped = new Map<string, Promise<void>>();

  constructor(router: types.Router, worker: MediaWorker) {
    this.router = router;
    this.worker = worker;
    worker.trackRouter(router);
  }

  get id(): string {
    return this.router.id;
  }

  /** Makes `producerId` (living on this router) consumable on `target`; concurrent calls share one pipe. */
  pipeTo(producerId: string, target: RoomRouter): Promise<void> {
    if (target === this) return Promise.resolve();
    const key = `${producerId}:${target.id}`;
    let pipe = this.#piped.get(key);
    if (!pipe) {
      pipe = this.router.pipeToRouter({ producerId, router: target.router }).then(({ pipeProducer }) => {
        pipeProducer?.observer.once('close', () => this.#piped.delete(key));
      });
      pipe.catch(() => this.#piped.delete(key));
      this.#piped.set(key, pipe);
    }
    return pipe;
  }
}
