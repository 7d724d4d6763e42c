import { chown, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ServiceOptionError } from '../common.js';
import { asUser, type OsUser } from '../process/osUser.js';
import { runCommand } from '../process/runCommand.js';
import { ServiceStartError } from '../process/serviceProcess.js';

export const POSTGRES_MAJOR = '15';

/** Environment for PostgreSQL's programs: no PG* variables of ours leak into them. */
export function postgresEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
  };
}

/** Fails early, with a clear message, when `user` cannot write `dir` (e.g. a parent dir is closed to it). */
export async function checkWritable(user: OsUser | undefined, dir: string): Promise<void> {
  if (!user) return;
  const [command, args] = asUser(user, 'test', ['-w', dir, '-a', '-x', dir]);
  const { code } = await runCommand(command, args, { cwd: '/' });
  if (code !== 0) {
    throw new ServiceOptionError(
      `the ${user.name} user cannot write ${dir}: PostgreSQL runs as ${user.name} when started by root, so the dir and every parent must be open to it`,
    );
  }
}

/** Whether `dataDir` holds a cluster already; throws for one of another major version. */
export async function existingCluster(dataDir: string): Promise<boolean> {
  let version: string;
  try {
    version = (await readFile(join(dataDir, 'PG_VERSION'), 'utf8')).trim();
  } catch {
    return false;
  }
  if (version !== POSTGRES_MAJOR) {
    throw new ServiceOptionError(
      `${dataDir} holds a PostgreSQL ${version} cluster; this starts PostgreSQL ${POSTGRES_MAJOR}`,
    );
  }
  return true;
}

/** initdb into the empty `dataDir`: superuser `postgres`, trust over the private unix socket, SCRAM over TCP. */
export async function initCluster(binDir: string, dataDir: string, user: OsUser | undefined): Promise<void> {
  const [command, args] = asUser(user, join(binDir, 'initdb'), [
    `--pgdata=${dataDir}`,
    '--username=postgres',
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '--encoding=UTF8',
    '--no-locale',
    '--no-sync',
    '--no-instructions',
  ]);
  const result = await runCommand(command, args, { env: postgresEnv(), cwd: '/', timeoutMs: 120_000 });
  if (result.code !== 0)
    throw new ServiceStartError('postgres', `initdb exited with code ${result.code}`, result.output);
}

/**
 * Our pg_hba.conf, rewritten on every start: local connections (only through the socket dir, which is closed to
 * everyone but its owner) are trusted; TCP needs a SCRAM password, from loopback, and from anywhere when listening
 * on another address.
 */
export async function writeHba(dataDir: string, host: string, user: OsUser | undefined): Promise<void> {
  const lines = [
    'local all all trust',
    'host all all 127.0.0.1/32 scram-sha-256',
    'host all all ::1/128 scram-sha-256',
  ];
  if (!host.startsWith('127.') && host !== '::1') lines.push('host all all all scram-sha-256');
  const file = join(dataDir, 'pg_hba.conf');
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  if (user) await chown(file, user.uid, user.gid);
}
