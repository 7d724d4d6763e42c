import type { MediaSource } from '@huddle/shared';
import type { types } from 'mediasoup-client';
import type { SendSettings } from './encodings.js';
import { captureSettings, outboundLayers, senderEncodings, type PublicationStats } from './publicationStats.js';
import { toWireRtpParameters } from './wire.js';

/** What PeerMedia needs to know of a producer besides itself. */
type Entry = { producer: types.Producer; degradationPreference: RTCDegradationPreference | undefined };

/**
 * The local producers of one peer, one per source, and what is applied to their senders beyond mediasoup-client's
 * own options: the degradation preference (mediasoup-client 3.24 has no option for it) and dynacast — the
 * spatial layers the server says somebody wants (`layersWanted`), remembered per producer id so a wish that
 * arrives before its producer is registered is not lost, and applied again whenever it may have been undone.
 */
export class LocalProducers {
  readonly #entries = new Map<MediaSource, Entry>();
  /** Producer id → the highest spatial layer anybody wants (dynacast). */
  readonly #wanted = new Map<string, number>();
  /** Producer id → the layer limit applied to its sender. */
  readonly #applied = new Map<string, number>();
  /** One sender change at a time per producer: each reads the parameters the previous one wrote. */
  readonly #queues = new Map<string, Promise<void>>();

  get(source: MediaSource): types.Producer | undefined {
    return this.#entries.get(source)?.producer;
  }

  values(): types.Producer[] {
    return [...this.#entries.values()].map((entry) => entry.producer);
  }

  /** Registers a new producer for `source` (closing the one before) and sets its sender up. */
  async add(source: MediaSource, producer: types.Producer, settings: SendSettings): Promise<void> {
    this.close(source);
    const entry: Entry = { producer, degradationPreference: settings.degradationPreference };
    this.#entries.set(source, entry);
    producer.observer.once('close', () => {
      this.#wanted.delete(producer.id);
      this.#applied.delete(producer.id);
      this.#queues.delete(producer.id);
    });
    await this.#change(producer, async () => {
      await this.#applyDegradation(entry);
      await this.#applyLayers(producer);
    });
  }

  close(source: MediaSource): void {
    this.#entries.get(source)?.producer.close();
    this.#entries.delete(source);
  }

  clear(): void {
    for (const source of [...this.#entries.keys()]) this.close(source);
    this.#wanted.clear();
  }

  /**
   * Dynacast: nobody wants layers above `spatialLayer` of this producer now; those encodings are turned off
   * (`active: false`) and turned on again when wanted. A producer not registered yet gets it when it is.
   */
  async limitLayers(producerId: string, spatialLayer: number): Promise<void> {
    this.#wanted.set(producerId, spatialLayer);
    const producer = this.values().find((candidate) => candidate.id === producerId);
    if (producer) await this.#change(producer, () => this.#applyLayers(producer));
  }

  /** What one source sends and how (undefined when it is not produced here). */
  async stats(source: MediaSource): Promise<PublicationStats | undefined> {
    const producer = this.get(source);
    if (!producer || producer.closed) return undefined;
    const report = await producer.getStats();
    const parameters = producer.rtpSender?.getParameters();
    return {
      source,
      producerId: producer.id,
      rtpParameters: toWireRtpParameters(producer.rtpParameters),
      contentHint: producer.track?.contentHint ?? '',
      capture: captureSettings(producer.track),
      degradationPreference: parameters?.degradationPreference ?? null,
      encodings: parameters ? senderEncodings(parameters) : [],
      layers: outboundLayers(report),
    };
  }

  #change(producer: types.Producer, change: () => Promise<void>): Promise<void> {
    const previous = this.#queues.get(producer.id) ?? Promise.resolve();
    const next = previous.then(change, change);
    this.#queues.set(producer.id, next);
    return next;
  }

  async #applyDegradation(entry: Entry): Promise<void> {
    const sender = entry.producer.rtpSender;
    const preference = entry.degradationPreference;
    if (!sender || preference === undefined || entry.producer.closed) return;
    const parameters = sender.getParameters();
    if (parameters.degradationPreference === preference) return;
    parameters.degradationPreference = preference;
    await sender.setParameters(parameters);
  }

  /**
   * Brings the producer's active encodings to the wanted spatial layer. mediasoup-client's setMaxSpatialLayer
   * turns the encodings above it off (`active: false`) and keeps its SDP in line (a later renegotiation would
   * otherwise turn them on again), but it swallows a failure and still counts the limit as set, after which the
   * same limit is a no-op. So what the sender does is read back: a mismatch goes through another limit (one
   * layer up where there is one: an extra layer for a moment costs nothing) and back, and throws if it persists.
   */
  async #applyLayers(producer: types.Producer): Promise<void> {
    const wanted = this.#wanted.get(producer.id);
    const layers = producer.rtpParameters.encodings?.length ?? 0;
    if (wanted === undefined || producer.closed || producer.kind !== 'video' || layers < 2) return;
    const limit = Math.min(wanted, layers - 1);
    if (this.#applied.get(producer.id) === limit && this.#senderMatches(producer, limit)) return;
    await producer.setMaxSpatialLayer(limit);
    if (!producer.closed && !this.#senderMatches(producer, limit)) {
      await producer.setMaxSpatialLayer(limit < layers - 1 ? limit + 1 : limit - 1);
      await producer.setMaxSpatialLayer(limit);
    }
    if (producer.closed) return;
    if (!this.#senderMatches(producer, limit)) {
      throw new Error(`the sender of producer ${producer.id} did not take spatial layer limit ${limit}`);
    }
    this.#applied.set(producer.id, limit);
  }

  /** Whether the sender encodes exactly the layers up to `limit` (true where there is no sender to ask). */
  #senderMatches(producer: types.Producer, limit: number): boolean {
    const encodings = producer.rtpSender?.getParameters().encodings;
    if (!encodings) return true;
    return encodings.every((encoding, index) => (encoding.active ?? true) === index <= limit);
  }
}
