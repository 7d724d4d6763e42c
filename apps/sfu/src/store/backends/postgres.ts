import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Logger } from '../../logger.js';
import type { Database as Tables, StoreDb } from '../schema.js';
import { POSTGRES_MIGRATIONS } from './postgresMigrations.js';

/** Any constant: the advisory lock nodes take to migrate one at a time. */
const MIGRATION_LOCK = 0x48_55_44_44;
const INT8_OID = 20;

/** Times are BIGINT milliseconds, far below 2^53: this pool reads them as numbers, not strings. */
const types = new pg.TypeOverrides();
types.setTypeParser(INT8_OID, Number);

/** Connects to PostgreSQL (`postgres://…`), checks it answers, and brings the schema up to date. */
export async function openPostgres(url: string, log?: Logger): Promise<StoreDb> {
  const pool = new pg.Pool({ connectionString: url, max: 10, types });
  pool.on('error', (error) => log?.error({ err: error }, 'database connection failed'));
  try {
    await migrate(pool, log);
  } catch (error) {
    await pool.end();
    throw new Error(`PostgreSQL at ${redact(url)}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return { db: new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
}

async function migrate(pool: pg.Pool, log: Logger | undefined): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS huddle_schema (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM huddle_schema');
    const current = rows[0]?.version ?? 0;
    if (current > POSTGRES_MIGRATIONS.length) {
      throw new Error(`schema version ${current} is newer than this server knows (${POSTGRES_MIGRATIONS.length})`);
    }
    for (const [index, sql] of POSTGRES_MIGRATIONS.slice(current).entries()) {
      await client.query(sql);
      log?.info({ version: current + index + 1 }, 'database migrated');
    }
    await client.query('DELETE FROM huddle_schema');
    await client.query('INSERT INTO huddle_schema (version) VALUES ($1)', [POSTGRES_MIGRATIONS.length]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
