import { mediaSourceSchema, type MediaSource, type NotificationData, type RtpCapabilities } from '@huddle/shared';
import { Device, type types } from 'mediasoup-client';
import { z } from 'zod';
import { consumerStats } from './consumerStats.js';
import { TypedEmitter } from './emitter.js';
import type { Publication } from './publishing.js';
import type { SignalClient } from './signalClient.js';
import { toError } from './signalError.js';
import type { ConsumerStats, RemoteTrack } from './types.js';
import {
  toClientIceParameters,
  toClientRtpCapabilities,
  toClientRtpParameters,
  toClientTransportOptions,
  toWireDtlsParameters,
  toWireRtpCapabilities,
  toWireRtpParameters,
} from './wire.js';

export type PeerMediaEvents = {
  trackAdded: [track: RemoteTrack];
  trackRemoved: [track: RemoteTrack];
  /** A published local track ended (e.g. the browser's "stop sharing" button). */
  localTrackEnded: [source: MediaSource];
  error: [error: Error];
};

/** What `produce` passes through mediasoup-client to the send transport's 'produce' handler. */
const produceAppDataSchema = z.object({ source: mediaSourceSchema, paused: z.boolean() });
type ProduceAppData = z.infer<typeof produceAppDataSchema>;

type ConsumerEntry = { consumer: types.Consumer; remote: RemoteTrack };

/**
 * The media of one server-side peer: the Device, the send and receive transports, local producers (one per
 * source) and remote consumers. It lives as long as that peer; a full rejoin builds a new one.
 */
export class PeerMedia extends TypedEmitter<PeerMediaEvents> {
  readonly #signal: SignalClient;
  readonly #device: Device;
  readonly #send: types.Transport;
  readonly #recv: types.Transport;
  readonly #producers = new Map<MediaSource, Promise<types.Producer>>();
  readonly #consumers = new Map<string, ConsumerEntry>();
  /** Consumers being created locally, and those the server closed meanwhile. */
  readonly #creating = new Set<string>();
  readonly #cancelled = new Set<string>();
  #closed = false;

  private constructor(signal: SignalClient, device: Device, send: types.Transport, recv: types.Transport) {
    super();
    this.#signal = signal;
    this.#device = device;
    this.#send = send;
    this.#recv = recv;
    for (const transport of [send, recv]) this.#handleTransport(transport);
    send.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      const intent = produceAppDataSchema.safeParse(appData);
      if (!intent.success) {
        errback(new TypeError('produce() needs appData { source, paused }'));
        return;
      }
      signal
        .request('produce', {
          transportId: send.id,
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

  /** Loads the device and creates both transports. Call receive() next. */
  static async create(signal: SignalClient, routerRtpCapabilities: RtpCapabilities): Promise<PeerMedia> {
    const device = new Device();
    await device.load({ routerRtpCapabilities: toClientRtpCapabilities(routerRtpCapabilities) });
    const send = device.createSendTransport(
      toClientTransportOptions(await signal.request('createTransport', { direction: 'send' })),
    );
    try {
      const recv = device.createRecvTransport(
        toClientTransportOptions(await signal.request('createTransport', { direction: 'recv' })),
      );
      return new PeerMedia(signal, device, send, recv);
    } catch (error) {
      send.close();
      throw error;
    }
  }

  /** Tells the server what we can receive; from then on it creates our consumers (consumerCreated). */
  async receive(): Promise<void> {
    await this.#signal.request('setRtpCapabilities', {
      rtpCapabilities: toWireRtpCapabilities(this.#device.recvRtpCapabilities),
    });
  }

  hasProducer(source: MediaSource): boolean {
    return this.#producers.has(source);
  }

  /** Produces a publication once per source (concurrent calls share one producer); resolves with its id. */
  async produce(publication: Publication): Promise<string> {
    const { source } = publication;
    let producing = this.#producers.get(source);
    if (!producing) {
      producing = this.#createProducer(publication);
      this.#producers.set(source, producing);
      producing.catch(() => {
        if (this.#producers.get(source) === producing) this.#producers.delete(source);
      });
    }
    return (await producing).id;
  }

  async closeProducer(source: MediaSource): Promise<void> {
    const producing = this.#producers.get(source);
    this.#producers.delete(source);
    const producer = await producing?.catch(() => undefined);
    if (!producer) return;
    producer.close();
    await this.#signal.request('closeProducer', { producerId: producer.id });
  }

  async setProducerPaused(source: MediaSource, paused: boolean): Promise<void> {
    const producer = await this.#producer(source);
    if (!producer) return;
    if (paused) {
      producer.pause();
      await this.#signal.request('pauseProducer', { producerId: producer.id });
    } else {
      producer.resume();
      await this.#signal.request('resumeProducer', { producerId: producer.id });
    }
  }

  /** Sends another track for a source without a new producer (a device switch); receivers notice nothing. */
  async replaceTrack(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    await (await this.#producer(source))?.replaceTrack({ track });
  }

  /** Creates the local side of a consumer the server made (paused), then has the server resume it. */
  async consume(created: NotificationData<'consumerCreated'>): Promise<void> {
    const { consumerId, producerId, peerId, kind, source, rtpParameters, type } = created;
    this.#creating.add(consumerId);
    let consumer: types.Consumer;
    try {
      consumer = await this.#recv.consume({
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
      return;
    }
    const remote: RemoteTrack = { consumerId, producerId, peerId, source, kind, type, track: consumer.track };
    this.#consumers.set(consumerId, { consumer, remote });
    this.emit('trackAdded', remote);
    await this.#signal.request('resumeConsumer', { consumerId });
  }

  /** The server closed a consumer (its producer or peer went away). */
  closeConsumer(consumerId: string): void {
    const entry = this.#consumers.get(consumerId);
    if (entry) this.#removeConsumer(entry);
    else if (this.#creating.has(consumerId)) this.#cancelled.add(consumerId);
  }

  closeConsumersWhere(match: (track: RemoteTrack) => boolean): void {
    for (const entry of [...this.#consumers.values()]) {
      if (match(entry.remote)) this.#removeConsumer(entry);
    }
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

  stats(): Promise<ConsumerStats[]> {
    return Promise.all(
      [...this.#consumers.values()].map(async ({ consumer, remote }) =>
        consumerStats(remote, await consumer.getStats()),
      ),
    );
  }

  /** New ICE credentials from the server for both transports (after a reconnect, or when ICE failed). */
  async restartIce(): Promise<void> {
    await Promise.all([this.#send, this.#recv].map((transport) => this.#restartIce(transport)));
  }

  /** Closes both transports (and so every producer and consumer); reports each remote track as removed. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#send.close();
    this.#recv.close();
    this.#producers.clear();
    for (const entry of [...this.#consumers.values()]) this.#removeConsumer(entry);
  }

  async #createProducer(publication: Publication): Promise<types.Producer> {
    const { source, track, encodings, codecOptions, preferredCodec, muted } = publication;
    const appData: ProduceAppData = { source, paused: muted };
    const producer = await this.#send.produce({
      track,
      encodings,
      codecOptions,
      codec: preferredCodec === undefined ? undefined : this.#sendCodec(preferredCodec),
      stopTracks: false,
      appData,
    });
    if (muted) producer.pause();
    producer.on('trackended', () => this.emit('localTrackEnded', source));
    return producer;
  }

  /** The source's producer, once produced; undefined if there is none or producing it failed. */
  async #producer(source: MediaSource): Promise<types.Producer | undefined> {
    return this.#producers.get(source)?.catch(() => undefined);
  }

  #sendCodec(mimeType: string): types.RtpCodecCapability | undefined {
    const wanted = mimeType.toLowerCase();
    return this.#device.sendRtpCapabilities.codecs?.find((codec) => codec.mimeType.toLowerCase() === wanted);
  }

  #entry(consumerId: string): ConsumerEntry {
    const entry = this.#consumers.get(consumerId);
    if (!entry) throw new Error(`no consumer ${consumerId}`);
    return entry;
  }

  #removeConsumer(entry: ConsumerEntry): void {
    this.#consumers.delete(entry.remote.consumerId);
    entry.consumer.close();
    this.emit('trackRemoved', entry.remote);
  }

  async #restartIce(transport: types.Transport): Promise<void> {
    const { iceParameters } = await this.#signal.request('restartIce', { transportId: transport.id });
    await transport.restartIce({ iceParameters: toClientIceParameters(iceParameters) });
  }

  #handleTransport(transport: types.Transport): void {
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
  }
}
