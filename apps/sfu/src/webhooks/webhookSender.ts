import { createHmac, randomUUID } from 'node:crypto';
import type { WebhookEvent, WebhookPayload } from '@huddle/shared';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';

/** Deliveries waiting (in flight or for a retry) past this many are dropped, so a dead receiver costs bounded memory. */
const MAX_PENDING = 10_000;

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * POSTs signed event payloads to every configured URL, off the caller's path: `send` returns at once, each
 * delivery runs on its own and is retried with exponential backoff (base, 2×, 4× …) until `maxAttempts`.
 */
export class WebhookSender {
  readonly #config: Config['webhooks'];
  readonly #log: Logger;
  #pending = 0;

  constructor(config: Config['webhooks'], log: Logger) {
    this.#config = config;
    this.#log = log.child({ component: 'webhooks' });
  }

  send(event: WebhookEvent, data: Omit<WebhookPayload, 'id' | 'event' | 'createdAt'>): void {
    const { urls, secret } = this.#config;
    if (urls.length === 0 || secret === undefined) return;
    const payload: WebhookPayload = { id: randomUUID(), event, createdAt: Date.now(), ...data };
    const body = JSON.stringify(payload);
    for (const url of urls) {
      if (this.#pending >= MAX_PENDING) {
        this.#log.warn({ url, event }, 'too many webhook deliveries pending; dropping this one');
        continue;
      }
      this.#pending += 1;
      this.#attempt({ url, body, payload, secret }, 1);
    }
  }

  #attempt(delivery: Delivery, attempt: number): void {
    this.#post(delivery).then(
      () => {
        this.#pending -= 1;
      },
      (error: unknown) => {
        const { maxAttempts, retryBaseMs } = this.#config;
        const context = { url: delivery.url, event: delivery.payload.event, attempt, err: error };
        if (attempt >= maxAttempts) {
          this.#pending -= 1;
          this.#log.error(context, 'webhook delivery failed for good');
          return;
        }
        const delayMs = retryBaseMs * 2 ** (attempt - 1);
        this.#log.warn({ ...context, retryInMs: delayMs }, 'webhook delivery failed; retrying');
        setTimeout(() => this.#attempt(delivery, attempt + 1), delayMs).unref();
      },
    );
  }

  async #post({ url, body, payload, secret }: Delivery): Promise<void> {
    const timestamp = String(Date.now());
    const response = await fetch(url, {
      method: 'POST',
      body,
      signal: AbortSignal.timeout(this.#config.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'huddle-webhooks',
        'x-huddle-event': payload.event,
        'x-huddle-delivery': payload.id,
        'x-huddle-timestamp': timestamp,
        'x-huddle-signature': signature(secret, timestamp, body),
      },
    });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`receiver answered ${response.status}`);
  }
}

type Delivery = { url: string; body: string; payload: WebhookPayload; secret: string };
