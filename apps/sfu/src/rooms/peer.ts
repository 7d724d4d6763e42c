import { EventEmitter } from 'node:events';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type {
  Grant,
  Grants,
  NotificationData,
  NotificationName,
  PeerInfo,
  PeerRole,
  RtpCapabilities,
  TransportDirection,
} from '@huddle/shared';
import { HuddleError, notFound } from '../errors.js';
import type { RoomRouter } from './roomRouter.js';
import type { NotificationSink, PeerConsumer, PeerProducer, PeerTransport } from './types.js';

type PeerEvents = { close: [] };

/** Notifications that only matter live; they are not kept for a peer that is reconnecting. */
const VOLATILE: ReadonlySet<NotificationName> = new Set(['audioLevelsChanged', 'activeSpeakerChanged', 'reactionSent']);
const MAX_QUEUED = 2000;

/**
 * One participant: its transports, producers and consumers on its router. Closing the peer closes its
 * transports, and mediasoup's cascade closes their producers and consumers; maps shrink only on 'close'.
 */
export class Peer extends EventEmitter<PeerEvents> {
  readonly id = randomUUID();
  readonly displayName: string;
  /** From the join token; null for an anonymous participant. */
  readonly identity: string | null;
  readonly grants: Grants;
  readonly joinedAt = Date.now();
  readonly router: RoomRouter;
  readonly transports = new Map<string, PeerTransport>();
  readonly producers = new Map<string, PeerProducer>();
  readonly consumers = new Map<string, PeerConsumer>();
  rtpCapabilities: RtpCapabilities | undefined;
  role: PeerRole;
  handRaised = false;
  readonly #claimedProducers = new Set<string>();
  #resumeToken = randomBytes(24).toString('base64url');
  #sink: NotificationSink | undefined;
  #queue: Array<() => void> = [];
  #closed = false;

  constructor(
    who: { displayName: string; identity: string | null; grants: Grants },
    router: RoomRouter,
    role: PeerRole,
  ) {
    super();
    this.displayName = who.displayName;
    this.identity = who.identity;
    this.grants = who.grants;
    this.router = router;
    this.role = role;
  }

  /** Moderation follows the role (a moderator that leaves hands it on); every other grant is fixed at join. */
  can(grant: Grant): boolean {
    return grant === 'moderate' ? this.role === 'moderator' : this.grants[grant];
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

  matchesResumeToken(token: string): boolean {
    const expected = Buffer.from(this.#resumeToken);
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Attaches a signaling connection and replays what was queued while the peer had none. */
  attach(sink: NotificationSink): void {
    this.#sink = sink;
    const queued = this.#queue;
    this.#queue = [];
    for (const send of queued) send();
  }

  detach(sink: NotificationSink): void {
    if (this.#sink === sink) this.#sink = undefined;
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

  info(): PeerInfo {
    return {
      peerId: this.id,
      displayName: this.displayName,
      state: this.connected ? 'connected' : 'reconnecting',
      role: this.role,
      handRaised: this.handRaised,
      joinedAt: this.joinedAt,
      producers: [...this.producers.values()].map((producer) => ({
        producerId: producer.id,
        kind: producer.kind,
        source: producer.appData.source,
        paused: producer.paused,
      })),
    };
  }

  addTransport(transport: PeerTransport): void {
    this.transports.set(transport.id, transport);
    transport.observer.once('close', () => this.transports.delete(transport.id));
  }

  addProducer(producer: PeerProducer): void {
    this.producers.set(producer.id, producer);
    producer.observer.once('close', () => this.producers.delete(producer.id));
  }

  /** Reserves the right to consume `producerId` once; false if a consumer for it exists or is being made. */
  claimProducer(producerId: string): boolean {
    if (this.#claimedProducers.has(producerId)) return false;
    this.#claimedProducers.add(producerId);
    return true;
  }

  releaseProducer(producerId: string): void {
    this.#claimedProducers.delete(producerId);
  }

  addConsumer(consumer: PeerConsumer): void {
    this.consumers.set(consumer.id, consumer);
    consumer.observer.once('close', () => {
      this.consumers.delete(consumer.id);
      this.#claimedProducers.delete(consumer.producerId);
    });
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

  consumer(consumerId: string): PeerConsumer {
    const consumer = this.consumers.get(consumerId);
    if (!consumer) throw notFound('consumer', consumerId);
    return consumer;
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
