import type { AuditEntry } from '@huddle/shared';
import { z } from 'zod';
import type { Db } from './database.js';

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
    ...(row.details === null ? {} : { details: JSON.parse(row.details) as unknown }),
  }));

export type AuditRecord = { actor: string; action: string; target: string; details?: unknown };

/** Who did what to which room, participant or key, and when. Append-only. */
export class AuditStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  record(entry: AuditRecord, now = Date.now()): void {
    this.#db
      .prepare('INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)')
      .run(
        now,
        entry.actor,
        entry.action,
        entry.target,
        entry.details === undefined ? null : JSON.stringify(entry.details),
      );
  }

  /** Newest first; page on with the last entry's id as `beforeId`. */
  list(beforeId: number | undefined, limit: number): { entries: AuditEntry[]; hasMore: boolean } {
    const rows: unknown[] = this.#db
      .prepare('SELECT id, at, actor, action, target, details FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?')
      .all(beforeId ?? Number.MAX_SAFE_INTEGER, limit + 1);
    return { entries: rows.slice(0, limit).map((row) => auditRow.parse(row)), hasMore: rows.length > limit };
  }
}
