import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkHost,
  checkPort,
  DEFAULT_READY_TIMEOUT_MS,
  DEFAULT_STOP_TIMEOUT_MS,
  once,
  urlHost,
  workDir,
  type CommonOptions,
  type RunningService,
} from '../common.js';
import { freePort } from '../net/ports.js';
import { ServiceProcess } from '../process/serviceProcess.js';
import { cleanupLeftovers } from '../state/leftovers.js';
import { redisConfig } from './config.js';
import { redisProcessId } from './ping.js';

export type RedisOptions = CommonOptions & {
  /** Append-only file persistence (off by default: data lives in memory only). */
  appendOnly?: boolean;
  /** `requirepass`; none by default (Redis is bound to loopback). */
  password?: string;
  /** The redis-server binary: /usr/bin/redis-server by default. */
  binary?: string;
};

export type RunningRedis = RunningService & {
  /** Stops Redis (gracefully) and starts it again on the same port and data dir after `downMs` (default 0); `pid` changes. */
  restart(downMs?: number): Promise<void>;
};

/** Starts Debian's redis-server (7.0) in the foreground with a generated config; resolves once PING answers PONG. */
export async function startRedis(options: RedisOptions = {}): Promise<RunningRedis> {
  const host = checkHost(options.host ?? '127.0.0.1');
  await cleanupLeftovers({ stateDir: options.stateDir, logger: options.logger });
  const port = checkPort(options.port ?? (await freePort(host)));
  const dir = await workDir('redis', options.dataDir);
  const configFile = join(dir.path, 'redis.conf');
  const password = options.password;
  await writeFile(
    configFile,
    redisConfig({ host, port, dir: dir.path, appendOnly: options.appendOnly ?? false, password }),
  );
  const launch = (): Promise<ServiceProcess> =>
    ServiceProcess.launch({
      service: 'redis',
      command: options.binary ?? '/usr/bin/redis-server',
      args: [configFile],
      cwd: dir.path,
      stopSignal: 'SIGTERM',
      stopTimeoutMs: options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
      ready: async (pid) => (await redisProcessId(host, port, password)) === pid,
      readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
      removeOnLeftover: dir.temporary ? [dir.path] : [],
      stateDir: options.stateDir,
      logger: options.logger,
    });

  let server: ServiceProcess;
  try {
    server = await launch();
  } catch (error) {
    await dir.remove();
    throw error;
  }
  const auth = password !== undefined ? `:${encodeURIComponent(password)}@` : '';
  let stopped = false;
  return {
    service: 'redis',
    host,
    port,
    url: `redis://${auth}${urlHost(host)}:${port}`,
    dataDir: dir.path,
    get pid() {
      return server.pid;
    },
    restart: async (downMs = 0) => {
      if (stopped) throw new Error('redis was stopped; start a new one instead of restarting it');
      options.logger?.info({ service: 'redis', port, downMs }, 'restarting redis');
      await server.stop();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await launch();
    },
    stop: once(async () => {
      stopped = true;
      await server.stop();
      await dir.remove();
    }),
  };
}
