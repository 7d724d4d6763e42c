import type { SignalClient } from '@huddle/client';
import type {
  ChatMessage,
  Layers,
  MediaSource,
  NotificationData,
  NotificationName,
  PeerInfo,
  PeerRole,
} from '@huddle/shared';
import type WebSocket from 'ws';
import type { NotificationLog } from '../signaling/notificationLog.js';
import { waitFor, type WaitOptions } from '../wait.js';
import { SOURCE_KIND, type ConsumerCreated, type MediaEngine, type PublishOptions } from './mediaEngine.js';
import { BitrateMeter, type InboundStream, type OutboundStream, type ParticipantStats } from './stats.js';

type ConsumerState = {
  created: ConsumerCreated;
  /** We paused it (unsubscribe) — the SFU's consumer is paused too. */
  paused: boolean;
  producerPaused: boolean;
  layers: Layers | null | undefined;
};

/** Who a wait refers to: a participant object, a peer id or a display name. */
export type PeerRef = Participant | string;

export type MediaExpectation = WaitOptions & {
  kind?: 'audio' | 'video';
  source?: MediaSource;
  /** Bits per second the stream must reach (default: anything above 0). */
  minBitrate?: number;
  /** Browser-grade receivers: frames decoded (default: none required). */
  minFramesDecoded?: number;
};

export type JoinedAs = { peerId: string; role: PeerRole; peers: PeerInfo[] };

/** What a participant is made of: the SDK's signal client, its socket, its notification log, a media stack. */
export type ParticipantParts = { signal: SignalClient; socket: WebSocket; log: NotificationLog; engine: MediaEngine };

/**
 * A headless meeting participant speaking Huddle's signaling protocol through the client SDK's SignalClient;
 * its media stack is a MediaEngine (browser-grade: the SDK's own PeerMedia; or lightweight). Create it with
 * `joinParticipant`.
 */
export class Participant {
  readonly name: string;
  readonly peerId: string;
  readonly signal: SignalClient;
  readonly engine: MediaEngine;
  readonly #socket: WebSocket;
  readonly #log: NotificationLog;
  role: PeerRole;
  readonly chat: ChatMessage[] = [];
  readonly #peers = new Map<string, PeerInfo>();
  readonly #consumers = new Map<string, ConsumerState>();
  readonly #producers = new Map<MediaSource, { producerId: string; muted: boolean }>();
  readonly #meter = new BitrateMeter();
  readonly #sampler: NodeJS.Timeout;
  readonly #autoSubscribe: boolean;
  #consumeQueue: Promise<void> = Promise.resolve();
  #errors: Error[] = [];
  #left = false;

  constructor(parts: ParticipantParts, name: string, joined: JoinedAs, autoSubscribe: boolean) {
    this.signal = parts.signal;
    this.engine = parts.engine;
    this.#socket = parts.socket;
    this.#log = parts.log;
    this.name = name;
    this.peerId = joined.peerId;
    this.role = joined.role;
    this.#autoSubscribe = autoSubscribe;
    for (const peer of joined.peers) this.#peers.set(peer.peerId, peer);
    this.#listen(parts.signal);
    this.#sampler = setInterval(() => void this.#sample(), 500);
    this.#sampler.unref();
  }

  get kind(): MediaEngine['kind'] {
    return this.engine.kind;
  }

  /** The other peers in the room now. */
  get peers(): PeerInfo[] {
    return [...this.#peers.values()];
  }

  /** Failures in the background (a consumer that could not be set up); waits report them too. */
  get errors(): readonly Error[] {
    return this.#errors;
  }

  #listen(signal: SignalClient): void {
    signal.onNotification('peerJoined', ({ peer }) => this.#peers.set(peer.peerId, peer));
    signal.onNotification('peerLeft', ({ peerId }) => this.#peers.delete(peerId));
    signal.onNotification('peerRoleChanged', ({ peerId, role }) => {
      if (peerId === this.peerId) this.role = role;
      const peer = this.#peers.get(peerId);
      if (peer) this.#peers.set(peerId, { ...peer, role });
    });
    // Our own promotion comes as grants (`moderate` is the moderator role), not as a roster frame.
    signal.onNotification('permissionsChanged', ({ grants }) => {
      this.role = grants.moderate ? 'moderator' : 'participant';
    });
    signal.onNotification('chatReceived', ({ message }) => this.chat.push(message));
    signal.onNotification('consumerCreated', (created) => this.#queueConsumer(created));
    signal.onNotification('consumerClosed', ({ consumerId }) => {
      this.#consumers.delete(consumerId);
      this.#consumeQueue = this.#consumeQueue.then(() => this.engine.dropConsumer(consumerId));
    });
    signal.onNotification('consumerLayersChanged', ({ consumerId, layers }) => {
      const consumer = this.#consumers.get(consumerId);
      if (consumer) consumer.layers = layers;
    });
    const producerPaused = (producerId: string, paused: boolean): void => {
      for (const consumer of this.#consumers.values()) {
        if (consumer.created.producerId === producerId) consumer.producerPaused = paused;
      }
    };
    signal.onNotification('producerPaused', ({ producerId }) => producerPaused(producerId, true));
    signal.onNotification('producerResumed', ({ producerId }) => producerPaused(producerId, false));
  }

  #queueConsumer(created: ConsumerCreated): void {
    this.#consumers.set(created.consumerId, {
      created,
      paused: !this.#autoSubscribe,
      producerPaused: created.producerPaused,
      layers: undefined,
    });
    this.#consumeQueue = this.#consumeQueue.then(async () => {
      try {
        await this.engine.consume(created);
        if (this.#autoSubscribe && this.#consumers.has(created.consumerId)) {
          await this.signal.request('resumeConsumer', { consumerId: created.consumerId });
        }
      } catch (error) {
        if (!this.#left) this.#errors.push(new Error(`consumer ${created.consumerId}: ${String(error)}`));
      }
    });
  }

  async #sample(): Promise<void> {
    try {
      const counters = await this.engine.receiveCounters();
      const sent = await this.engine.sendCounters();
      const bytes = new Map<string, number>();
      for (const [consumerId, value] of counters) bytes.set(consumerId, value.bytes);
      for (const [source, value] of sent) bytes.set(`out:${source}`, value.bytes);
      this.#meter.record(bytes);
    } catch {
      // the engine is closing; the next stats() call reports real failures
    }
  }

  /** Starts sending `source` (synthetic media) and creates its producer. */
  async publish(source: MediaSource, options: PublishOptions = {}): Promise<string> {
    if (this.#producers.has(source)) throw new Error(`${this.name} publishes ${source} already`);
    const producerId = await this.engine.publish(source, options);
    this.#producers.set(source, { producerId, muted: options.paused ?? false });
    return producerId;
  }

  async unpublish(source: MediaSource): Promise<void> {
    const producer = this.#requireProducer(source);
    this.#producers.delete(source);
    await this.signal.request('closeProducer', { producerId: producer.producerId });
    await this.engine.unpublish(source);
  }

  /** Mutes (pauses the producer on the SFU and stops sending) or unmutes `source`. */
  async setMuted(source: MediaSource, muted: boolean): Promise<void> {
    const producer = this.#requireProducer(source);
    if (muted) {
      await this.signal.request('pauseProducer', { producerId: producer.producerId });
      await this.engine.setSending(source, false);
    } else {
      await this.engine.setSending(source, true);
      await this.signal.request('resumeProducer', { producerId: producer.producerId });
    }
    producer.muted = muted;
  }

  #requireProducer(source: MediaSource): { producerId: string; muted: boolean } {
    const producer = this.#producers.get(source);
    if (!producer) throw new Error(`${this.name} does not publish ${source}`);
    return producer;
  }

  #consumersOf(from: PeerRef, source?: MediaSource): ConsumerState[] {
    const peerId = this.resolvePeer(from);
    return [...this.#consumers.values()].filter(
      (consumer) => consumer.created.peerId === peerId && (source === undefined || consumer.created.source === source),
    );
  }

  /** A peer id from a participant, a peer id or a display name (throws if no such peer is in the room). */
  resolvePeer(ref: PeerRef): string {
    if (ref instanceof Participant) return ref.peerId;
    if (this.#peers.has(ref)) return ref;
    const byName = this.peers.filter((peer) => peer.displayName === ref);
    const [only] = byName;
    if (byName.length === 1 && only) return only.peerId;
    if (byName.length > 1) throw new Error(`${byName.length} peers are named "${ref}": use a peer id`);
    throw new Error(
      `no peer "${ref}" in the room (peers: ${this.peers.map((peer) => peer.displayName).join(', ') || 'none'})`,
    );
  }

  /** Resumes receiving `from`'s streams (all, or one source). */
  async subscribe(from: PeerRef, source?: MediaSource): Promise<void> {
    for (const consumer of this.#consumersOf(from, source)) {
      await this.signal.request('resumeConsumer', { consumerId: consumer.created.consumerId });
      consumer.paused = false;
    }
  }

  /** Stops receiving `from`'s streams (the SFU pauses our consumers). */
  async unsubscribe(from: PeerRef, source?: MediaSource): Promise<void> {
    for (const consumer of this.#consumersOf(from, source)) {
      await this.signal.request('pauseConsumer', { consumerId: consumer.created.consumerId });
      consumer.paused = true;
    }
  }

  /** Asks the SFU for a simulcast/SVC layer of `from`'s video (`source` defaults to camera). */
  async setPreferredLayers(from: PeerRef, layers: Layers, source: MediaSource = 'camera'): Promise<void> {
    const consumers = this.#consumersOf(from, source);
    if (consumers.length === 0) throw new Error(`${this.name} receives no ${source} from ${String(from)}`);
    for (const consumer of consumers) {
      await this.signal.request('setConsumerPreferredLayers', { consumerId: consumer.created.consumerId, ...layers });
    }
  }

  async sendChat(text: string, options: { to?: PeerRef } = {}): Promise<ChatMessage> {
    const to = options.to === undefined ? undefined : this.resolvePeer(options.to);
    const { message } = await this.signal.request('sendChat', { text, ...(to === undefined ? {} : { to }) });
    this.chat.push(message);
    return message;
  }

  /** Moderators: removes a participant from the room (it receives `kicked` with the reason). */
  async kick(peer: PeerRef, reason?: string): Promise<void> {
    await this.signal.request('kickParticipant', {
      peerId: this.resolvePeer(peer),
      ...(reason === undefined ? {} : { reason }),
    });
  }

  /** Live statistics: every stream received and sent, with bitrates over the last second. */
  async stats(): Promise<ParticipantStats> {
    const at = Date.now();
    const received = await this.engine.receiveCounters();
    const sent = await this.engine.sendCounters();
    const inbound: InboundStream[] = [];
    for (const [consumerId, state] of this.#consumers) {
      const counters = received.get(consumerId) ?? { packets: 0, bytes: 0, packetsLost: 0 };
      const total = counters.packets + counters.packetsLost;
      inbound.push({
        ...counters,
        consumerId,
        peerId: state.created.peerId,
        source: state.created.source,
        kind: state.created.kind,
        paused: state.paused,
        producerPaused: state.producerPaused,
        bitrate: this.#meter.bitrate(consumerId, counters.bytes, at),
        lossRate: total === 0 ? 0 : counters.packetsLost / total,
        layers: state.layers,
      });
    }
    const outbound: OutboundStream[] = [];
    for (const [source, producer] of this.#producers) {
      const counters = sent.get(source) ?? { packets: 0, bytes: 0 };
      outbound.push({
        ...counters,
        producerId: producer.producerId,
        source,
        kind: SOURCE_KIND[source],
        muted: producer.muted,
        bitrate: this.#meter.bitrate(`out:${source}`, counters.bytes, at),
      });
    }
    return { at, inbound, outbound };
  }

  /** Waits until a stream from `from` arrives as expected; resolves with its stats. */
  async waitForMedia(from: PeerRef, expectation: MediaExpectation = {}): Promise<InboundStream> {
    const kind = expectation.kind ?? (expectation.source ? SOURCE_KIND[expectation.source] : 'video');
    const minBitrate = expectation.minBitrate ?? 1;
    const minFrames = expectation.minFramesDecoded ?? 0;
    let seen = 'nothing received yet';
    const label = typeof from === 'string' ? from : from.name;
    return waitFor(
      async () => {
        this.#throwBackgroundErrors();
        const peerId = this.resolvePeer(from);
        const streams = (await this.stats()).inbound.filter(
          (stream) =>
            stream.peerId === peerId &&
            stream.kind === kind &&
            (expectation.source === undefined || stream.source === expectation.source),
        );
        seen =
          streams.length === 0
            ? `no ${kind} consumer of ${label} yet`
            : streams.map((stream) => describeStream(stream)).join('; ');
        return streams.find(
          (stream) => stream.bitrate >= minBitrate && stream.packets > 0 && (stream.framesDecoded ?? 0) >= minFrames,
        );
      },
      {
        timeoutMs: expectation.timeoutMs ?? 15_000,
        intervalMs: expectation.intervalMs ?? 250,
        description: `${this.name} to receive ${kind} from ${label} at ≥ ${minBitrate} bit/s${minFrames > 0 ? ` and ${minFrames} decoded frames` : ''}`,
        describe: () => seen,
      },
    );
  }

  /** Waits for a chat message (matching text, or a predicate) and resolves with it. */
  async waitForChat(
    match: string | RegExp | ((message: ChatMessage) => boolean),
    options: WaitOptions = {},
  ): Promise<ChatMessage> {
    const predicate =
      typeof match === 'function'
        ? match
        : (message: ChatMessage) => (typeof match === 'string' ? message.text === match : match.test(message.text));
    return waitFor(() => this.chat.find(predicate), {
      timeoutMs: options.timeoutMs ?? 10_000,
      description: options.description ?? `${this.name} to receive the chat message ${String(match)}`,
      describe: () =>
        `${this.chat.length} messages: ${this.chat.map((message) => JSON.stringify(message.text)).join(', ')}`,
    });
  }

  /** Waits until a peer (id or display name) is in the room — or, with `{ present: false }`, has left it. */
  async waitForPeer(ref: PeerRef, options: WaitOptions & { present?: boolean } = {}): Promise<PeerInfo | undefined> {
    const present = options.present ?? true;
    const find = (): PeerInfo | undefined => {
      const id = ref instanceof Participant ? ref.peerId : ref;
      return this.#peers.get(id) ?? this.peers.find((peer) => peer.displayName === id);
    };
    const label = ref instanceof Participant ? ref.name : ref;
    await waitFor(() => (present ? find() !== undefined : find() === undefined), {
      timeoutMs: options.timeoutMs ?? 10_000,
      description: options.description ?? `${this.name} to see ${label} ${present ? 'join' : 'leave'}`,
      describe: () => `peers: ${this.peers.map((peer) => peer.displayName).join(', ') || 'none'}`,
    });
    return find();
  }

  /** Waits for a notification from the SFU (e.g. 'kicked', 'mutedByHost'); resolves with its data. */
  waitForNotification<N extends NotificationName>(
    name: N,
    predicate?: (data: NotificationData<N>) => boolean,
    options: WaitOptions = {},
  ): Promise<NotificationData<N>> {
    return this.#log.waitFor(name, predicate, options.timeoutMs ?? 10_000);
  }

  #throwBackgroundErrors(): void {
    const [first] = this.#errors;
    if (first) throw first;
  }

  /**
   * Vanishes without a word, like a killed process: the socket and the transports close, the SFU is not told.
   * The SFU must notice on its own (heartbeat, then its reconnect grace period) and close this peer's transports.
   */
  async crash(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    clearInterval(this.#sampler);
    this.#socket.terminate();
    this.signal.close();
    await this.engine.close();
  }

  /** Leaves the room and closes every transport and socket; idempotent. */
  async leave(): Promise<void> {
    if (this.#left) return;
    this.#left = true;
    clearInterval(this.#sampler);
    try {
      if (this.signal.state === 'open') await this.signal.request('leave', {}, { timeoutMs: 5_000 });
    } catch {
      // kicked or the SFU is gone: closing below is all that is left to do
    }
    await this.#consumeQueue;
    await this.engine.close();
    const closed =
      this.#socket.readyState === this.#socket.CLOSED
        ? Promise.resolve()
        : new Promise<void>((resolve) => this.#socket.once('close', () => resolve()));
    this.signal.close();
    await closed;
  }
}

function describeStream(stream: InboundStream): string {
  const parts = [
    `${stream.source} ${stream.consumerId.slice(0, 8)}`,
    `${Math.round(stream.bitrate)} bit/s`,
    `${stream.packets} packets`,
    `loss ${(stream.lossRate * 100).toFixed(1)} %`,
  ];
  if (stream.paused) parts.push('paused by us');
  if (stream.producerPaused) parts.push('producer paused');
  if (stream.framesDecoded !== undefined) parts.push(`${stream.framesDecoded} frames decoded`);
  return parts.join(', ');
}
