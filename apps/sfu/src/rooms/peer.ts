import { EventEmitter } from 'node:events';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type {
  Grant,
  Grants,
  MediaSource,
  NotificationData,
  NotificationName,
  PeerInfo,
  PeerRole,
  ProducerInfo,
  RtpCapabilities,
  SelfState,
  TransportDirection,
} from '@huddle/shared';
import { HuddleError, notFound } from '../errors.js';
import type { Admission } from './admission.js';
import type { RoomRouter } from './media/roomRouter.js';
import { SerialQueue } from './serialQueue.js';
import type { NotificationSink, PeerConsumer, PeerProducer, PeerTransport } from './types.js';

type PeerEvents = { close: [] };

/** Notifications that only matter live; they are not kept for a peer that is reconnecting. */
const VOLATILE: ReadonlySet<NotificationName> = new Set(['audioLevelsChanged', 'activeSpeakerChanged', 'reactionSent']);
const MAX_QUEUED = 2000;

/**
 * One participant: who it is, its signaling sink, and its transports, producers and consumers on its router.
 * Closing the peer closes its transports, and mediasoup's cascade closes their producers and consumers; the
 * maps shrink only on each object's observer 'close'. Requests that change its media state run one at a time
 * (`exclusive`), so two concurrent requests can never both pass a check and both create.
 */
export class Peer extends EventEmitter<PeerEvents> {
  readonly id = randomUUID();
  readonly displayName: string;
  /** From the join token; null for an anonymous participant. */
  readonly identity: string | null;
  /** When the join token expires (ms since the epoch); null for an anonymous participant. */
  readonly tokenExpiresAt: number | null;
  readonly joinedAt = Date.now();
  readonly router: RoomRouter;
  readonly transports = new Map<string, PeerTransport>();
  readonly producers = new Map<string, PeerProducer>();
  readonly consumers = new Map<string, PeerConsumer>();
  /** Sources a moderator muted: the peer may not resume them until a moderator allows it. */
  readonly hostMuted = new Set<MediaSource>();
  rtpCapabilities: RtpCapabilities | undefined;
  role: PeerRole;
  handRaised = false;
  readonly #changes = new SerialQueue();
  #grants: Grants;
  #resumeToken = newResumeToken();
  #sink: NotificationSink | undefined;
  #queue: Array<() => void> = [];
  #closed = false;

  constructor(admission: Admission, router: RoomRouter, role: PeerRole) {
    super();
    this.displayName = admission.displayName;
    this.identity = admission.identity;
    this.tokenExpiresAt = admission.tokenExpiresAt;
    this.#grants = admission.grants;
    this.router = router;
    this.role = role;
  }

  /** Moderation follows the role (a moderator that leaves hands it on); the others moderators may change live. */
  can(grant: Grant): boolean {
    return grant === 'moderate' ? this.role === 'moderator' : this.#grants[grant];
  }

  /** What this peer may do now, as it is told (`moderate` is its role). */
  get grants(): Grants {
    return { ...this.#grants, moderate: this.role === 'moderator' };
  }

  setGrants(grants: Grants): void {
    this.#grants = grants;
  }

  /** Who did something, for the audit log: the token identity, or the anonymous peer's id. Never the display name. */
  get actor(): string {
    return this.identity === null ? `peer:anonymous:${this.id}` : `peer:${this.identity}`;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get resumeToken(): string {
    return this.#resumeToken;
  }

  get connected(): boolean {
    return this.#sink !== undefined;
  }

  /** Checks a resume token; a match spends it (the next resume needs the one returned now). */
  redeemResumeToken(token: string): string | undefined {
    const expected = Buffer.from(this.#resumeToken);
    const given = Buffer.from(token);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    this.#resumeToken = newResumeToken();
    return this.#resumeToken;
  }

  /**
   * Makes `sink` the one connection that drives this peer and replays what was queued while it had none. A
   * connection still attached is told it was replaced (and closes), so two sockets never drive one peer.
   */
  attach(sink: NotificationSink): void {
    this.assertOpen();
    const previous = this.#sink;
    this.#sink = sink;
    if (previous && previous !== sink) previous.replaced();
    const queued = this.#queue;
    this.#queue = [];
    for (const send of queued) send();
  }

  /** True when `sink` was the peer's connection (the peer is now disconnected). */
  detach(sink: NotificationSink): boolean {
    if (this.#sink !== sink) return false;
    this.#sink = undefined;
    return true;
  }

  notify<N extends NotificationName>(name: N, data: NotificationData<N>): void {
    if (this.#closed) return;
    const sink = this.#sink;
    if (sink) {
      sink.notify(name, data);
    } else if (!VOLATILE.has(name) && this.#queue.length < MAX_QUEUED) {
      this.#queue.push(() => this.#sink?.notify(name, data));
    }
  }

  /** Runs a change of this peer's media state after every earlier one; refuses once the peer has left. */
  exclusive<T>(change: () => Promise<T> | T): Promise<T> {
    return this.#changes.run(() => {
      this.assertOpen();
      return change();
    });
  }

  info(): PeerInfo {
    return {
      peerId: this.id,
      displayName: this.displayName,
      state: this.connected ? 'connected' : 'reconnecting',
      role: this.role,
      handRaised: this.handRaised,
      joinedAt: this.joinedAt,
      producers: this.#producerInfos(),
    };
  }

  selfState(): SelfState {
    return {
      role: this.role,
      handRaised: this.handRaised,
      producers: this.#producerInfos(),
      hostMuted: [...this.hostMuted],
    };
  }

  #producerInfos(): ProducerInfo[] {
    return [...this.producers.values()].map((producer) => ({
      producerId: producer.id,
      kind: producer.kind,
      source: producer.appData.source,
      paused: producer.paused,
    }));
  }

  addTransport(transport: PeerTransport): void {
    this.transports.set(transport.id, transport);
    transport.observer.once('close', () => this.transports.delete(transport.id));
  }

  addProducer(producer: PeerProducer): void {
    this.producers.set(producer.id, producer);
    producer.observer.once('close', () => this.producers.delete(producer.id));
  }

  addConsumer(consumer: PeerConsumer): void {
    this.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => this.consumers.delete(consumer.id));
  }

  transport(transportId: string): PeerTransport {
    const transport = this.transports.get(transportId);
    if (!transport) throw notFound('transport', transportId);
    return transport;
  }

  transportFor(direction: TransportDirection): PeerTransport | undefined {
    for (const transport of this.transports.values()) {
      if (transport.appData.direction === direction) return transport;
    }
    return undefined;
  }

  producer(producerId: string): PeerProducer {
    const producer = this.producers.get(producerId);
    if (!producer) throw notFound('producer', producerId);
    return producer;
  }

  producerOf(source: MediaSource): PeerProducer | undefined {
    for (const producer of this.producers.values()) {
      if (producer.appData.source === source) return producer;
    }
    return undefined;
  }

  consumer(consumerId: string): PeerConsumer {
    const consumer = this.consumers.get(consumerId);
    if (!consumer) throw notFound('consumer', consumerId);
    return consumer;
  }

  hasConsumerOf(producerId: string): boolean {
    for (const consumer of this.consumers.values()) {
      if (consumer.producerId === producerId) return true;
    }
    return false;
  }

  /** Ready to receive: it told us its RTP capabilities and has a receive transport. */
  get canConsume(): boolean {
    return this.rtpCapabilities !== undefined && this.transportFor('recv') !== undefined;
  }

  assertOpen(): void {
    if (this.#closed) throw new HuddleError('NOT_JOINED', 'this peer has left the room');
  }

  /** Idempotent. Closing the transports cascades to every producer and consumer of this peer. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#sink = undefined;
    this.#queue = [];
    for (const transport of [...this.transports.values()]) transport.close();
    this.emit('close');
  }
}

function newResumeToken(): string {
  return randomBytes(24).toString('base64url');
}
