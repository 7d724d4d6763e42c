import type {
  DtlsParameters,
  IceParameters,
  Layers,
  MediaKind,
  MediaSource,
  NotificationData,
  NotificationName,
  RtpCapabilities,
  RtpParameters,
  TransportDirection,
} from '@huddle/shared';
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Config } from '../../config.js';
import { HuddleError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { mediaCodecs } from '../../media/codecs.js';
import type { WorkerPool } from '../../media/workerPool.js';
import type { Peer } from '../peer.js';
import { SerialQueue } from '../serialQueue.js';
import type { LocalEvent } from '../link.js';
import type { PeerProducer, PeerTransport } from '../types.js';
import { RoomAllocation } from './allocation/roomAllocation.js';
import { assertCanReceive } from './capabilities.js';
import { FanOut } from './fanOut.js';
import { RoomRouter } from './roomRouter.js';
import { SpeakerDetector } from './speakerDetector.js';

const KEY_FRAME_REQUEST_DELAY_MS = 1_000;
const RECENT_SPEAKERS = 100;

const SOURCE_KIND: Record<MediaSource, MediaKind> = {
  mic: 'audio',
  camera: 'video',
  screen: 'video',
  'screen-audio': 'audio',
};

export type ProduceInput = {
  transportId: string;
  kind: MediaKind;
  source: MediaSource;
  rtpParameters: RtpParameters;
  paused?: boolean | undefined;
};

/** What RoomMedia needs of its room: the peers to fan out to, a way to tell them, and its death. */
export interface MediaHost {
  readonly id: string;
  members(): Iterable<Peer>;
  broadcast<N extends NotificationName>(name: N, data: NotificationData<N>, except?: Peer): void;
  /** A worker under the room died: the room must close (its routers are gone). */
  workerDied(): void;
  /** Videos each subscriber receives at most (the room's setting, else the server's). */
  lastN(): number;
  /** Tells the other nodes of the meeting (no-op on a single node). */
  publish(event: LocalEvent): void;
}

/** A producer of a peer on another node, piped in: it lives on this room's primary router. */
type Foreign = { peerId: string; node: string; producer: PeerProducer };

export type RoomMediaDeps = { pool: WorkerPool; config: Config; log: Logger };

/** For observers of a room's media (recording, allocation): every producer as it starts; watch its observer for the rest. */
type RoomMediaEvents = { producerAdded: [peer: Peer, producer: PeerProducer] };

/**
 * A room's media: its routers (one per worker it spans), placement of new peers, pipes between routers, the
 * fan-out of every producer to every other peer, and active-speaker detection. Every media request of a peer
 * comes through here; those that change the peer's state run one at a time per peer, and after every await
 * that creates a mediasoup object, an owner that closed meanwhile makes the new object close at once.
 */
export class RoomMedia extends EventEmitter<RoomMediaEvents> {
  readonly #routers: RoomRouter[] = [];
  readonly #host: MediaHost;
  readonly #deps: RoomMediaDeps;
  readonly #log: Logger;
  readonly #speakers: SpeakerDetector;
  readonly #fanOut: FanOut;
  readonly #allocation: RoomAllocation;
  /** Producers of peers on other nodes, piped in, by producer id. */
  readonly #foreign = new Map<string, Foreign>();
  /** Peer ids, whoever spoke last first (last-N keeps their videos). */
  #recentSpeakers: string[] = [];
  readonly #placement = new SerialQueue();
  /** Transports whose `connect` was called (DTLS stays 'new' until the handshake, so it cannot tell). */
  readonly #connected = new WeakSet<PeerTransport>();
  #closed = false;

  private constructor(host: MediaHost, primary: RoomRouter, speakers: SpeakerDetector, deps: RoomMediaDeps) {
    super();
    this.#host = host;
    this.#deps = deps;
    this.#log = deps.log;
    this.#speakers = speakers;
    this.#allocation = new RoomAllocation({
      log: deps.log,
      focusPeerId: () => this.#speakers.current,
      speakerRecency: (peerId) => {
        const index = this.#recentSpeakers.indexOf(peerId);
        return index === -1 ? Infinity : index;
      },
      lastN: () => host.lastN(),
      producers: () => this.producers(),
      remoteWish: (producerId, spatialLayer) => this.#host.publish({ kind: 'wanted', producerId, spatialLayer }),
    });
    this.#fanOut = new FanOut(deps.log, (peer, consumer, producer) =>
      this.#allocation.addConsumer(peer, consumer, producer),
    );
    this.#adopt(primary);
    speakers.on('activeSpeaker', (peerId) => {
      this.#recentSpeakers = [peerId, ...this.#recentSpeakers.filter((other) => other !== peerId)].slice(
        0,
        RECENT_SPEAKERS,
      );
      host.broadcast('activeSpeakerChanged', { peerId });
      this.#allocation.replanAll();
    });
    speakers.on('levels', (levels) => host.broadcast('audioLevelsChanged', { levels }));
  }

  static async create(host: MediaHost, deps: RoomMediaDeps): Promise<RoomMedia> {
    const worker = deps.pool.leastLoaded();
    if (!worker) throw new HuddleError('SERVICE_UNAVAILABLE', 'no media worker is available; try again shortly');
    const primary = await RoomRouter.create(worker, host.id, mediaCodecs);
    try {
      const speakers = await SpeakerDetector.create(primary.router);
      return new RoomMedia(host, primary, speakers, deps);
    } catch (error) {
      primary.router.close();
      throw error;
    }
  }

  get routers(): readonly RoomRouter[] {
    return this.#routers;
  }

  get primary(): RoomRouter {
    const primary = this.#routers[0];
    if (!primary) throw new HuddleError('SERVICE_UNAVAILABLE', 'room has no router');
    return primary;
  }

  /** Every producer in the room now, with its owner. */
  *producers(): IterableIterator<{ peer: Peer; producer: PeerProducer }> {
    for (const peer of this.#host.members()) {
      for (const producer of peer.producers.values()) yield { peer, producer };
    }
  }

  /** The peer speaking most recently, if still in the room (told to joiners, who missed the change). */
  get activeSpeaker(): string | undefined {
    return this.#speakers.current;
  }

  /**
   * The router a new peer goes on: the room's least loaded one while its worker is under the consumer budget,
   * else a new router on another worker with room to spare. One placement at a time.
   */
  placeNewPeer(): Promise<RoomRouter> {
    return this.#placement.run(async () => {
      this.#assertOpen();
      const budget = this.#deps.config.media.consumerBudgetPerWorker;
      const best = this.#routers.reduce((a, b) => (b.worker.consumers < a.worker.consumers ? b : a), this.primary);
      if (best.worker.consumers < budget) return best;
      const spare = this.#deps.pool.leastLoaded(new Set(this.#routers.map((router) => router.worker)));
      if (!spare || spare.consumers >= best.worker.consumers) return best;
      const added = await RoomRouter.create(spare, this.#host.id, mediaCodecs);
      if (this.#closed) {
        added.router.close();
        this.#assertOpen();
      }
      this.#adopt(added);
      this.#log.info({ worker: spare.index, routers: this.#routers.length }, 'room spans another worker');
      return added;
    });
  }

  createTransport(peer: Peer, direction: TransportDirection): Promise<PeerTransport> {
    return peer.exclusive(async () => {
      if (peer.transportFor(direction)) {
        throw new HuddleError('CONFLICT', `a ${direction} transport exists already; use restartIce to recover it`);
      }
      const { media } = this.#deps.config;
      const transport: PeerTransport = await peer.router.router.createWebRtcTransport({
        webRtcServer: peer.router.worker.webRtcServer,
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        initialAvailableOutgoingBitrate: media.initialOutgoingBitrate,
        appData: { peerId: peer.id, direction },
      });
      if (peer.closed) {
        transport.close();
        peer.assertOpen();
      }
      peer.addTransport(transport);
      if (direction === 'send') {
        await transport.setMaxIncomingBitrate(media.maxIncomingBitrate);
      } else {
        this.#allocation.addSubscriber(peer, transport);
        this.#offerAllTo(peer);
      }
      return transport;
    });
  }

  /** Once per transport: a second connect (even one racing the first) gets CONFLICT. */
  async connectTransport(peer: Peer, transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    const transport = peer.transport(transportId);
    if (this.#connected.has(transport)) {
      throw new HuddleError('CONFLICT', `transport ${transportId} is connected already (DTLS ${transport.dtlsState})`);
    }
    this.#connected.add(transport);
    try {
      await transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters });
    } catch (error) {
      this.#connected.delete(transport);
      if (transport.closed) peer.assertOpen();
      const reason = error instanceof Error ? error.message : String(error);
      throw new HuddleError('INVALID_PARAMS', `cannot connect the transport: ${reason}`, { cause: error });
    }
  }

  restartIce(peer: Peer, transportId: string): Promise<IceParameters> {
    return peer.transport(transportId).restartIce();
  }

  setRtpCapabilities(peer: Peer, rtpCapabilities: RtpCapabilities): Promise<void> {
    return peer.exclusive(() => {
      if (peer.rtpCapabilities) throw new HuddleError('CONFLICT', 'RTP capabilities were set already');
      assertCanReceive(peer.router.router.rtpCapabilities, rtpCapabilities);
      peer.rtpCapabilities = rtpCapabilities;
      this.#offerAllTo(peer);
    });
  }

  produce(peer: Peer, input: ProduceInput): Promise<PeerProducer> {
    return peer.exclusive(async () => {
      const transport = peer.transport(input.transportId);
      if (transport.appData.direction !== 'send') {
        throw new HuddleError('INVALID_PARAMS', 'produce needs a send transport');
      }
      const kind = SOURCE_KIND[input.source];
      if (kind !== input.kind) {
        throw new HuddleError('INVALID_PARAMS', `source "${input.source}" carries ${kind}, not ${input.kind}`);
      }
      if (peer.producerOf(input.source)) {
        throw new HuddleError('CONFLICT', `a "${input.source}" producer exists already; close it first`);
      }
      const paused = input.paused ?? false;
      if (!paused) this.#assertNotHostMuted(peer, input.source);
      let producer: PeerProducer;
      try {
        producer = await transport.produce({
          kind: input.kind,
          rtpParameters: input.rtpParameters as types.RtpParameters,
          paused,
          // Key frame requests from many subscribers at once reach the publisher as one per second at most.
          keyFrameRequestDelay: KEY_FRAME_REQUEST_DELAY_MS,
          appData: { peerId: peer.id, source: input.source },
        });
      } catch (error) {
        peer.assertOpen();
        const reason = error instanceof Error ? error.message : String(error);
        throw new HuddleError('INVALID_PARAMS', `cannot produce: ${reason}`, { cause: error });
      }
      if (peer.closed || transport.closed) {
        producer.close();
        peer.assertOpen();
        throw new HuddleError('CONFLICT', 'the transport closed while the producer was being made');
      }
      peer.addProducer(producer);
      this.#watchProducer(peer, producer);
      this.#allocation.addProducer(producer);
      if (input.source === 'mic') this.#listenForSpeech(peer, producer);
      for (const other of this.#host.members())
        this.#fanOut.offer(other, { peerId: peer.id, router: peer.router }, producer);
      this.emit('producerAdded', peer, producer);
      this.#host.publish({
        kind: 'producer.added',
        peerId: peer.id,
        producerId: producer.id,
        mediaKind: producer.kind,
        source: producer.appData.source,
        paused,
      });
      return producer;
    });
  }

  closeProducer(peer: Peer, producerId: string): Promise<void> {
    return peer.exclusive(() => peer.producer(producerId).close());
  }

  /** Mute and unmute by the owner; unmuting a source a host muted fails with MUTED_BY_HOST. */
  setProducerPaused(peer: Peer, producerId: string, paused: boolean): Promise<void> {
    return peer.exclusive(async () => {
      const producer = peer.producer(producerId);
      if (paused) {
        await producer.pause();
        return;
      }
      this.#assertNotHostMuted(peer, producer.appData.source);
      await producer.resume();
    });
  }

  /** A moderator's mute: pauses `source` (if the peer sends it); the host-mute mark is the moderation's. */
  pauseSource(peer: Peer, source: MediaSource): Promise<boolean> {
    return peer.exclusive(async () => {
      const producer = peer.producerOf(source);
      if (!producer) return false;
      await producer.pause();
      return true;
    });
  }

  /** Closes the peer's producers of these sources (a grant was revoked). */
  closeSources(peer: Peer, sources: readonly MediaSource[]): Promise<void> {
    return peer.exclusive(() => {
      for (const source of sources) peer.producerOf(source)?.close();
    });
  }

  /** The peer asks (again) for its consumer of `producerId`. */
  requestConsumer(peer: Peer, producerId: string): void {
    for (const owner of this.#host.members()) {
      const producer = owner.producers.get(producerId);
      if (producer) {
        this.#fanOut.offer(peer, { peerId: owner.id, router: owner.router }, producer);
        return;
      }
    }
    const foreign = this.#foreign.get(producerId);
    if (foreign) {
      this.#fanOut.offer(peer, { peerId: foreign.peerId, router: this.primary }, foreign.producer);
      return;
    }
    throw new HuddleError('NOT_FOUND', `producer ${producerId} not found in this room`);
  }

  /**
   * A producer of a peer on another node, piped onto this room's primary router: this node's peers consume it
   * like a local one; its pause, resume and close come from the pipe (mirrored by the cluster link).
   */
  addForeignProducer(node: string, producer: PeerProducer): void {
    const { peerId, source } = producer.appData;
    this.#foreign.set(producer.id, { peerId, node, producer });
    const ref = { peerId, producerId: producer.id, source };
    producer.observer.on('pause', () => this.#host.broadcast('producerPaused', ref));
    producer.observer.on('resume', () => this.#host.broadcast('producerResumed', ref));
    producer.observer.once('close', () => {
      this.#foreign.delete(producer.id);
      if (!this.#closed) this.#host.broadcast('producerClosed', ref);
    });
    this.#allocation.addProducer(producer);
    if (source === 'mic') {
      this.#speakers.add(producer, peerId).catch((error: unknown) => {
        if (!producer.closed) this.#log.warn({ err: error, producer: producer.id }, 'could not watch a piped mic');
      });
    }
    for (const member of this.#host.members()) this.#fanOut.offer(member, { peerId, router: this.primary }, producer);
  }

  /** Subscribers on another node want `producerId` up to `spatialLayer` (dynacast across nodes). */
  remoteWish(node: string, producerId: string, spatialLayer: number): void {
    this.#allocation.remoteWish(node, producerId, spatialLayer);
  }

  /** A recorder (`holder`) needs `producerId` up to `spatialLayer`, whatever subscribers watch; undefined lets go. */
  holdLayers(holder: string, producerId: string, spatialLayer: number | undefined): void {
    this.#allocation.hold(holder, producerId, spatialLayer);
  }

  /** A node left the meeting or the cluster: what it piped in is gone. */
  nodeGone(node: string): void {
    for (const foreign of [...this.#foreign.values()]) if (foreign.node === node) foreign.producer.close();
    this.#allocation.nodeGone(node);
  }

  /** The producers piped in from `node`. */
  foreignFrom(node: string): PeerProducer[] {
    return [...this.#foreign.values()].filter((foreign) => foreign.node === node).map((foreign) => foreign.producer);
  }

  /** The client pauses or resumes a consumer; the allocator may hold it paused still (not enough bandwidth). */
  async setConsumerPaused(peer: Peer, consumerId: string, paused: boolean): Promise<void> {
    peer.consumer(consumerId);
    await this.#allocation.setClientPaused(peer, consumerId, paused);
  }

  /** The client's tile-size preference: an upper bound for the allocator, which picks what fits below it. */
  setPreferredLayers(peer: Peer, consumerId: string, layers: Layers, pinned: boolean): void {
    peer.consumer(consumerId);
    this.#allocation.request(peer, consumerId, layers, pinned);
  }

  /** Idempotent: closing the routers closes every transport, producer and consumer of the room. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#fanOut.close();
    this.#allocation.close();
    for (const router of this.#routers) router.router.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new HuddleError('SERVICE_UNAVAILABLE', `room ${this.#host.id} is closing; join again`);
  }

  #assertNotHostMuted(peer: Peer, source: MediaSource): void {
    if (peer.hostMuted.has(source)) {
      throw new HuddleError('MUTED_BY_HOST', `a host muted your ${source}; ask a moderator to allow unmuting`);
    }
  }

  #adopt(roomRouter: RoomRouter): void {
    this.#routers.push(roomRouter);
    roomRouter.router.on('workerclose', () => {
      this.#log.warn({ worker: roomRouter.worker.index }, 'media worker died under this room');
      this.#host.workerDied();
    });
  }

  #offerAllTo(peer: Peer): void {
    for (const owner of this.#host.members()) {
      for (const producer of owner.producers.values()) {
        this.#fanOut.offer(peer, { peerId: owner.id, router: owner.router }, producer);
      }
    }
    for (const { peerId, producer } of this.#foreign.values())
      this.#fanOut.offer(peer, { peerId, router: this.primary }, producer);
  }

  /** Audio levels and the active speaker are measured on the primary router (the mic is piped there if needed). */
  #listenForSpeech(peer: Peer, producer: PeerProducer): void {
    const listen = async (): Promise<void> => {
      await peer.router.pipeTo(producer.id, this.primary);
      if (!producer.closed) await this.#speakers.add(producer, peer.id);
    };
    listen().catch((error: unknown) => {
      if (!producer.closed && !this.#closed) {
        this.#log.warn({ err: error, peer: peer.id, producer: producer.id }, 'could not watch this mic for speech');
      }
    });
  }

  #watchProducer(peer: Peer, producer: PeerProducer): void {
    const ref = { peerId: peer.id, producerId: producer.id, source: producer.appData.source };
    producer.on('score', (scores) => {
      peer.notify('producerScoreChanged', { producerId: producer.id, scores: scores.map((entry) => entry.score) });
    });
    producer.observer.on('pause', () => {
      this.#host.broadcast('producerPaused', ref);
      this.#host.publish({ kind: 'producer.paused', producerId: producer.id });
    });
    producer.observer.on('resume', () => {
      this.#host.broadcast('producerResumed', ref);
      this.#host.publish({ kind: 'producer.resumed', producerId: producer.id });
    });
    producer.observer.once('close', () => {
      if (this.#closed) return;
      this.#host.broadcast('producerClosed', ref, peer);
      this.#host.publish({ kind: 'producer.closed', producerId: producer.id });
    });
  }
}
