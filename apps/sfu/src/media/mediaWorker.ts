import type { types } from 'mediasoup';

/**
 * One mediasoup worker, its WebRtcServer (one UDP + one TCP port per listen address), and its load. The load
 * is counted from mediasoup's own observer events — every router, transport (pipes and plain ones included),
 * producer and consumer the worker gets, uncounted when it closes — so no code path can forget to count.
 */
export class MediaWorker {
  readonly index: number;
  readonly worker: types.Worker;
  readonly webRtcServer: types.WebRtcServer;
  #routers = 0;
  #transports = 0;
  #producers = 0;
  #consumers = 0;

  constructor(index: number, worker: types.Worker, webRtcServer: types.WebRtcServer) {
    this.index = index;
    this.worker = worker;
    this.webRtcServer = webRtcServer;
    worker.observer.on('newrouter', (router) => this.#countRouter(router));
  }

  get pid(): number {
    return this.worker.pid;
  }

  get routers(): number {
    return this.#routers;
  }

  get transports(): number {
    return this.#transports;
  }

  get producers(): number {
    return this.#producers;
  }

  /** Consumers of every kind on this worker, pipe consumers included: the placement budget counts these. */
  get consumers(): number {
    return this.#consumers;
  }

  get alive(): boolean {
    return !this.worker.closed;
  }

  #countRouter(router: types.Router): void {
    this.#routers += 1;
    router.observer.once('close', () => {
      this.#routers -= 1;
    });
    router.observer.on('newtransport', (transport) => this.#countTransport(transport));
  }

  #countTransport(transport: types.Transport): void {
    this.#transports += 1;
    transport.observer.once('close', () => {
      this.#transports -= 1;
    });
    transport.observer.on('newproducer', (producer) => {
      this.#producers += 1;
      producer.observer.once('close', () => {
        this.#producers -= 1;
      });
    });
    transport.observer.on('newconsumer', (consumer) => {
      this.#consumers += 1;
      consumer.observer.once('close', () => {
        this.#consumers -= 1;
      });
    });
  }
}
