import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Logger } from '../../logger.js';
import type { Database as Tables, StoreDb } from '../schema.js';
import { SQLITE_MIGRATIONS } from './sqliteMigrations.js';

const IN_MEMORY = ':memory:';

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date. WAL with synchronous=NORMAL:
 * a committed write survives a process crash, and a power loss costs at most the last moments of writes.
 */
export function openSqlite(path: string, log?: Logger): StoreDb {
  if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  migrate(database, log);
  return { db: new Kysely<Tables>({ dialect: new SqliteDialect({ database }) }), dialect: 'sqlite' };
}

function migrate(database: Database.Database, log: Logger | undefined): void {
  const current = Number(database.pragma('user_version', { simple: true }));
  if (current > SQLITE_MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this server knows (${SQLITE_MIGRATIONS.length})`);
  }
  SQLITE_MIGRATIONS.slice(current).forEach((sql, index) => {
    const version = current + index + 1;
    database.transaction(() => {
      database.exec(sql);
      database.pragma(`user_version = ${version}`);
    })();
    log?.info({ version }, 'database migrated');
  });
}
