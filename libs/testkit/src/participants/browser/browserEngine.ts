import type { MediaSource, ResponseData, RtpCapabilities } from '@huddle/shared';
import { Device, type types } from 'mediasoup-client';
import type { TestSignalClient } from '../../signaling/signalClient.js';
import {
  SOURCE_KIND,
  type ConsumerCreated,
  type MediaEngine,
  type PublishOptions,
  type ReceiveCounters,
  type SendCounters,
} from '../mediaEngine.js';
import { readInbound, readOutbound } from './rtcStats.js';
import {
  DEFAULT_VIDEO,
  startSyntheticAudio,
  startSyntheticVideo,
  type SyntheticTrack,
  type VideoFormat,
} from './syntheticMedia.js';
import { loadWrtc } from './wrtc.js';

type Publication = { producer: types.Producer; media: SyntheticTrack };

// Two layers: libwebrtc allows two simulcast layers at 640×360 (three need 960×540 or more).
const SIMULCAST: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 2, maxBitrate: 150_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 600_000 },
];

function transportOptions(created: ResponseData<'createTransport'>): types.TransportOptions {
  const { transportId, iceParameters, iceCandidates, dtlsParameters } = created;
  return { id: transportId, iceParameters, iceCandidates, dtlsParameters };
}

/**
 * The browser-grade media stack: the web app's mediasoup-client (Chrome111 handler) on libwebrtc for Node
 * (@roamhq/wrtc) — real ICE, DTLS, SRTP, congestion control, NACK/PLI, VP8 encoding and decoding.
 */
export class BrowserEngine implements MediaEngine {
  readonly kind = 'browser-grade';
  readonly #device = new Device({ handlerName: 'Chrome111' });
  readonly #video: VideoFormat;
  readonly #publications = new Map<MediaSource, Publication>();
  readonly #consumers = new Map<string, types.Consumer>();
  /** When each video consumer's first frame came out of the decoder (ms since the epoch). */
  readonly #firstFrames = new Map<string, number>();
  readonly #sinks = new Set<{ stop(): void }>();
  #signal: TestSignalClient | undefined;
  #recv: types.Transport | undefined;
  #send: Promise<types.Transport> | undefined;
  #closed = false;

  constructor(video: VideoFormat = DEFAULT_VIDEO) {
    loadWrtc();
    this.#video = video;
  }

  async load(routerRtpCapabilities: RtpCapabilities): Promise<RtpCapabilities> {
    await this.#device.load({ routerRtpCapabilities });
    return this.#device.rtpCapabilities;
  }

  async start(signal: TestSignalClient): Promise<void> {
    this.#signal = signal;
    const created = await signal.request('createTransport', { direction: 'recv' });
    this.#recv = this.#device.createRecvTransport(transportOptions(created));
    this.#wireConnect(this.#recv, signal);
  }

  #wireConnect(transport: types.Transport, signal: TestSignalClient): void {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      signal.request('connectTransport', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
    });
  }

  #sendTransport(): Promise<types.Transport> {
    const signal = this.#requireSignal();
    this.#send ??= signal.request('createTransport', { direction: 'send' }).then((created) => {
      const transport = this.#device.createSendTransport(transportOptions(created));
      this.#wireConnect(transport, signal);
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const source = appData.source as MediaSource;
        const paused = appData.paused === true;
        signal
          .request('produce', { transportId: transport.id, kind, source, rtpParameters, paused })
          .then(({ producerId }) => callback({ id: producerId }), errback);
      });
      return transport;
    });
    return this.#send;
  }

  #requireSignal(): TestSignalClient {
    if (!this.#signal) throw new Error('the media engine was not started');
    return this.#signal;
  }

  async publish(source: MediaSource, options: PublishOptions): Promise<string> {
    const transport = await this.#sendTransport();
    const video = SOURCE_KIND[source] === 'video';
    const media = video
      ? startSyntheticVideo(loadWrtc().nonstandard, this.#video)
      : startSyntheticAudio(loadWrtc().nonstandard);
    try {
      const simulcast = video && (options.simulcast ?? true);
      const producer = await transport.produce({
        track: media.track,
        ...(simulcast ? { encodings: SIMULCAST } : {}),
        ...(video ? {} : { codecOptions: { opusDtx: false, opusFec: true } }),
        zeroRtpOnPause: true,
        stopTracks: false,
        appData: { source, paused: options.paused ?? false },
      });
      if (options.paused) producer.pause();
      this.#publications.set(source, { producer, media });
      return producer.id;
    } catch (error) {
      media.stop();
      throw error;
    }
  }

  async unpublish(source: MediaSource): Promise<void> {
    const publication = this.#publications.get(source);
    if (!publication) return;
    this.#publications.delete(source);
    publication.producer.close();
    publication.media.stop();
  }

  async setSending(source: MediaSource, sending: boolean): Promise<void> {
    const publication = this.#publications.get(source);
    if (!publication) throw new Error(`not publishing ${source}`);
    if (sending) publication.producer.resume();
    else publication.producer.pause();
  }

  async consume(created: ConsumerCreated): Promise<void> {
    if (!this.#recv) throw new Error('the media engine was not started');
    const consumer = await this.#recv.consume({
      id: created.consumerId,
      producerId: created.producerId,
      kind: created.kind,
      rtpParameters: created.rtpParameters,
    });
    this.#consumers.set(created.consumerId, consumer);
    if (created.kind === 'video') this.#watchFirstFrame(created.consumerId, consumer.track);
  }

  /** A frame sink copies every decoded frame into JS, so it stays only until the first one. */
  #watchFirstFrame(consumerId: string, track: MediaStreamTrack): void {
    const sink = new (loadWrtc().nonstandard.RTCVideoSink)(track);
    this.#sinks.add(sink);
    sink.addEventListener('frame', () => {
      if (!this.#firstFrames.has(consumerId)) this.#firstFrames.set(consumerId, Date.now());
      sink.stop();
      this.#sinks.delete(sink);
    });
  }

  async dropConsumer(consumerId: string): Promise<void> {
    this.#consumers.get(consumerId)?.close();
    this.#consumers.delete(consumerId);
  }

  async receiveCounters(): Promise<Map<string, ReceiveCounters>> {
    const counters = new Map<string, ReceiveCounters>();
    if (!this.#recv || this.#consumers.size === 0) return counters;
    const inbound = readInbound(await this.#recv.getStats());
    for (const [consumerId, consumer] of this.#consumers) {
      const ssrc = consumer.rtpParameters.encodings?.[0]?.ssrc;
      const stats = ssrc === undefined ? undefined : inbound.get(ssrc);
      const firstFrameAt = this.#firstFrames.get(consumerId);
      if (stats) counters.set(consumerId, firstFrameAt === undefined ? stats : { ...stats, firstFrameAt });
    }
    return counters;
  }

  async sendCounters(): Promise<Map<MediaSource, SendCounters>> {
    const counters = new Map<MediaSource, SendCounters>();
    if (!this.#send || this.#publications.size === 0) return counters;
    const outbound = readOutbound(await (await this.#send).getStats());
    for (const [source, { producer }] of this.#publications) {
      const mid = producer.rtpParameters.mid;
      counters.set(source, (mid === undefined ? undefined : outbound.get(mid)) ?? { packets: 0, bytes: 0 });
    }
    return counters;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const sink of this.#sinks) sink.stop();
    this.#sinks.clear();
    for (const publication of this.#publications.values()) publication.media.stop();
    this.#publications.clear();
    this.#consumers.clear();
    this.#recv?.close();
    const send = await this.#send?.catch(() => undefined);
    send?.close();
  }
}
