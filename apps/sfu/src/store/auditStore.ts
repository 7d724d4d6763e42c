import type { AuditEntry } from '@huddle/shared';
import { z } from 'zod';
import type { StoreDb } from './schema.js';

const auditRow = z
  .object({
    id: z.number().int(),
    at: z.number().int(),
    actor: z.string(),
    action: z.string(),
    target: z.string(),
    details: z.string().nullable(),
  })
  .transform((row): AuditEntry => ({
    id: row.id,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    ...(row.details === null ? {} : { details: z.unknown().parse(JSON.parse(row.details)) }),
  }));

export type AuditRecord = { actor: string; action: string; target: string; details?: unknown };

/** Who did what to which room, participant or key, and when. Append-only. */
export class AuditStore {
  readonly #store: StoreDb;

  constructor(store: StoreDb) {
    this.#store = store;
  }

  async record(entry: AuditRecord, now = Date.now()): Promise<void> {
    await this.#store.db
      .insertInto('audit_log')
      .values({
        at: now,
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        details: entry.details === undefined ? null : JSON.stringify(entry.details),
      })
      .execute();
  }

  /** Newest first; page on with the last entry's id as `beforeId`. */
  async list(beforeId: number | undefined, limit: number): Promise<{ entries: AuditEntry[]; hasMore: boolean }> {
    let query = this.#store.db.selectFrom('audit_log').selectAll();
    if (beforeId !== undefined) query = query.where('id', '<', beforeId);
    const rows = await query
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    return { entries: rows.slice(0, limit).map((row) => auditRow.parse(row)), hasMore: rows.length > limit };
  }
}
