import { createHmac, randomUUID } from 'node:crypto';
import type { WebhookEvent, WebhookPayload } from '@huddle/shared';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { OutboxDelivery, OutboxStore } from '../store/outboxStore.js';

/** Deliveries sent at once per pass. */
const BATCH = 20;
/** A claimed delivery is retried after this long if its sender died before finishing it. */
const LEASE_MS = 60_000;

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * POSTs signed event payloads to every configured URL, off the caller's path. `send` writes one delivery per
 * URL to the outbox table and returns; a pump sends what is due, deletes what was delivered, and retries a
 * failure with exponential backoff (base, 2×, 4× …) until `maxAttempts`. What is still in the outbox when the
 * process stops (or dies) is sent after the next start.
 */
export class WebhookSender {
  readonly #config: Config['webhooks'];
  readonly #outbox: OutboxStore;
  readonly #log: Logger;
  #timer: NodeJS.Timeout | undefined;
  #pumping: Promise<void> | undefined;
  #again = false;
  #draining = false;
  /** Outbox writes under way (drain waits for them). */
  readonly #writes = new Set<Promise<unknown>>();

  constructor(config: Config['webhooks'], outbox: OutboxStore, log: Logger) {
    this.#config = config;
    this.#outbox = outbox;
    this.#log = log.child({ component: 'webhooks' });
  }

  /** Starts sending what the outbox holds (deliveries left by an earlier run included). */
  start(): void {
    if (this.#config.urls.length > 0) this.#kick();
  }

  /** Writes the event's deliveries to the outbox (the caller never waits for them to go out). */
  send(event: WebhookEvent, data: Omit<WebhookPayload, 'id' | 'event' | 'createdAt'>): void {
    const { urls, secret } = this.#config;
    if (urls.length === 0 || secret === undefined) return;
    const payload: WebhookPayload = { id: randomUUID(), event, createdAt: Date.now(), ...data };
    const body = JSON.stringify(payload);
    const stored = Promise.all(
      urls.map((url) => this.#outbox.add({ id: randomUUID(), eventId: payload.id, url, event, body })),
    ).then(
      () => this.#kick(),
      (error: unknown) => this.#log.error({ err: error, event }, 'could not queue a webhook delivery'),
    );
    this.#writes.add(stored);
    void stored.finally(() => this.#writes.delete(stored));
  }

  /**
   * At shutdown: sends everything due until nothing is due or `timeoutMs` passed. Deliveries waiting for a later
   * retry stay in the outbox for the next start.
   */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.#draining = true;
    clearTimeout(this.#timer);
    await Promise.allSettled([...this.#writes]);
    this.#kick();
    for (;;) {
      await this.#pumping;
      const next = await this.#outbox.nextDueAt();
      if (next === undefined || next > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
      this.#kick();
    }
  }

  /** Runs a pass now (or right after the one running). */
  #kick(): void {
    if (this.#pumping) {
      this.#again = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#pumping = this.#pump().finally(() => {
      this.#pumping = undefined;
      if (this.#again) {
        this.#again = false;
        this.#kick();
      } else {
        this.#armTimer().catch((error: unknown) => this.#log.error({ err: error }, 'webhook outbox unavailable'));
      }
    });
  }

  /** Wakes up when the next retry is due. */
  async #armTimer(): Promise<void> {
    const next = await this.#outbox.nextDueAt();
    if (next === undefined || this.#draining || this.#pumping) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#kick(), Math.max(0, next - Date.now()));
    this.#timer.unref();
  }

  async #pump(): Promise<void> {
    try {
      for (;;) {
        const due = await this.#outbox.claimDue(Date.now(), BATCH, LEASE_MS);
        if (due.length === 0) return;
        await Promise.all(due.map((delivery) => this.#deliver(delivery)));
      }
    } catch (error) {
      this.#log.error({ err: error }, 'webhook outbox unavailable; retrying later');
    }
  }

  async #deliver(delivery: OutboxDelivery): Promise<void> {
    const attempt = delivery.attempts + 1;
    try {
      await this.#post(delivery);
      await this.#outbox.remove(delivery.id);
    } catch (error) {
      const { maxAttempts, retryBaseMs } = this.#config;
      const context = { url: delivery.url, event: delivery.event, attempt, err: error };
      if (attempt >= maxAttempts) {
        await this.#outbox.remove(delivery.id);
        this.#log.error(context, 'webhook delivery failed for good');
        return;
      }
      const delayMs = retryBaseMs * 2 ** (attempt - 1);
      await this.#outbox.retryAt(delivery.id, attempt, Date.now() + delayMs);
      this.#log.warn({ ...context, retryInMs: delayMs }, 'webhook delivery failed; retrying');
    }
  }

  async #post(delivery: OutboxDelivery): Promise<void> {
    const secret = this.#config.secret;
    if (secret === undefined) throw new Error('webhooks.secret is not set');
    const timestamp = String(Date.now());
    const response = await fetch(delivery.url, {
      method: 'POST',
      body: delivery.body,
      signal: AbortSignal.timeout(this.#config.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'huddle-webhooks',
        'x-huddle-event': delivery.event,
        'x-huddle-delivery': delivery.eventId,
        'x-huddle-timestamp': timestamp,
        'x-huddle-signature': signature(secret, timestamp, delivery.body),
      },
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`receiver answered ${response.status}`);
  }
}
