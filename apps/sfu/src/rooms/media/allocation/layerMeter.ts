import type { types } from 'mediasoup';
import { measuredCosts } from './layerCosts.js';
import type { LayerCosts } from './plan.js';

const INTERVAL_MS = 2_000;

/**
 * Reads what each video producer really sends, per layer, every 2 s (from its RTP statistics), for the
 * allocators. Producers leave it when they close.
 */
export class LayerMeter {
  readonly #producers = new Map<string, types.Producer>();
  readonly #costs = new Map<string, LayerCosts>();
  readonly #timer: NodeJS.Timeout;
  readonly #onMeasured: () => void;

  constructor(onMeasured: () => void) {
    this.#onMeasured = onMeasured;
    this.#timer = setInterval(() => void this.#measure(), INTERVAL_MS);
    this.#timer.unref();
  }

  add(producer: types.Producer): void {
    if (producer.kind !== 'video') return;
    this.#producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      this.#producers.delete(producer.id);
      this.#costs.delete(producer.id);
    });
  }

  producerIds(): IterableIterator<string> {
    return this.#producers.keys();
  }

  costs(producerId: string): LayerCosts | undefined {
    return this.#costs.get(producerId);
  }

  close(): void {
    clearInterval(this.#timer);
  }

  async #measure(): Promise<void> {
    await Promise.all(
      [...this.#producers.values()].map(async (producer) => {
        const stats = await producer.getStats().catch(() => undefined);
        if (stats && !producer.closed) this.#costs.set(producer.id, measuredCosts(producer, stats));
      }),
    );
    this.#onMeasured();
  }
}
