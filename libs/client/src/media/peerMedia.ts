import {
  mediaSourceSchema,
  type MediaSource,
  type NotificationData,
  type ResponseData,
  type RtpCapabilities,
} from '@huddle/shared';
import type { Device, types } from 'mediasoup-client';
import { z } from 'zod';
import { TypedEmitter } from '../emitter.js';
import { toError } from '../errors.js';
import type { SignalClient } from '../signaling/signalClient.js';
import { consumerStats, type ConsumerStats } from './consumerStats.js';
import { createDevice, loadDevice } from './device.js';
import type { SendSettings } from './encodings.js';
import { readLinkStats, type LinkStats } from './linkStats.js';
import { LocalProducers } from './localProducers.js';
import type { PublicationStats } from './publicationStats.js';
import { planSend } from './sendPlan.js';
import {
  toClientIceParameters,
  toClientRtpCapabilities,
  toClientRtpParameters,
  toClientTransportOptions,
  toWireDtlsParameters,
  toWireRtpCapabilities,
  toWireRtpParameters,
} from './wire.js';

/** A remote producer this peer receives, and the track it plays into. */
export type RemoteTrack = {
  consumerId: string;
  producerId: string;
  peerId: string;
  source: MediaSource;
  kind: NotificationData<'consumerCreated'>['kind'];
  /** How the server forwards it: a `simulcast` consumer has spatial layers to choose from. */
  type: NotificationData<'consumerCreated'>['type'];
  track: MediaStreamTrack;
};

export type PeerMediaOptions = {
  /** mediasoup-client's handler, e.g. 'Chrome111' for libwebrtc in Node; default: detected from the browser. */
  handlerName?: types.BuiltinHandlerName;
  /** TURN/STUN servers for both transports (the join reply's `iceServers`). */
  iceServers?: RTCIceServer[];
  /** 'relay': only TURN-relayed paths, for both transports (a firewall test, or privacy); default 'all'. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Make the send transport (the peer may publish) and the receive transport (it may subscribe). */
  send: boolean;
  receive: boolean;
};

/** What to send as one source. */
export type LocalSend = { source: MediaSource; track: MediaStreamTrack; paused: boolean; settings: SendSettings };

export type PeerMediaEvents = {
  /** A background failure: an ICE restart after the connection failed, a sender that refused its settings. */
  error: [error: Error];
};

/** What `produce` passes through mediasoup-client to the send transport's 'produce' handler. */
const produceAppDataSchema = z.object({ source: mediaSourceSchema, paused: z.boolean() });
type ProduceAppData = z.infer<typeof produceAppDataSchema>;

type ConsumerEntry = { consumer: types.Consumer; remote: RemoteTrack };

/**
 * The media of one server-side peer: the Device, the send and receive transports, the local producers (one per
 * source) and the consumers. It is started at once after `join` and sets itself up in parallel — the device
 * loads while both transports are created, and the RTP capabilities go out the moment the device is loaded — so
 * the first consumer comes as early as the protocol allows. It lives as long as that peer; a rejoin makes another.
 * Server-side producer state (pause, close) is not its business: publications own that.
 */
export class PeerMedia extends TypedEmitter<PeerMediaEvents> {
  /** Resolves once the device is loaded, both transports exist and the server knows what we can receive. */
  readonly ready: Promise<void>;
  readonly #signal: SignalClient;
  readonly #device: Device;
  #send: Promise<types.Transport | undefined>;
  /** A send transport exists or is being made. */
  #sending: boolean;
  readonly #loaded: Promise<void>;
  readonly #recv: Promise<types.Transport | undefined>;
  readonly #producers = new LocalProducers();
  readonly #consumers = new Map<string, ConsumerEntry>();
  /** Consumers being created locally, and those the server closed meanwhile. */
  readonly #creating = new Set<string>();
  readonly #cancelled = new Set<string>();
  readonly #transports: types.Transport[] = [];
  readonly #iceServers: RTCIceServer[] | undefined;
  readonly #iceTransportPolicy: RTCIceTransportPolicy | undefined;
  #closed = false;

  private constructor(
    signal: SignalClient,
    device: Device,
    routerRtpCapabilities: RtpCapabilities,
    options: PeerMediaOptions,
  ) {
    super();
    this.#signal = signal;
    this.#device = device;
    this.#iceServers = options.iceServers;
    this.#iceTransportPolicy = options.iceTransportPolicy;
    // The requests go out first: loading the device probes the browser, which blocks this thread for a while.
    const replies = {
      send: options.send ? signal.request('createTransport', { direction: 'send' }) : undefined,
      recv: options.receive ? signal.request('createTransport', { direction: 'recv' }) : undefined,
    };
    const loaded = loadDevice(device, toClientRtpCapabilities(routerRtpCapabilities));
    this.#loaded = loaded;
    this.#sending = options.send;
    const created = (direction: 'send' | 'recv'): Promise<types.Transport | undefined> => {
      const reply = replies[direction];
      if (!reply) return Promise.resolve(undefined);
      return Promise.all([reply, loaded]).then(([info]) => this.#adoptTransport(direction, info));
    };
    this.#send = created('send');
    this.#recv = created('recv');
    const receiving = options.receive
      ? loaded.then(() =>
          signal.request('setRtpCapabilities', {
            rtpCapabilities: toWireRtpCapabilities(device.recvRtpCapabilities),
          }),
        )
      : loaded;
    this.ready = Promise.all([this.#send, this.#recv, receiving]).then(() => undefined);
    // Failures reach whoever awaits `ready` (or consume/produce); never an unhandled rejection here.
    for (const part of [this.#send, this.#recv, receiving]) part.catch(() => undefined);
  }

  /**
   * Starts setting up the peer's media (rejects with UnsupportedBrowserError when this runtime cannot); await
   * `ready` before counting on it.
   */
  static async start(
    signal: SignalClient,
    routerRtpCapabilities: RtpCapabilities,
    options: PeerMediaOptions,
  ): Promise<PeerMedia> {
    const device = await createDevice(options.handlerName);
    return new PeerMedia(signal, device, routerRtpCapabilities, options);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Makes the send transport if this peer has none: it joined without `publish`/`screen` and a moderator granted
   * one since (a viewer brought on stage). Producing waits for it; a failure lets the next call try again.
   */
  enableSend(): void {
    if (this.#closed || this.#sending) return;
    this.#sending = true;
    const reply = this.#signal.request('createTransport', { direction: 'send' });
    this.#send = Promise.all([reply, this.#loaded])
      .then(([info]) => this.#adoptTransport('send', info))
      .catch((error: unknown) => {
        this.#sending = false;
        throw toError(error);
      });
    this.#send.catch(() => undefined);
  }

  /**
   * Produces `local` (the 'produce' request carries its paused state) with the codec and encodings its settings
   * come to on this device; resolves with the new producer's id.
   */
  async produce(local: LocalSend): Promise<string> {
    const transport = await this.#send;
    if (!transport) throw new Error('this peer has no send transport (it may not publish)');
    const { source, track, paused, settings } = local;
    const appData: ProduceAppData = { source, paused };
    const plan = await planSend(this.#device, settings, track);
    const { zeroRtpOnPause } = settings;
    const producer = await transport.produce({ track, ...plan, zeroRtpOnPause, stopTracks: false, appData });
    if (this.#closed) {
      producer.close();
      throw new Error('the media closed while producing');
    }
    if (paused) producer.pause();
    // A sender that refuses a preference still sends: that is reported, not a failed publication.
    await this.#producers.add(source, producer, settings).catch((error: unknown) => this.emit('error', toError(error)));
    if (producer.closed) throw new Error('the producer closed while its sender was set up');
    return producer.id;
  }

  /** The local producer of `source`, if one was made. */
  producer(source: MediaSource): types.Producer | undefined {
    return this.#producers.get(source);
  }

  /** Stops sending `source` here (the server's producer is closed by whoever asks for it). */
  closeProducer(source: MediaSource): void {
    this.#producers.close(source);
  }

  /** Stops or restarts the packets of `source` here. */
  setSending(source: MediaSource, sending: boolean): void {
    const producer = this.#producers.get(source);
    if (sending) producer?.resume();
    else producer?.pause();
  }

  /** Dynacast (`layersWanted`): the video's encodings above `spatialLayer` off, those up to it on (LocalProducers). */
  limitLayers(producerId: string, spatialLayer: number): Promise<void> {
    return this.#producers.limitLayers(producerId, spatialLayer);
  }

  /** What `source` sends and how: codec, sender encodings, outbound streams (undefined when not produced). */
  publicationStats(source: MediaSource): Promise<PublicationStats | undefined> {
    return this.#producers.stats(source);
  }

  /** Sends another track under the same producer (a device switch); receivers notice nothing. */
  async replaceTrack(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    await this.#producers.get(source)?.replaceTrack({ track });
  }

  /**
   * Creates the local side of a consumer the server made (paused there: resume it with `resumeConsumer` once
   * ready). Resolves with the track, or undefined if the server closed the consumer meanwhile.
   */
  async consume(created: NotificationData<'consumerCreated'>): Promise<RemoteTrack | undefined> {
    const { consumerId, producerId, peerId, kind, source, rtpParameters, type } = created;
    const transport = await this.#recv;
    if (!transport) throw new Error('this peer has no receive transport (it may not subscribe)');
    this.#creating.add(consumerId);
    let consumer: types.Consumer;
    try {
      consumer = await transport.consume({
        id: consumerId,
        producerId,
        kind,
        rtpParameters: toClientRtpParameters(rtpParameters),
      });
    } finally {
      this.#creating.delete(consumerId);
    }
    if (this.#closed || this.#cancelled.delete(consumerId)) {
      consumer.close();
      return undefined;
    }
    const remote: RemoteTrack = { consumerId, producerId, peerId, source, kind, type, track: consumer.track };
    this.#consumers.set(consumerId, { consumer, remote });
    return remote;
  }

  /** The server closed a consumer (its producer or peer went away); returns its track if there was one. */
  closeConsumer(consumerId: string): RemoteTrack | undefined {
    const entry = this.#consumers.get(consumerId);
    if (entry) return this.#removeConsumer(entry);
    if (this.#creating.has(consumerId)) this.#cancelled.add(consumerId);
    return undefined;
  }

  /** Closes the consumers that match; returns their tracks. */
  closeConsumersWhere(match: (track: RemoteTrack) => boolean): RemoteTrack[] {
    return [...this.#consumers.values()]
      .filter((entry) => match(entry.remote))
      .map((entry) => this.#removeConsumer(entry));
  }

  hasConsumer(consumerId: string): boolean {
    return this.#consumers.has(consumerId);
  }

  async pauseConsumer(consumerId: string): Promise<void> {
    this.#entry(consumerId).consumer.pause();
    await this.#signal.request('pauseConsumer', { consumerId });
  }

  async resumeConsumer(consumerId: string): Promise<void> {
    this.#entry(consumerId).consumer.resume();
    await this.#signal.request('resumeConsumer', { consumerId });
  }

  async setPreferredLayers(consumerId: string, spatialLayer: number, temporalLayer?: number): Promise<void> {
    this.#entry(consumerId);
    await this.#signal.request('setConsumerPreferredLayers', { consumerId, spatialLayer, temporalLayer });
  }

  remoteTracks(): RemoteTrack[] {
    return [...this.#consumers.values()].map((entry) => entry.remote);
  }

  /** inbound-rtp statistics of every consumer, from one stats report of the receive transport. */
  async stats(): Promise<ConsumerStats[]> {
    const report = await this.transportStats('recv');
    return report ? this.#consumerStats(report) : [];
  }

  /** Both transports' counters now: paths, bytes, losses, and every consumer's inbound-rtp statistics. */
  async linkStats(): Promise<LinkStats> {
    const [send, recv] = await Promise.all([this.transportStats('send'), this.transportStats('recv')]);
    return readLinkStats(send, recv, recv ? this.#consumerStats(recv) : []);
  }

  /** The whole stats report of one transport (every stream on it), or undefined if this peer has none. */
  async transportStats(direction: 'send' | 'recv'): Promise<RTCStatsReport | undefined> {
    const transport = await (direction === 'send' ? this.#send : this.#recv).catch(() => undefined);
    return transport?.getStats();
  }

  /** New ICE credentials for every transport that lost its connection (after the socket came back). */
  async restartLostIce(): Promise<void> {
    const lost = this.#transports.filter(
      (transport) => !['new', 'connected', 'checking'].includes(transport.connectionState),
    );
    await Promise.all(lost.map((transport) => this.#restartIce(transport)));
  }

  /** Closes both transports (and so every producer and consumer); returns the tracks that were received. */
  close(): RemoteTrack[] {
    if (this.#closed) return [];
    this.#closed = true;
    for (const transport of this.#transports) transport.close();
    this.#producers.clear();
    return [...this.#consumers.values()].map((entry) => this.#removeConsumer(entry));
  }

  #adoptTransport(direction: 'send' | 'recv', info: ResponseData<'createTransport'>): types.Transport {
    if (this.#closed) throw new Error('the media closed while its transports were made');
    // Gathering ICE candidates starts when the transport is made, not at its first consumer or producer.
    const options = {
      ...toClientTransportOptions(info),
      iceServers: this.#iceServers,
      iceTransportPolicy: this.#iceTransportPolicy,
      additionalSettings: { iceCandidatePoolSize: 1 },
    };
    const transport =
      direction === 'send' ? this.#device.createSendTransport(options) : this.#device.createRecvTransport(options);
    this.#transports.push(transport);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.#signal
        .request('connectTransport', {
          transportId: transport.id,
          dtlsParameters: toWireDtlsParameters(dtlsParameters),
        })
        .then(callback, (error: unknown) => errback(toError(error)));
    });
    transport.on('connectionstatechange', (state) => {
      if (state !== 'failed' || this.#closed || this.#signal.state !== 'open') return;
      this.#restartIce(transport).catch((error: unknown) => this.emit('error', toError(error)));
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const intent = produceAppDataSchema.safeParse(appData);
        if (!intent.success) {
          errback(new TypeError('produce() needs appData { source, paused }'));
          return;
        }
        this.#signal
          .request('produce', {
            transportId: transport.id,
            kind,
            source: intent.data.source,
            paused: intent.data.paused,
            rtpParameters: toWireRtpParameters(rtpParameters),
          })
          .then(
            ({ producerId }) => callback({ id: producerId }),
            (error: unknown) => errback(toError(error)),
          );
      });
    }
    return transport;
  }

  #consumerStats(report: RTCStatsReport): ConsumerStats[] {
    return [...this.#consumers.values()].map(({ consumer, remote }) =>
      consumerStats(remote, consumer.rtpParameters.encodings?.[0]?.ssrc, report),
    );
  }

  #entry(consumerId: string): ConsumerEntry {
    const entry = this.#consumers.get(consumerId);
    if (!entry) throw new Error(`no consumer ${consumerId}`);
    return entry;
  }

  #removeConsumer(entry: ConsumerEntry): RemoteTrack {
    this.#consumers.delete(entry.remote.consumerId);
    entry.consumer.close();
    return entry.remote;
  }

  async #restartIce(transport: types.Transport): Promise<void> {
    const { iceParameters } = await this.#signal.request('restartIce', { transportId: transport.id });
    await transport.restartIce({ iceParameters: toClientIceParameters(iceParameters) });
  }
}
