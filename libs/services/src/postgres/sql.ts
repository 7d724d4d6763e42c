import { join } from 'node:path';
import { ServiceOptionError } from '../common.js';
import { runCommand } from '../process/runCommand.js';
import { ServiceStartError } from '../process/serviceProcess.js';
import { postgresEnv } from './cluster.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function checkIdentifier(value: string, what: string): string {
  if (!IDENTIFIER.test(value)) {
    throw new ServiceOptionError(`${what} must match ${IDENTIFIER.source}, got ${JSON.stringify(value)}`);
  }
  return value;
}

const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;

export type Connection = { binDir: string; socketDir: string; port: number };

/** Runs SQL as the superuser over the unix socket; returns psql's unaligned output. */
export async function superuserQuery(connection: Connection, sql: string): Promise<string> {
  const args = ['-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1'];
  args.push('-h', connection.socketDir, '-p', String(connection.port), '-U', 'postgres', '-d', 'postgres', '-c', sql);
  const result = await runCommand(join(connection.binDir, 'psql'), args, { env: postgresEnv(), cwd: '/' });
  if (result.code !== 0) throw new ServiceStartError('postgres', `psql exited with code ${result.code}`, result.output);
  return result.output.trim();
}

/** Creates (or, on a reused cluster, updates) the login role with `password` and the database it owns. */
export async function ensureRoleAndDatabase(
  connection: Connection,
  user: string,
  password: string,
  database: string,
): Promise<void> {
  await superuserQuery(
    connection,
    `DO $$BEGIN
       IF EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(user)})
       THEN ALTER ROLE "${user}" LOGIN PASSWORD ${literal(password)};
       ELSE CREATE ROLE "${user}" LOGIN PASSWORD ${literal(password)};
       END IF;
     END$$`,
  );
  const exists = await superuserQuery(connection, `SELECT 1 FROM pg_database WHERE datname = ${literal(database)}`);
  if (exists !== '1') await superuserQuery(connection, `CREATE DATABASE "${database}" OWNER "${user}"`);
}
