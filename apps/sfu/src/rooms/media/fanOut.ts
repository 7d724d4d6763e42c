import type { Logger } from '../../logger.js';
import { toWireRtpParameters } from '../../media/wire.js';
import type { Peer } from '../peer.js';
import type { RoomRouter } from './roomRouter.js';
import type { ConsumerAppData, PeerConsumer, PeerProducer } from '../types.js';

/** A failed consumer is retried this many times in all, after these delays. */
const ATTEMPTS = 3;
const RETRY_DELAYS_MS = [250, 1_000];

/**
 * Makes every peer that can receive a consumer of every other peer's producers (created paused: the client
 * resumes it when ready). At most one creation per (peer, producer) runs at a time; a failure is retried,
 * then reported to the peer as `consumeFailed`, and the peer may ask again (`consume`). Nothing is left behind
 * when the peer, its transport or the producer closes while a consumer is being made.
 */
/** Where a producer comes from: its owner (here or on another node) and the router it lives on here. */
export type ProducerHome = { peerId: string; router: RoomRouter };

/** Told of every consumer made, with the producer it carries (on its owner's router). */
export type ConsumerMade = (peer: Peer, consumer: PeerConsumer, producer: PeerProducer) => void;

export class FanOut {
  readonly #log: Logger;
  readonly #made: ConsumerMade;
  readonly #pending = new Set<string>();
  #closed = false;

  constructor(log: Logger, made: ConsumerMade) {
    this.#log = log;
    this.#made = made;
  }

  /** Starts making `peer`'s consumer of `producer` unless it has one or one is on its way. */
  offer(peer: Peer, home: ProducerHome, producer: PeerProducer): void {
    if (peer.id === home.peerId || !peer.can('subscribe') || !peer.canConsume || peer.closed || producer.closed) return;
    const key = `${peer.id}:${producer.id}`;
    if (this.#pending.has(key) || peer.hasConsumerOf(producer.id)) return;
    this.#pending.add(key);
    void this.#make(peer, home, producer).finally(() => this.#pending.delete(key));
  }

  close(): void {
    this.#closed = true;
  }

  async #make(peer: Peer, home: ProducerHome, producer: PeerProducer): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.#create(peer, home, producer);
        return;
      } catch (error) {
        if (this.#gone(peer, producer)) return;
        if (attempt >= ATTEMPTS) {
          this.#log.error({ err: error, peer: peer.id, producer: producer.id, attempt }, 'could not create consumer');
          peer.notify('consumeFailed', {
            producerId: producer.id,
            peerId: home.peerId,
            code: 'INTERNAL',
            message: `could not create a consumer after ${ATTEMPTS} attempts; ask again with "consume"`,
          });
          return;
        }
        this.#log.warn({ err: error, peer: peer.id, producer: producer.id, attempt }, 'consumer failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt - 1] ?? 1_000));
        if (this.#gone(peer, producer)) return;
      }
    }
  }

  #gone(peer: Peer, producer: PeerProducer): boolean {
    return this.#closed || peer.closed || producer.closed || !peer.canConsume;
  }

  async #create(peer: Peer, home: ProducerHome, producer: PeerProducer): Promise<void> {
    await home.router.pipeTo(producer.id, peer.router);
    const transport = peer.transportFor('recv');
    const rtpCapabilities = peer.rtpCapabilities;
    if (this.#gone(peer, producer) || !transport || !rtpCapabilities) return;
    if (!peer.router.router.canConsume({ producerId: producer.id, rtpCapabilities })) {
      peer.notify('consumeFailed', {
        producerId: producer.id,
        peerId: home.peerId,
        code: 'CANNOT_CONSUME',
        message: `this client cannot receive ${producer.rtpParameters.codecs[0]?.mimeType ?? 'this codec'}`,
      });
      return;
    }
    const appData: ConsumerAppData = { peerId: peer.id, producerPeerId: home.peerId, source: producer.appData.source };
    const consumer: PeerConsumer = await transport.consume({
      producerId: producer.id,
      rtpCapabilities,
      paused: true,
      appData,
    });
    if (this.#gone(peer, producer) || transport.closed) {
      consumer.close();
      return;
    }
    peer.addConsumer(consumer);
    watchConsumer(peer, consumer);
    this.#made(peer, consumer, producer);
    peer.notify('consumerCreated', {
      consumerId: consumer.id,
      producerId: producer.id,
      peerId: home.peerId,
      kind: consumer.kind,
      source: appData.source,
      rtpParameters: toWireRtpParameters(consumer.rtpParameters),
      type: consumer.type,
      producerPaused: consumer.producerPaused,
    });
  }
}

function watchConsumer(peer: Peer, consumer: PeerConsumer): void {
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
