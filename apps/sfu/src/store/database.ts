import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logger.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

const IN_MEMORY = ':memory:';

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date. WAL with synchronous=NORMAL:
 * a committed write survives a process crash, and a power loss costs at most the last moments of writes.
 */
export function openDatabase(path: string, log?: Logger): Db {
  if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, log);
  return db;
}

function migrate(db: Db, log: Logger | undefined): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server knows (${MIGRATIONS.length})`);
  }
  MIGRATIONS.slice(current).forEach((sql, index) => {
    const version = current + index + 1;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    })();
    log?.info({ version }, 'database migrated');
  });
}
