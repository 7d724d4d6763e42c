import { sql } from 'kysely';
import { z } from 'zod';
import type { StoreDb } from './schema.js';

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
  readonly #store: StoreDb;

  constructor(store: StoreDb) {
    this.#store = store;
  }

  async add(delivery: Omit<OutboxDelivery, 'attempts' | 'nextAttemptAt'>, now = Date.now()): Promise<void> {
    await this.#store.db
      .insertInto('webhook_outbox')
      .values({
        id: delivery.id,
        event_id: delivery.eventId,
        url: delivery.url,
        event: delivery.event,
        body: delivery.body,
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
      })
      .execute();
  }

  /**
   * Claims up to `limit` deliveries due by `now`, oldest first: each is leased for `leaseMs` (its next attempt
   * moves that far ahead), so two senders sharing the table never both send one, and a sender that dies
   * mid-delivery leaves it to be retried when the lease runs out.
   */
  async claimDue(now: number, limit: number, leaseMs: number): Promise<OutboxDelivery[]> {
    // PostgreSQL: rows another node is claiming right now are skipped, not waited for.
    const lock = this.#store.dialect === 'postgres' ? sql.raw('FOR UPDATE SKIP LOCKED') : sql.raw('');
    const rows = await this.#store.db
      .updateTable('webhook_outbox')
      .set({ next_attempt_at: now + leaseMs })
      .where(
        'id',
        'in',
        sql<string>`(SELECT id FROM webhook_outbox WHERE next_attempt_at <= ${now}
          ORDER BY next_attempt_at, created_at LIMIT ${limit} ${lock})`,
      )
      .returning(['id', 'event_id', 'url', 'event', 'body', 'attempts', 'next_attempt_at'])
      .execute();
    return rows.map((row) => {
      const { id, event_id, url, event, body, attempts, next_attempt_at } = deliveryRow.parse(row);
      return { id, eventId: event_id, url, event, body, attempts, nextAttemptAt: next_attempt_at };
    });
  }

  /** The time the next delivery is due, if any is waiting. */
  async nextDueAt(): Promise<number | undefined> {
    const row = await this.#store.db
      .selectFrom('webhook_outbox')
      .select((select) => select.fn.min('next_attempt_at').as('at'))
      .executeTakeFirst();
    return z.object({ at: z.number().int().nullable() }).parse(row ?? { at: null }).at ?? undefined;
  }

  async retryAt(id: string, attempts: number, nextAttemptAt: number): Promise<void> {
    await this.#store.db
      .updateTable('webhook_outbox')
      .set({ attempts, next_attempt_at: nextAttemptAt })
      .where('id', '=', id)
      .execute();
  }

  async remove(id: string): Promise<void> {
    await this.#store.db.deleteFrom('webhook_outbox').where('id', '=', id).execute();
  }
}
