import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type RunningPostgres } from '@huddle/services';
import { descendantsOf, waitUntilGone } from '../support/processes.js';

async function query<T>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL (@huddle/services)', () => {
  let postgres: RunningPostgres;

  beforeAll(async () => {
    postgres = await startPostgres({ fsync: false });
  });

  afterAll(async () => {
    await postgres?.stop();
  });

  it('answers a real query over TCP as the generated role, in its database', async () => {
    expect(postgres.url).toBe(
      `postgres://huddle:${encodeURIComponent(postgres.password)}@127.0.0.1:${postgres.port}/huddle`,
    );
    const [row] = await query<{ user: string; db: string; version: string; fsync: string }>(
      postgres.url,
      "SELECT current_user AS user, current_database() AS db, current_setting('server_version') AS version, current_setting('fsync') AS fsync",
    );
    expect(row).toMatchObject({ user: 'huddle', db: 'huddle', fsync: 'off' });
    expect(row?.version).toMatch(/^15\./);
    await query(postgres.url, 'CREATE TABLE notes (body text)');
    await query(postgres.url, 'INSERT INTO notes VALUES ($1)', ['hello']);
    expect(await query(postgres.url, 'SELECT body FROM notes')).toEqual([{ body: 'hello' }]);
  });

  it('refuses a wrong password', async () => {
    const wrong = postgres.url.replace(encodeURIComponent(postgres.password), 'wrong');
    await expect(query(wrong, 'SELECT 1')).rejects.toThrow(/password authentication failed/);
  });

  it('runs as the postgres OS user when started by root, with a private data dir and socket dir', () => {
    const owner = statSync(postgres.dataDir).uid;
    if (process.getuid?.() === 0) expect(owner).not.toBe(0);
    expect(statSync(postgres.dataDir).mode & 0o077).toBe(0);
    expect(statSync(postgres.socketDir).mode & 0o077).toBe(0);
    expect(existsSync(join(postgres.socketDir, `.s.PGSQL.${postgres.port}`))).toBe(true);
  });

  it('reuses an existing data dir on the next start, and stop leaves no process behind', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'services-pg-keep-'));
    const dataDir = join(parent, 'data');
    try {
      if (process.getuid?.() === 0) {
        // mkdtemp makes the parent 0700: closed to the postgres user, which gets a clear error.
        await expect(startPostgres({ dataDir })).rejects.toThrow(/postgres user cannot write/);
        chmodSync(parent, 0o755);
      }
      const first = await startPostgres({ dataDir, fsync: false, user: 'keeper', database: 'kept' });
      await query(first.url, 'CREATE TABLE kept (n int)');
      await query(first.url, 'INSERT INTO kept VALUES (42)');
      const processes = [first.pid, ...descendantsOf(first.pid)];
      expect(processes.length).toBeGreaterThan(3);
      await first.stop();
      expect(await waitUntilGone(processes, 1_000)).toEqual([]);
      expect(existsSync(first.socketDir)).toBe(false);
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);

      const second = await startPostgres({ dataDir, fsync: false, user: 'keeper', database: 'kept' });
      try {
        expect(second.password).not.toBe(first.password);
        expect(await query(second.url, 'SELECT n FROM kept')).toEqual([{ n: 42 }]);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('a temporary cluster leaves nothing behind', async () => {
    const temporary = await startPostgres({ fsync: false });
    const processes = [temporary.pid, ...descendantsOf(temporary.pid)];
    await temporary.stop();
    await temporary.stop();
    expect(await waitUntilGone(processes, 1_000)).toEqual([]);
    expect(existsSync(join(temporary.dataDir, '..'))).toBe(false);
    expect(existsSync(temporary.socketDir)).toBe(false);
  });

  it('refuses bad role and database names before starting anything', async () => {
    await expect(startPostgres({ user: 'Robert"; DROP' })).rejects.toThrow(/user must match/);
    await expect(startPostgres({ database: '1db' })).rejects.toThrow(/database must match/);
  });
});
