import { EventEmitter } from 'node:events';
import type {
  ChatMessage,
  MediaKind,
  MediaSource,
  NotificationData,
  NotificationName,
  PeerRole,
  RtpParameters,
} from '@huddle/shared';
import type { types } from 'mediasoup';
import type { Config } from '../config.js';
import { HuddleError } from '../errors.js';
import type { Logger } from '../logger.js';
import { mediaCodecs } from '../media/codecs.js';
import type { MediaWorker } from '../media/mediaWorker.js';
import type { WorkerPool } from '../media/workerPool.js';
import { toWireRtpParameters } from '../media/wire.js';
import type { Store } from '../store/store.js';
import { AD_HOC_ROOM, type Admission, type RoomPolicy } from './admission.js';
import { ChatLog } from './chatLog.js';
import { Lobby } from './lobby.js';
import { Peer } from './peer.js';
import { RoomRouter } from './roomRouter.js';
import { SpeakerDetector } from './speakerDetector.js';
import type { ConsumerAppData, NotificationSink, PeerConsumer, PeerProducer, PeerTransport } from './types.js';

export type RoomCloseReason = NotificationData<'roomClosed'>['reason'];
type RoomEvents = { close: []; peerJoined: [Peer]; peerLeft: [Peer]; lobbyChanged: [] };

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

/**
 * A meeting: its peers and its routers (one per worker it spans). Every producer is consumed by every
 * other peer that can receive; closing the room closes its routers and mediasoup's cascade does the rest.
 */
export class Room extends EventEmitter<RoomEvents> {
  readonly id: string;
  readonly startedAt = Date.now();
  readonly peers = new Map<string, Peer>();
  readonly chat: ChatLog;
  readonly lobby = new Lobby(() => this.#lobbyChanged());
  readonly #routers: RoomRouter[] = [];
  readonly #pool: WorkerPool;
  readonly #config: Config;
  readonly #log: Logger;
  readonly #store: Store;
  readonly #speakers: SpeakerDetector;
  readonly #reconnectTimers = new Map<Peer, NodeJS.Timeout>();
  #placement: Promise<unknown> = Promise.resolve();
  #emptyTimer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(id: string, primary: RoomRouter, speakers: SpeakerDetector, deps: RoomDeps) {
    super();
    this.id = id;
    this.chat = new ChatLog(id, deps.store.chat);
    this.#pool = deps.pool;
    this.#config = deps.config;
    this.#log = deps.log.child({ room: id });
    this.#store = deps.store;
    this.#speakers = speakers;
    this.#adoptRouter(primary);
  }

  static async create(id: string, deps: RoomDeps): Promise<Room> {
    const worker = deps.pool.leastLoaded();
    if (!worker) throw new HuddleError('SERVICE_UNAVAILABLE', 'no media worker is available; try again shortly');
    const primary = await createRoomRouter(worker, id);
    try {
      const speakers = await SpeakerDetector.create(primary.router);
      const room = new Room(id, primary, speakers, deps);
      speakers.on('activeSpeaker', (peerId) => room.broadcast('activeSpeakerChanged', { peerId }));
      speakers.on('levels', (levels) => room.broadcast('audioLevelsChanged', { levels }));
      room.#scheduleEmptyClose();
      return room;
    } catch (error) {
      primary.router.close();
      throw error;
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  get primary(): RoomRouter {
    const primary = this.#routers[0];
    if (!primary) throw new HuddleError('SERVICE_UNAVAILABLE', 'room has no router');
    return primary;
  }

  get routers(): readonly RoomRouter[] {
    return this.#routers;
  }

  /** The room's stored settings, read afresh so an admin's change applies to the next join at once. */
  policy(): RoomPolicy {
    return this.#store.rooms.get(this.id) ?? AD_HOC_ROOM;
  }

  /**
   * Adds a peer on the router with room to spare (spanning to another worker when needed). In a room with a
   * lobby, anyone but a moderator first waits there until admitted.
   */
  async join(admission: Admission, sink: NotificationSink, signal: AbortSignal): Promise<Peer> {
    this.#assertOpen();
    if (this.policy().lobby && admission.moderator !== true) await this.lobby.wait(admission, sink, signal);
    const placement = this.#placement.then(() => this.#routerForNewPeer());
    this.#placement = placement.catch(() => undefined);
    const router = await placement;
    this.#assertOpen();
    const capacity = this.policy().maxParticipants ?? this.#config.rooms.maxPeers;
    if (this.peers.size >= capacity) {
      throw new HuddleError('ROOM_FULL', `room ${this.id} is full (${capacity} participants)`);
    }
    const peer = new Peer(admission, router, this.#roleFor(admission));
    this.peers.set(peer.id, peer);
    peer.once('close', () => {
      this.peers.delete(peer.id);
      this.#clearReconnectTimer(peer);
      this.emit('peerLeft', peer);
      if (this.#closed) return;
      this.broadcast('peerLeft', { peerId: peer.id });
      if (peer.role === 'moderator') this.#promoteModerator();
      this.#scheduleEmptyClose();
    });
    this.#cancelEmptyClose();
    peer.attach(sink);
    this.broadcast('peerJoined', { peer: peer.info() }, peer);
    const speaker = this.#speakers.current;
    if (speaker !== undefined) peer.notify('activeSpeakerChanged', { peerId: speaker });
    this.#log.info({ peer: peer.id, router: router.id, worker: router.worker.index }, 'peer joined');
    this.emit('peerJoined', peer);
    return peer;
  }

  /** Tells a moderator who waits in the lobby (after its join reply, so it can act on it). */
  sendLobbyTo(peer: Peer): void {
    if (peer.can('moderate') && this.lobby.size > 0) peer.notify('lobbyChanged', { waiting: this.lobby.list() });
  }

  /** Removes a participant: it is told why, then its session ends. */
  kick(peerId: string, reason: string): Peer {
    const peer = this.#peer(peerId);
    peer.notify('kicked', { reason });
    peer.close();
    return peer;
  }

  /** Pauses a participant's producer of `source` and tells it a host did. */
  async mute(peerId: string, source: MediaSource): Promise<Peer> {
    const peer = this.#peer(peerId);
    const producer = [...peer.producers.values()].find((candidate) => candidate.appData.source === source);
    if (!producer) throw new HuddleError('NOT_FOUND', `participant ${peerId} sends no "${source}"`);
    await producer.pause();
    peer.notify('mutedByHost', { source });
    return peer;
  }

  /** The peer's socket dropped: keep it for the reconnect grace period, then close its transports. */
  disconnect(peer: Peer, sink: NotificationSink): void {
    peer.detach(sink);
    if (peer.closed || peer.connected) return;
    const grace = this.#config.signaling.reconnectGraceMs;
    if (grace === 0) {
      peer.close();
      return;
    }
    this.broadcast('peerStateChanged', { peerId: peer.id, state: 'reconnecting' }, peer);
    this.#clearReconnectTimer(peer);
    const timer = setTimeout(() => {
      this.#reconnectTimers.delete(peer);
      this.#log.info({ peer: peer.id }, 'peer did not reconnect in time; closing its transports');
      peer.close();
    }, grace);
    this.#reconnectTimers.set(peer, timer);
  }

  reconnect(peer: Peer, sink: NotificationSink): void {
    this.#clearReconnectTimer(peer);
    peer.attach(sink);
    this.broadcast('peerStateChanged', { peerId: peer.id, state: 'connected' }, peer);
  }

  async createTransport(peer: Peer, direction: 'send' | 'recv'): Promise<PeerTransport> {
    if (peer.transportFor(direction)) {
      throw new HuddleError('CONFLICT', `a ${direction} transport exists already; use restartIce to recover it`);
    }
    const { media } = this.#config;
    const transport = await peer.router.router.createWebRtcTransport({
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
    if (direction === 'send') await transport.setMaxIncomingBitrate(media.maxIncomingBitrate);
    if (direction === 'recv') this.#consumeAllFor(peer);
    return transport;
  }

  setRtpCapabilities(peer: Peer, rtpCapabilities: NonNullable<Peer['rtpCapabilities']>): void {
    if (peer.rtpCapabilities) throw new HuddleError('CONFLICT', 'RTP capabilities were set already');
    peer.rtpCapabilities = rtpCapabilities;
    this.#consumeAllFor(peer);
  }

  async produce(peer: Peer, input: ProduceInput): Promise<PeerProducer> {
    const transport = peer.transport(input.transportId);
    if (transport.appData.direction !== 'send')
      throw new HuddleError('INVALID_PARAMS', 'produce needs a send transport');
    if (SOURCE_KIND[input.source] !== input.kind) {
      throw new HuddleError(
        'INVALID_PARAMS',
        `source "${input.source}" carries ${SOURCE_KIND[input.source]}, not ${input.kind}`,
      );
    }
    for (const existing of peer.producers.values()) {
      if (existing.appData.source === input.source) {
        throw new HuddleError('CONFLICT', `a "${input.source}" producer exists already; close it first`);
      }
    }
    let producer: PeerProducer;
    try {
      producer = await transport.produce({
        kind: input.kind,
        rtpParameters: input.rtpParameters as types.RtpParameters,
        paused: input.paused ?? false,
        appData: { peerId: peer.id, source: input.source },
      });
    } catch (error) {
      throw new HuddleError(
        'INVALID_PARAMS',
        `cannot produce: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
    peer.addProducer(producer);
    this.#watchProducer(peer, producer);
    if (input.kind === 'audio' && input.source === 'mic') await this.#listenForSpeech(peer, producer);
    for (const other of this.peers.values()) this.#consume(other, peer, producer);
    return producer;
  }

  sendChat(peer: Peer, text: string, to: string | undefined): ChatMessage {
    if (!this.policy().chat) throw new HuddleError('FORBIDDEN', 'chat is turned off in this room');
    const recipient = to === undefined ? undefined : this.peers.get(to);
    if (to !== undefined && (!recipient || recipient === peer)) {
      throw new HuddleError('NOT_FOUND', `no other participant ${to} in this room`);
    }
    const message = this.chat.add(peer, text, to);
    if (recipient) {
      peer.notify('chatReceived', { message });
      recipient.notify('chatReceived', { message });
    } else {
      this.broadcast('chatReceived', { message });
    }
    return message;
  }

  /** Raises or lowers `target`'s hand; lowering someone else's is for moderators. */
  setHandRaised(by: Peer, target: Peer, raised: boolean): void {
    if (target !== by && (raised || by.role !== 'moderator')) {
      throw new HuddleError('FORBIDDEN', "only a moderator can lower someone else's hand, and nobody can raise it");
    }
    target.handRaised = raised;
    this.broadcast('handRaisedChanged', { peerId: target.id, raised, byPeerId: by.id });
  }

  /** Sends a notification to every peer of the room except `except`. */
  broadcast<N extends NotificationName>(name: N, data: NotificationData<N>, except?: Peer): void {
    for (const peer of this.peers.values()) {
      if (peer !== except) peer.notify(name, data);
    }
  }

  /** Idempotent. Tells the peers why (when there is a reason), closes them, then the routers. */
  close(reason?: RoomCloseReason): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelEmptyClose();
    this.lobby.closeAll();
    for (const peer of [...this.peers.values()]) {
      if (reason) peer.notify('roomClosed', { reason, rejoin: reason === 'workerDied' });
      peer.close();
    }
    for (const router of this.#routers) router.router.close();
    this.#log.info({ reason: reason ?? 'empty' }, 'room closed');
    this.emit('close');
  }

  #assertOpen(): void {
    if (this.#closed) throw new HuddleError('SERVICE_UNAVAILABLE', `room ${this.id} is closing; join again`);
  }

  #roleFor(admission: Admission): PeerRole {
    if (admission.moderator !== 'auto') return admission.moderator ? 'moderator' : 'participant';
    const hasModerator = [...this.peers.values()].some((other) => other.role === 'moderator');
    return hasModerator ? 'participant' : 'moderator';
  }

  #peer(peerId: string): Peer {
    const peer = this.peers.get(peerId);
    if (!peer) throw new HuddleError('NOT_FOUND', `no participant ${peerId} in room ${this.id}`);
    return peer;
  }

  /**
   * The moderator left: in an open room (no lock, no lobby), the anonymous participant present longest takes
   * over. Elsewhere moderation comes only from join tokens.
   */
  #promoteModerator(): void {
    const policy = this.policy();
    if (policy.locked || policy.lobby) return;
    let successor: Peer | undefined;
    for (const candidate of this.peers.values()) {
      if (candidate.role === 'moderator') return;
      if (candidate.identity !== null) continue;
      if (!successor || candidate.joinedAt < successor.joinedAt) successor = candidate;
    }
    if (!successor) return;
    successor.role = 'moderator';
    this.broadcast('peerRoleChanged', { peerId: successor.id, role: 'moderator' });
  }

  #adoptRouter(roomRouter: RoomRouter): void {
    this.#routers.push(roomRouter);
    roomRouter.router.on('workerclose', () => {
      this.#log.warn({ worker: roomRouter.worker.index }, 'media worker died under this room');
      this.close('workerDied');
    });
  }

  async #routerForNewPeer(): Promise<RoomRouter> {
    this.#assertOpen();
    const budget = this.#config.media.consumerBudgetPerWorker;
    const best = this.#routers.reduce((a, b) => (b.worker.consumers < a.worker.consumers ? b : a), this.primary);
    if (best.worker.consumers < budget) return best;
    const spare = this.#pool.leastLoaded(new Set(this.#routers.map((router) => router.worker)));
    if (!spare || spare.consumers >= best.worker.consumers) return best;
    const added = await createRoomRouter(spare, this.id);
    if (this.#closed) {
      added.router.close();
      this.#assertOpen();
    }
    this.#adoptRouter(added);
    this.#log.info({ worker: spare.index, routers: this.#routers.length }, 'room spans another worker');
    return added;
  }

  async #listenForSpeech(peer: Peer, producer: PeerProducer): Promise<void> {
    await peer.router.pipeTo(producer.id, this.primary);
    await this.#speakers.add(producer, peer.id);
  }

  #watchProducer(peer: Peer, producer: PeerProducer): void {
    const ref = { peerId: peer.id, producerId: producer.id, source: producer.appData.source };
    producer.on('score', (scores) => {
      peer.notify('producerScoreChanged', { producerId: producer.id, scores: scores.map((entry) => entry.score) });
    });
    producer.observer.on('pause', () => this.broadcast('producerPaused', ref));
    producer.observer.on('resume', () => this.broadcast('producerResumed', ref));
    producer.observer.once('close', () => {
      if (!this.#closed) this.broadcast('producerClosed', ref, peer);
    });
  }

  #consumeAllFor(peer: Peer): void {
    for (const owner of this.peers.values()) {
      for (const producer of owner.producers.values()) this.#consume(peer, owner, producer);
    }
  }

  /** Creates a paused consumer of `producer` for `peer` and tells it; failures are logged, never thrown. */
  #consume(peer: Peer, owner: Peer, producer: PeerProducer): void {
    if (peer === owner || !peer.can('subscribe') || !peer.canConsume || !peer.claimProducer(producer.id)) return;
    this.#createConsumer(peer, owner, producer).catch((error: unknown) => {
      peer.releaseProducer(producer.id);
      if (!peer.closed && !producer.closed) {
        this.#log.error({ err: error, peer: peer.id, producer: producer.id }, 'could not create consumer');
      }
    });
  }

  async #createConsumer(peer: Peer, owner: Peer, producer: PeerProducer): Promise<void> {
    await owner.router.pipeTo(producer.id, peer.router);
    const transport = peer.transportFor('recv');
    const rtpCapabilities = peer.rtpCapabilities as types.RtpCapabilities | undefined;
    if (!transport || !rtpCapabilities || producer.closed) {
      peer.releaseProducer(producer.id);
      return;
    }
    if (!peer.router.router.canConsume({ producerId: producer.id, rtpCapabilities })) {
      peer.releaseProducer(producer.id);
      this.#log.warn({ peer: peer.id, producer: producer.id }, 'peer cannot receive this codec');
      return;
    }
    const appData: ConsumerAppData = { peerId: peer.id, producerPeerId: owner.id, source: producer.appData.source };
    const consumer: PeerConsumer = await transport.consume({
      producerId: producer.id,
      rtpCapabilities,
      paused: true,
      appData,
    });
    peer.router.worker.trackConsumer(consumer);
    peer.addConsumer(consumer);
    this.#watchConsumer(peer, consumer);
    peer.notify('consumerCreated', {
      consumerId: consumer.id,
      producerId: producer.id,
      peerId: owner.id,
      kind: consumer.kind,
      source: appData.source,
      rtpParameters: toWireRtpParameters(consumer.rtpParameters),
      type: consumer.type,
      producerPaused: consumer.producerPaused,
    });
  }

  #watchConsumer(peer: Peer, consumer: PeerConsumer): void {
    const consumerId = consumer.id;
    consumer.on('producerclose', () => peer.notify('consumerClosed', { consumerId }));
    consumer.on('producerpause', () => peer.notify('consumerPaused', { consumerId }));
    consumer.on('producerresume', () => peer.notify('consumerResumed', { consumerId }));
    consumer.on('score', ({ score, producerScore }) =>
      peer.notify('consumerScoreChanged', { consumerId, score, producerScore }),
    );
    consumer.on('layerschange', (layers) => {
      peer.notify('consumerLayersChanged', {
        consumerId,
        layers: layers ? { spatialLayer: layers.spatialLayer, temporalLayer: layers.temporalLayer } : null,
      });
    });
  }

  #clearReconnectTimer(peer: Peer): void {
    const timer = this.#reconnectTimers.get(peer);
    if (timer) clearTimeout(timer);
    this.#reconnectTimers.delete(peer);
  }

  #lobbyChanged(): void {
    const waiting = this.lobby.list();
    for (const peer of this.peers.values()) {
      if (peer.can('moderate')) peer.notify('lobbyChanged', { waiting });
    }
    if (waiting.length > 0) this.#cancelEmptyClose();
    else this.#scheduleEmptyClose();
    this.emit('lobbyChanged');
  }

  #scheduleEmptyClose(): void {
    if (this.peers.size > 0 || this.lobby.size > 0 || this.#closed) return;
    this.#cancelEmptyClose();
    this.#emptyTimer = setTimeout(() => this.close(), this.#config.rooms.emptyGraceMs);
  }

  #cancelEmptyClose(): void {
    if (this.#emptyTimer) clearTimeout(this.#emptyTimer);
    this.#emptyTimer = undefined;
  }
}

export type RoomDeps = { pool: WorkerPool; config: Config; log: Logger; store: Store };

async function createRoomRouter(worker: MediaWorker, roomId: string): Promise<RoomRouter> {
  const router = await worker.worker.createRouter({ mediaCodecs, appData: { roomId } });
  return new RoomRouter(router, worker);
}
