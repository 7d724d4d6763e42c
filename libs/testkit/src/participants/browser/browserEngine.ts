import { PeerMedia, type SendSettings, type SignalClient } from '@huddle/client';
import type { MediaSource, RtpCapabilities } from '@huddle/shared';
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

// Two layers: libwebrtc allows two simulcast layers at 640×360 (three need 960×540 or more).
const SIMULCAST: SendSettings = {
  encodings: [
    { scaleResolutionDownBy: 2, maxBitrate: 150_000 },
    { scaleResolutionDownBy: 1, maxBitrate: 600_000 },
  ],
  zeroRtpOnPause: true,
};
const SINGLE_VIDEO: SendSettings = { zeroRtpOnPause: true };
const AUDIO: SendSettings = { codecOptions: { opusDtx: false, opusFec: true }, zeroRtpOnPause: true };

/**
 * The browser-grade media stack: the client SDK's own PeerMedia — the web app's mediasoup-client code, with the
 * Chrome111 handler — on libwebrtc for Node (@roamhq/wrtc): real ICE, DTLS, SRTP, congestion control, NACK/PLI,
 * VP8 encoding and decoding. Synthetic camera and microphone feed it.
 */
export class BrowserEngine implements MediaEngine {
  readonly kind = 'browser-grade';
  readonly #video: VideoFormat;
  readonly #sources = new Map<MediaSource, SyntheticTrack>();
  /** Each consumer's SSRC (stats are read from the transport's report, by SSRC). */
  readonly #consumerSsrcs = new Map<string, number | undefined>();
  /** When each video consumer's first frame came out of the decoder (ms since the epoch). */
  readonly #firstFrames = new Map<string, number>();
  readonly #sinks = new Set<{ stop(): void }>();
  #media: PeerMedia | undefined;
  #closed = false;

  constructor(video: VideoFormat = DEFAULT_VIDEO) {
    loadWrtc();
    this.#video = video;
  }

  async start(signal: SignalClient, routerRtpCapabilities: RtpCapabilities): Promise<void> {
    const media = await PeerMedia.start(signal, routerRtpCapabilities, {
      handlerName: 'Chrome111',
      send: true,
      receive: true,
    });
    this.#media = media;
    await media.ready;
  }

  #requireMedia(): PeerMedia {
    if (!this.#media || this.#closed) throw new Error('the media engine is not started or already closed');
    return this.#media;
  }

  async publish(source: MediaSource, options: PublishOptions): Promise<string> {
    const media = this.#requireMedia();
    const video = SOURCE_KIND[source] === 'video';
    const synthetic = video
      ? startSyntheticVideo(loadWrtc().nonstandard, this.#video)
      : startSyntheticAudio(loadWrtc().nonstandard);
    try {
      const settings = video ? ((options.simulcast ?? true) ? SIMULCAST : SINGLE_VIDEO) : AUDIO;
      const producerId = await media.produce({
        source,
        track: synthetic.track,
        paused: options.paused ?? false,
        settings,
      });
      this.#sources.get(source)?.stop();
      this.#sources.set(source, synthetic);
      return producerId;
    } catch (error) {
      synthetic.stop();
      throw error;
    }
  }

  async unpublish(source: MediaSource): Promise<void> {
    this.#media?.closeProducer(source);
    this.#sources.get(source)?.stop();
    this.#sources.delete(source);
  }

  async setSending(source: MediaSource, sending: boolean): Promise<void> {
    if (!this.#sources.has(source)) throw new Error(`not publishing ${source}`);
    this.#requireMedia().setSending(source, sending);
  }

  async consume(created: ConsumerCreated): Promise<void> {
    const remote = await this.#requireMedia().consume(created);
    if (!remote) return;
    this.#consumerSsrcs.set(created.consumerId, created.rtpParameters.encodings?.[0]?.ssrc);
    if (created.kind === 'video') this.#watchFirstFrame(created.consumerId, remote.track);
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
    this.#media?.closeConsumer(consumerId);
    this.#consumerSsrcs.delete(consumerId);
  }

  async receiveCounters(): Promise<Map<string, ReceiveCounters>> {
    const counters = new Map<string, ReceiveCounters>();
    if (!this.#media || this.#consumerSsrcs.size === 0) return counters;
    // libwebrtc for Node does not implement a receiver's own getStats(): read the transport's report.
    const report = await this.#media.transportStats('recv');
    if (!report) return counters;
    const inbound = readInbound(report);
    for (const [consumerId, ssrc] of this.#consumerSsrcs) {
      const stats = ssrc === undefined ? undefined : inbound.get(ssrc);
      const firstFrameAt = this.#firstFrames.get(consumerId);
      if (stats) counters.set(consumerId, firstFrameAt === undefined ? stats : { ...stats, firstFrameAt });
    }
    return counters;
  }

  async sendCounters(): Promise<Map<MediaSource, SendCounters>> {
    const counters = new Map<MediaSource, SendCounters>();
    const media = this.#media;
    if (!media || this.#sources.size === 0) return counters;
    const report = await media.transportStats('send');
    const outbound = report ? readOutbound(report) : new Map<string, SendCounters>();
    for (const source of this.#sources.keys()) {
      const mid = media.producer(source)?.rtpParameters.mid;
      counters.set(source, (mid === undefined ? undefined : outbound.get(mid)) ?? { packets: 0, bytes: 0 });
    }
    return counters;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const sink of this.#sinks) sink.stop();
    this.#sinks.clear();
    for (const synthetic of this.#sources.values()) synthetic.stop();
    this.#sources.clear();
    this.#consumerSsrcs.clear();
    this.#media?.close();
  }
}
