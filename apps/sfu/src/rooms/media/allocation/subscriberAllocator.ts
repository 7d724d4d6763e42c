import type { Layers as RequestedLayers } from '@huddle/shared';
import type { types } from 'mediasoup';
import { z } from 'zod';
import type { Logger } from '../../../logger.js';
import type { Peer } from '../../peer.js';
import type { PeerConsumer, PeerTransport } from '../../types.js';
import { costsOf } from './layerCosts.js';
import { RANK, allocate, type Choice, type LayerCosts, type Layers, type Rank, type VideoDemand } from './plan.js';

/** Part of the estimate kept free, and what each audio stream is reserved (audio is never starved). */
const HEADROOM = 0.9;
const AUDIO_RESERVE = 50_000;
const THROTTLE_MS = 300;
const PRIORITY: Record<Rank, number> = { [RANK.screen]: 3, [RANK.focus]: 2, [RANK.other]: 1 };

const bweSchema = z.object({
  type: z.literal('bwe'),
  direction: z.literal('out'),
  info: z.object({ availableBitrate: z.number() }),
});

export interface AllocationContext {
  /** What the producer behind a consumer sends, per layer (undefined: not measured yet). */
  costs(producerId: string): LayerCosts | undefined;
  /** The peer speaking now (its camera ranks with pinned tiles). */
  focusPeerId(): string | undefined;
  /** How lately a peer spoke: 0 for the current speaker, 1 for the one before… (never: Infinity). */
  speakerRecency(peerId: string): number;
  /** Videos this subscriber receives at most. */
  lastN(): number;
  /** A subscriber's wishes changed: the publishers' wanted layers (dynacast) may change. */
  wishesChanged(): void;
  readonly log: Logger;
}

type Tracked = {
  consumer: PeerConsumer;
  /** The producer on its owner's router (a piped consumer's own producer is a pipe producer). */
  source: types.Producer;
  requested: RequestedLayers | undefined;
  pinned: boolean;
  clientPaused: boolean;
  /** Why the server holds it paused, if it does. */
  suspended: 'bandwidth' | 'lastN' | false;
  applied: Choice | undefined;
};

/**
 * One subscriber's layer allocation: from its receive transport's bandwidth estimate (mediasoup's `bwe` trace),
 * what each publisher sends per layer, and what the subscriber asked for (tile size as an upper bound, pinned
 * tiles), it picks each video's layers (plan.ts) and applies them with `setPreferredLayers` and `setPriority`.
 * A video that does not fit at all is paused on the server ("suspended") and the client is told; audio is never
 * touched. The client's own pause (an off-screen tile) and a suspension combine: the consumer runs only when
 * neither holds.
 */
export class SubscriberAllocator {
  readonly #peer: Peer;
  readonly #context: AllocationContext;
  readonly #tracked = new Map<string, Tracked>();
  /** The latest estimate; none before the first one (or ever, for a receiver without congestion control feedback). */
  #budget: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closed = false;

  constructor(peer: Peer, transport: PeerTransport, context: AllocationContext) {
    this.#peer = peer;
    this.#context = context;
    transport.on('trace', (trace) => {
      const bwe = bweSchema.safeParse(trace);
      if (!bwe.success) return;
      this.#budget = bwe.data.info.availableBitrate;
      this.schedule();
    });
    transport.enableTraceEvent(['bwe']).catch(() => undefined);
    transport.observer.once('close', () => this.close());
  }

  get budget(): number | undefined {
    return this.#budget;
  }

  track(consumer: PeerConsumer, source: types.Producer): void {
    const tracked: Tracked = {
      consumer,
      source,
      requested: undefined,
      pinned: false,
      clientPaused: consumer.paused,
      suspended: false,
      applied: undefined,
    };
    this.#tracked.set(consumer.id, tracked);
    consumer.observer.once('close', () => {
      this.#tracked.delete(consumer.id);
      this.#context.wishesChanged();
      this.schedule();
    });
    this.schedule();
  }

  /** The subscriber's tile-size preference (an upper bound) and whether the tile is pinned. */
  request(consumerId: string, layers: RequestedLayers, pinned: boolean): void {
    const tracked = this.#get(consumerId);
    tracked.requested = layers;
    tracked.pinned = pinned;
    this.#context.wishesChanged();
    this.schedule();
  }

  /** The subscriber pauses or resumes a consumer itself (a tile off screen, unsubscribing). */
  async setClientPaused(consumerId: string, paused: boolean): Promise<void> {
    const tracked = this.#get(consumerId);
    tracked.clientPaused = paused;
    if (paused) await tracked.consumer.pause();
    else if (!tracked.suspended) await tracked.consumer.resume();
    this.#context.wishesChanged();
    this.schedule();
  }

  /** The highest spatial layer this subscriber wants of `producerId` now (undefined: none). */
  wantedSpatial(producerId: string): number | undefined {
    let wanted: number | undefined;
    for (const tracked of this.#tracked.values()) {
      if (tracked.source.id !== producerId || tracked.clientPaused) continue;
      const spatial = tracked.requested?.spatialLayer ?? Number.MAX_SAFE_INTEGER;
      wanted = Math.max(wanted ?? 0, spatial);
    }
    return wanted;
  }

  /** Re-plans soon (a burst of events makes one pass). */
  schedule(): void {
    if (this.#closed || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#running) {
        void this.#running.then(() => this.schedule());
        return;
      }
      this.#running = this.#apply()
        .catch((error: unknown) => {
          if (!this.#peer.closed)
            this.#context.log.warn({ err: error, peer: this.#peer.id }, 'layer allocation failed');
        })
        .finally(() => {
          this.#running = undefined;
        });
    }, THROTTLE_MS);
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #get(consumerId: string): Tracked {
    const tracked = this.#tracked.get(consumerId);
    if (!tracked) throw new Error(`consumer ${consumerId} is not allocated`);
    return tracked;
  }

  #rank(tracked: Tracked): Rank {
    const source = tracked.consumer.appData.source;
    if (source === 'screen') return RANK.screen;
    if (tracked.pinned || tracked.consumer.appData.producerPeerId === this.#context.focusPeerId()) return RANK.focus;
    return RANK.other;
  }

  async #apply(): Promise<void> {
    const videos = [...this.#tracked.values()].filter(
      (tracked) => tracked.consumer.kind === 'video' && !tracked.clientPaused && !tracked.consumer.closed,
    );
    const audio = [...this.#tracked.values()].filter(
      (tracked) => tracked.consumer.kind === 'audio' && !tracked.clientPaused,
    );
    // Without an estimate there is nothing to share: every video gets what its subscriber asked for.
    const budget = this.#budget === undefined ? Infinity : this.#budget * HEADROOM - audio.length * AUDIO_RESERVE;
    const demands: VideoDemand[] = videos.map((tracked) => ({
      consumerId: tracked.consumer.id,
      content: tracked.consumer.appData.source === 'screen' ? 'screen' : 'camera',
      rank: this.#rank(tracked),
      maxSpatial: tracked.requested?.spatialLayer ?? Number.MAX_SAFE_INTEGER,
      costs: costsOf(tracked.source, this.#context.costs(tracked.source.id)),
    }));
    // Last-N: the N videos that matter most (rank, then who spoke latest) get bandwidth; the rest are held.
    const recency = (demand: VideoDemand): number =>
      this.#context.speakerRecency(this.#tracked.get(demand.consumerId)?.consumer.appData.producerPeerId ?? '');
    const byRecency = (a: VideoDemand, b: VideoDemand): number =>
      recency(a) === recency(b) ? 0 : recency(a) - recency(b);
    const ordered = [...demands].sort((a, b) => a.rank - b.rank || byRecency(a, b));
    const allowed = ordered.slice(0, this.#context.lastN());
    const choices: Map<string, Choice | 'lastN'> = allocate(budget, allowed);
    for (const demand of ordered.slice(allowed.length)) choices.set(demand.consumerId, 'lastN');
    await Promise.all(
      videos.map((tracked) => this.#enact(tracked, choices.get(tracked.consumer.id), this.#rank(tracked))),
    );
  }

  async #enact(tracked: Tracked, choice: Choice | 'lastN' | undefined, rank: Rank): Promise<void> {
    if (choice === undefined || tracked.consumer.closed) return;
    const { consumer } = tracked;
    if (choice === 'suspended' || choice === 'lastN') {
      const reason = choice === 'lastN' ? 'lastN' : 'bandwidth';
      if (tracked.suspended === reason) return;
      tracked.suspended = reason;
      await consumer.pause();
      this.#peer.notify('consumerSuspended', { consumerId: consumer.id, suspended: true, reason });
      return;
    }
    if (!sameLayers(tracked.applied, choice)) {
      tracked.applied = choice;
      await consumer.setPreferredLayers(choice);
    }
    if (consumer.priority !== PRIORITY[rank]) await consumer.setPriority(PRIORITY[rank]);
    if (tracked.suspended) {
      tracked.suspended = false;
      if (!tracked.clientPaused) await consumer.resume();
      this.#peer.notify('consumerSuspended', { consumerId: consumer.id, suspended: false });
    }
  }
}

function sameLayers(a: Choice | undefined, b: Layers): boolean {
  return (
    a !== undefined && a !== 'suspended' && a.spatialLayer === b.spatialLayer && a.temporalLayer === b.temporalLayer
  );
}
