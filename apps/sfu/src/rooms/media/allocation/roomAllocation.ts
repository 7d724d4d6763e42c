import type { Layers } from '@huddle/shared';
import type { types } from 'mediasoup';
import type { Logger } from '../../../logger.js';
import type { Peer } from '../../peer.js';
import type { PeerConsumer, PeerProducer, PeerTransport } from '../../types.js';
import { LayerMeter } from './layerMeter.js';
import { SubscriberAllocator } from './subscriberAllocator.js';

/** A publisher is told to turn layers off only after nobody wanted them for this long (no flapping). */
const DOWNGRADE_AFTER_MS = 3_000;

export type RoomAllocationDeps = {
  log: Logger;
  focusPeerId(): string | undefined;
  speakerRecency(peerId: string): number;
  lastN(): number;
  producers(): Iterable<{ peer: Peer; producer: PeerProducer }>;
  /** This node's subscribers' wish for a producer piped in from another node: told to that node. */
  remoteWish(producerId: string, spatialLayer: number): void;
};

type Wanted = { spatialLayer: number; pending?: { spatialLayer: number; timer: NodeJS.Timeout } };

/**
 * A room's bandwidth allocation: one SubscriberAllocator per receiving peer, the layer meter they share, and
 * dynacast — each video publisher is told (`layersWanted`) the highest spatial layer any subscriber wants, so its
 * client stops encoding the layers above it (a layer is asked back at once, given up only after a while).
 */
export class RoomAllocation {
  readonly #deps: RoomAllocationDeps;
  readonly #meter: LayerMeter;
  readonly #subscribers = new Map<Peer, SubscriberAllocator>();
  readonly #wanted = new Map<string, Wanted>();
  /**
   * Wishes for this node's producers from beyond its subscribers — other nodes' subscribers (by node id), recorders
   * (by their own key): producer id → who → spatial layer.
   */
  readonly #remoteWishes = new Map<string, Map<string, number>>();
  /** What this node last told other nodes it wants of their producers. */
  readonly #told = new Map<string, number>();
  #wishesTimer: NodeJS.Timeout | undefined;

  constructor(deps: RoomAllocationDeps) {
    this.#deps = deps;
    this.#meter = new LayerMeter(() => this.replanAll());
  }

  addProducer(producer: PeerProducer): void {
    this.#meter.add(producer);
    producer.observer.once('close', () => {
      clearTimeout(this.#wanted.get(producer.id)?.pending?.timer);
      this.#wanted.delete(producer.id);
      this.#remoteWishes.delete(producer.id);
      this.#told.delete(producer.id);
    });
  }

  remoteWish(node: string, producerId: string, spatialLayer: number): void {
    this.hold(node, producerId, spatialLayer);
  }

  /** `holder` (a recorder) needs `producerId` up to `spatialLayer`; undefined lets go of it. */
  hold(holder: string, producerId: string, spatialLayer: number | undefined): void {
    const wishes = this.#remoteWishes.get(producerId);
    if (spatialLayer === undefined) {
      if (wishes?.delete(holder)) this.#wishesChanged();
      return;
    }
    this.#remoteWishes.set(producerId, (wishes ?? new Map<string, number>()).set(holder, spatialLayer));
    this.#wishesChanged();
  }

  nodeGone(node: string): void {
    for (const wishes of this.#remoteWishes.values()) wishes.delete(node);
    this.#wishesChanged();
  }

  /** Tells the producer's node what this node's subscribers want of a producer piped in from it. */
  #tellRemote(producerId: string, spatialLayer: number): void {
    if (this.#told.get(producerId) === spatialLayer) return;
    this.#told.set(producerId, spatialLayer);
    this.#deps.remoteWish(producerId, spatialLayer);
  }

  addSubscriber(peer: Peer, transport: PeerTransport): void {
    const allocator = new SubscriberAllocator(peer, transport, {
      costs: (producerId) => this.#meter.costs(producerId),
      focusPeerId: () => this.#deps.focusPeerId(),
      speakerRecency: (peerId) => this.#deps.speakerRecency(peerId),
      lastN: () => this.#deps.lastN(),
      wishesChanged: () => this.#wishesChanged(),
      log: this.#deps.log,
    });
    this.#subscribers.set(peer, allocator);
    transport.observer.once('close', () => {
      if (this.#subscribers.get(peer) === allocator) this.#subscribers.delete(peer);
      this.#wishesChanged();
    });
  }

  addConsumer(peer: Peer, consumer: PeerConsumer, source: types.Producer): void {
    this.#subscribers.get(peer)?.track(consumer, source);
  }

  request(peer: Peer, consumerId: string, layers: Layers, pinned: boolean): void {
    this.#allocator(peer).request(consumerId, layers, pinned);
  }

  setClientPaused(peer: Peer, consumerId: string, paused: boolean): Promise<void> {
    return this.#allocator(peer).setClientPaused(consumerId, paused);
  }

  /** The estimate a subscriber's allocator works with now (bit/s), for stats. */
  budgetOf(peer: Peer): number | undefined {
    return this.#subscribers.get(peer)?.budget;
  }

  replanAll(): void {
    for (const allocator of this.#subscribers.values()) allocator.schedule();
  }

  close(): void {
    this.#meter.close();
    clearTimeout(this.#wishesTimer);
    for (const allocator of this.#subscribers.values()) allocator.close();
    for (const wanted of this.#wanted.values()) clearTimeout(wanted.pending?.timer);
  }

  #allocator(peer: Peer): SubscriberAllocator {
    const allocator = this.#subscribers.get(peer);
    if (!allocator) throw new Error(`peer ${peer.id} has no receive transport`);
    return allocator;
  }

  #wishesChanged(): void {
    if (this.#wishesTimer) return;
    this.#wishesTimer = setTimeout(() => {
      this.#wishesTimer = undefined;
      this.#updateDynacast();
    }, 200);
    this.#wishesTimer.unref();
  }

  /**
   * For each video producer here: tell its publisher the highest layer any subscriber (on this node or another)
   * wants. For each producer piped in from another node: tell that node what this node's subscribers want.
   */
  #updateDynacast(): void {
    const local = new Set<string>();
    for (const { peer, producer } of this.#deps.producers()) {
      local.add(producer.id);
      if (producer.kind !== 'video' || producer.closed) continue;
      let wanted = this.#localWanted(producer.id);
      for (const remote of this.#remoteWishes.get(producer.id)?.values() ?? []) wanted = Math.max(wanted, remote);
      const layers = Math.max(1, producer.rtpParameters.encodings?.length ?? 1);
      this.#want(peer, producer, Math.min(wanted, layers - 1));
    }
    for (const producerId of this.#meter.producerIds()) {
      if (!local.has(producerId)) this.#tellRemote(producerId, this.#localWanted(producerId));
    }
  }

  #localWanted(producerId: string): number {
    let wanted = 0;
    for (const allocator of this.#subscribers.values())
      wanted = Math.max(wanted, allocator.wantedSpatial(producerId) ?? 0);
    return wanted;
  }

  #want(peer: Peer, producer: PeerProducer, spatialLayer: number): void {
    const current = this.#wanted.get(producer.id);
    if (current?.pending && current.pending.spatialLayer !== spatialLayer) {
      clearTimeout(current.pending.timer);
      delete current.pending;
    }
    if (current?.spatialLayer === spatialLayer) return;
    const tell = (): void => {
      this.#wanted.set(producer.id, { spatialLayer });
      if (!producer.closed) peer.notify('layersWanted', { producerId: producer.id, spatialLayer });
    };
    if (current === undefined || spatialLayer > current.spatialLayer) {
      tell();
      return;
    }
    if (current.pending) return;
    current.pending = { spatialLayer, timer: setTimeout(tell, DOWNGRADE_AFTER_MS) };
    current.pending.timer.unref();
  }
}
