import { z } from 'zod';
import type { Db } from './database.js';

const deliveryRow = z.object({
  id: z.string(),
  event_id: z.string(),
  url: z.string(),
  event: z.string(),
  body: z.string(),
  attempts: z.number().int(),
  next_attempt_at: z.number().int(),
});

/** One webhook POST waiting to go out: one event (`eventId`, its JSON `body`) to one URL. */
export type OutboxDelivery = {
  id: string;
  eventId: string;
  url: string;
  event: string;
  body: string;
  attempts: number;
  nextAttemptAt: number;
};

/**
 * Webhook deliveries not yet made: written when the event happens, deleted once delivered (or given up on),
 * so a crash or restart resumes them instead of losing them.
 */
export class OutboxStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  add(delivery: Omit<OutboxDelivery, 'attempts' | 'nextAttemptAt'>, now = Date.now()): void {
    this.#db
      .prepare(
        `INSERT INTO webhook_outbox (id, event_id, url, event, body, attempts, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
      )
      .run(delivery.id, delivery.eventId, delivery.url, delivery.event, delivery.body, now, now);
  }

  /**
   * Claims up to `limit` deliveries due by `now`, oldest first: each is leased for `leaseMs` (its next attempt
   * moves that far ahead), so two senders sharing the table never both send one, and a sender that dies
   * mid-delivery leaves it to be retried when the lease runs out.
   */
  claimDue(now: number, limit: number, leaseMs: number): OutboxDelivery[] {
    const rows: unknown[] = this.#db
      .prepare(
        `UPDATE webhook_outbox SET next_attempt_at = @leased WHERE id IN (
           SELECT id FROM webhook_outbox WHERE next_attempt_at <= @now ORDER BY next_attempt_at, created_at LIMIT @limit
         ) RETURNING id, event_id, url, event, body, attempts, next_attempt_at`,
      )
      .all({ now, limit, leased: now + leaseMs });
    return rows.map((row) => {
      const { id, event_id, url, event, body, attempts, next_attempt_at } = deliveryRow.parse(row);
      return { id, eventId: event_id, url, event, body, attempts, nextAttemptAt: next_attempt_at };
    });
  }

  /** The time the next delivery is due, if any is waiting. */
  nextDueAt(): number | undefined {
    const row = z
      .object({ at: z.number().int().nullable() })
      .parse(this.#db.prepare('SELECT MIN(next_attempt_at) AS at FROM webhook_outbox').get());
    return row.at ?? undefined;
  }

  get size(): number {
    return z
      .object({ count: z.number().int() })
      .parse(this.#db.prepare('SELECT COUNT(*) AS count FROM webhook_outbox').get()).count;
  }

  retryAt(id: string, attempts: number, nextAttemptAt: number): void {
    this.#db
      .prepare('UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ? WHERE id = ?')
      .run(attempts, nextAttemptAt, id);
  }

  remove(id: string): void {
    this.#db.prepare('DELETE FROM webhook_outbox WHERE id = ?').run(id);
  }
}
