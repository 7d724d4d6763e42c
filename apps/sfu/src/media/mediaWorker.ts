import type { types } from 'mediasoup';

/** One mediasoup worker, its WebRtcServer (one UDP + one TCP port), and the load we place on it. */
export class MediaWorker {
  readonly index: number;
  readonly worker: types.Worker;
  readonly webRtcServer: types.WebRtcServer;
  #consumers = 0;
  #routers = 0;

  constructor(index: number, worker: types.Worker, webRtcServer: types.WebRtcServer) {
    this.index = index;
    this.worker = worker;
    this.webRtcServer = webRtcServer;
  }

  get pid(): number {
    return this.worker.pid;
  }

  get consumers(): number {
    return this.#consumers;
  }

  get routers(): number {
    return this.#routers;
  }

  get alive(): boolean {
    return !this.worker.closed;
  }

  /** Counts a router for placement and uncounts it when the router closes. */
  trackRouter(router: types.Router): void {
    this.#routers += 1;
    router.observer.once('close', () => {
      this.#routers -= 1;
    });
  }

  /** Counts a consumer (including pipe consumers) against the worker's budget until it closes. */
  trackConsumer(consumer: types.Consumer): void {
    this.#consumers += 1;
    consumer.observer.once('close', () => {
      this.#consumers -= 1;
    });
  }
}
