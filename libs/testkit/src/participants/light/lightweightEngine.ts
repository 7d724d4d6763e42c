import type { SignalClient } from '@huddle/client';
import type { MediaSource, RtpCapabilities } from '@huddle/shared';
import { SIMULCAST_LAYERS, SINGLE_LAYER, type FfmpegRtpSourceOptions } from '../../rtp/ffmpegRtpSource.js';
import type { SharedRtpSource } from '../../rtp/sharedRtpSource.js';
import {
  SOURCE_KIND,
  type ConsumerCreated,
  type MediaEngine,
  type PublishOptions,
  type ReceiveCounters,
  type SendCounters,
} from '../mediaEngine.js';
import { lightweightRtpCapabilities } from './capabilities.js';
import { producerRtpParameters, sourceCodec } from './producerParameters.js';
import { Publication } from './publication.js';
import { RecvTransport } from './recvTransport.js';
import { TransportConnection } from './transportConnection.js';

/** Sources a lightweight participant publishes from a shared encode (one ffmpeg for many bots). */
export type SharedMedia = Partial<Record<MediaSource, SharedRtpSource>>;

/** The synthetic media of each source: camera and screen look different, mic and screen audio sound different. */
function sourceOptions(source: MediaSource, simulcast: boolean): FfmpegRtpSourceOptions {
  switch (source) {
    case 'camera':
    case 'screen':
      return {
        kind: 'video',
        layers: simulcast ? SIMULCAST_LAYERS : SINGLE_LAYER,
        pattern: source === 'camera' ? 'testsrc2' : 'testsrc',
      };
    case 'mic':
      return { kind: 'audio', frequency: 440 };
    case 'screen-audio':
      return { kind: 'audio', frequency: 660 };
  }
}

/**
 * The lightweight media stack: raw RTP over node-datachannel (libdatachannel: ICE, DTLS, SRTP and nothing
 * else). It receives without decoding — it counts packets and reads VP8 key-frame sizes — and publishes
 * what ffmpeg encodes from test patterns. Cheap enough for hundreds of receivers in one process.
 */
export class LightweightEngine implements MediaEngine {
  readonly kind = 'lightweight';
  #signal: SignalClient | undefined;
  #recv: RecvTransport | undefined;
  #send: Promise<TransportConnection> | undefined;
  readonly #publications = new Map<MediaSource, Publication>();
  #closed = false;
  readonly #receiveAsBrowser: boolean;
  readonly #sharedMedia: SharedMedia;

  /**
   * `receiveAsBrowser`: negotiate what a browser would (see capabilities.ts); the default negotiates bare RTP.
   * `sharedMedia`: sources published from a shared encode instead of an ffmpeg of their own.
   */
  constructor(receiveAsBrowser = false, sharedMedia: SharedMedia = {}) {
    this.#receiveAsBrowser = receiveAsBrowser;
    this.#sharedMedia = sharedMedia;
  }

  async start(signal: SignalClient, routerRtpCapabilities: RtpCapabilities): Promise<void> {
    this.#signal = signal;
    this.#recv = await RecvTransport.open(signal, this.#receiveAsBrowser);
    const rtpCapabilities = lightweightRtpCapabilities(routerRtpCapabilities, this.#receiveAsBrowser);
    await signal.request('setRtpCapabilities', { rtpCapabilities });
  }

  async publish(source: MediaSource, options: PublishOptions): Promise<string> {
    const signal = this.#requireSignal();
    if (this.#publications.has(source)) throw new Error(`${source} is published already`);
    const kind = SOURCE_KIND[source];
    const shared = this.#sharedMedia[source];
    const sending = !(options.paused ?? false);
    const publication = shared
      ? await Publication.fromShared(shared, sending)
      : await Publication.start(sourceOptions(source, options.simulcast ?? true), sending);
    this.#publications.set(source, publication);
    try {
      this.#send ??= TransportConnection.open(signal, 'send');
      const send = await this.#send;
      const { encodings, cname } = publication;
      const [first] = encodings;
      if (!first) throw new Error(`the ${source} source has no encodings`);
      const codec = sourceCodec(kind, first.payloadType);
      const { track, mid } = await send.addTrack({
        kind,
        direction: 'SendOnly',
        codec,
        ssrcs: encodings.map((encoding) => encoding.ssrc),
        cname,
      });
      const { producerId } = await signal.request('produce', {
        transportId: send.transportId,
        kind,
        source,
        rtpParameters: producerRtpParameters(codec, encodings, cname, mid),
        paused: options.paused ?? false,
      });
      publication.attach(track);
      return producerId;
    } catch (error) {
      this.#publications.delete(source);
      await publication.stop();
      throw error;
    }
  }

  async unpublish(source: MediaSource): Promise<void> {
    // The m-section stays (inactive): removing it would need a renegotiation that buys nothing.
    await this.#publications.get(source)?.stop();
    this.#publications.delete(source);
  }

  async setSending(source: MediaSource, sending: boolean): Promise<void> {
    const publication = this.#publications.get(source);
    if (!publication) throw new Error(`${source} is not published`);
    publication.setSending(sending);
  }

  async consume(created: ConsumerCreated): Promise<void> {
    if (!this.#recv) throw new Error('the engine has not started');
    this.#recv.addConsumer(created);
  }

  async dropConsumer(consumerId: string): Promise<void> {
    this.#recv?.removeConsumer(consumerId);
  }

  async receiveCounters(): Promise<Map<string, ReceiveCounters>> {
    return this.#recv?.counters() ?? new Map();
  }

  async sendCounters(): Promise<Map<MediaSource, SendCounters>> {
    return new Map([...this.#publications].map(([source, publication]) => [source, publication.counters()]));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#publications.values()].map((publication) => publication.stop()));
    this.#publications.clear();
    this.#recv?.close();
    const send = await this.#send?.catch(() => undefined);
    send?.close();
  }

  #requireSignal(): SignalClient {
    if (!this.#signal || this.#closed) throw new Error('the engine is not started or already closed');
    return this.#signal;
  }
}
