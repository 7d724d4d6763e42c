import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkHost,
  checkPort,
  DEFAULT_READY_TIMEOUT_MS,
  DEFAULT_STOP_TIMEOUT_MS,
  once,
  ServiceOptionError,
  urlHost,
  workDir,
  type CommonOptions,
  type RunningService,
} from '../common.js';
import { freePort } from '../net/ports.js';
import { ServiceProcess } from '../process/serviceProcess.js';
import { cleanupLeftovers } from '../state/leftovers.js';
import { checkBackends, haproxyConfig, type Backend, type HaproxyConfig, type HealthCheck } from './config.js';
import { backendStates, markDown, servingPid, statsCommand, type BackendState } from './statsSocket.js';

export type HaproxyOptions = CommonOptions & {
  backends: readonly Backend[];
  /** `roundrobin` by default; `leastconn` suits long-lived WebSockets. */
  balance?: 'roundrobin' | 'leastconn';
  /** The health check: GET /readyz expecting 200, every second, rise 2, fall 2 by default. */
  check?: HealthCheck;
  /** Idle timeout of WebSocket (upgraded) connections: 1 h by default. */
  tunnelTimeoutMs?: number;
  /** After a reload, how long the old process may keep its connections: 30 s by default. */
  hardStopAfterMs?: number;
  /** Concurrent connections (global maxconn): 4096 by default; each takes about two file descriptors. */
  maxConnections?: number;
  /** The haproxy binary: /usr/sbin/haproxy by default. */
  binary?: string;
};

export type RunningHaproxy = RunningService & {
  /** The admin stats socket (`show stat`, `show info` …). */
  readonly statsSocket: string;
  /** Each backend server's health, as HAProxy sees it now. */
  backends(): Promise<BackendState[]>;
  /** Resolves once `name` is up (or down); rejects after `timeoutMs` (10 s by default) with what it saw. */
  waitForBackend(name: string, state: 'up' | 'down', timeoutMs?: number): Promise<void>;
  /**
   * Replaces the backend set without dropping connections: a new process takes over the listening socket (-x) and
   * tells the old one (-sf) to finish its connections and exit (within hardStopAfterMs). `pid` changes.
   */
  reload(backends: readonly Backend[]): Promise<void>;
};

const MAX_SOCKET_PATH = 107;

/** Starts Debian's HAProxy (2.6) in the foreground; resolves once its stats socket answers for the new process. */
export async function startHaproxy(options: HaproxyOptions): Promise<RunningHaproxy> {
  const host = checkHost(options.host ?? '127.0.0.1');
  checkBackends(options.backends);
  await cleanupLeftovers({ stateDir: options.stateDir, logger: options.logger });
  const port = checkPort(options.port ?? (await freePort(host)));
  const dir = await workDir('haproxy', options.dataDir);
  const statsSocket = join(dir.path, 'admin.sock');
  if (Buffer.byteLength(statsSocket) > MAX_SOCKET_PATH) {
    await dir.remove();
    throw new ServiceOptionError(`dataDir is too long for a unix socket path: ${statsSocket}`);
  }
  const configFile = join(dir.path, 'haproxy.cfg');
  const serverStateFile = join(dir.path, 'servers.state');
  await writeFile(serverStateFile, '1\n');
  const base: Omit<HaproxyConfig, 'backends'> = {
    host,
    port,
    balance: options.balance ?? 'roundrobin',
    check: options.check ?? {},
    statsSocket,
    serverStateFile,
    tunnelTimeoutMs: options.tunnelTimeoutMs ?? 3_600_000,
    hardStopAfterMs: options.hardStopAfterMs ?? 30_000,
    maxConnections: options.maxConnections ?? 4_096,
  };

  /**
   * Writes the config for `backends` and starts a process with it; `previous` hands over its listening socket and
   * its servers' health. Servers it did not have start down (HAProxy would assume them up until checks fail).
   */
  const launch = async (backends: readonly Backend[], previous?: ServiceProcess): Promise<ServiceProcess> => {
    const known = previous ? new Set((await backendStates(statsSocket)).map((state) => state.name)) : new Set();
    if (previous) await writeFile(serverStateFile, await statsCommand(statsSocket, 'show servers state'));
    const next = `${configFile}.next`;
    await writeFile(next, haproxyConfig({ ...base, backends }));
    const handOver = previous ? ['-x', statsSocket, '-sf', String(previous.pid)] : [];
    const started = await ServiceProcess.launch({
      service: 'haproxy',
      command: options.binary ?? '/usr/sbin/haproxy',
      args: ['-db', '-f', next, ...handOver],
      cwd: dir.path,
      // SIGTERM: HAProxy's immediate, clean stop (SIGUSR1 would wait for every WebSocket to end).
      stopSignal: 'SIGTERM',
      stopTimeoutMs: options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
      ready: async (pid) => (await servingPid(statsSocket)) === pid,
      readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
      removeOnLeftover: dir.temporary ? [dir.path] : [],
      stateDir: options.stateDir,
      logger: options.logger,
    });
    await rename(next, configFile);
    for (const backend of backends) if (!known.has(backend.name)) await markDown(statsSocket, backend.name);
    return started;
  };

  let current: ServiceProcess;
  try {
    current = await launch(options.backends);
  } catch (error) {
    await dir.remove();
    throw error;
  }
  const retired = new Set<ServiceProcess>();
  let reloading: Promise<void> = Promise.resolve();
  let stopped = false;

  const reload = (backends: readonly Backend[]): Promise<void> => {
    checkBackends(backends);
    const run = reloading.then(async () => {
      if (stopped) throw new Error('haproxy was stopped; start a new one instead of reloading it');
      const previous = current;
      previous.expectExit();
      current = await launch(backends, previous);
      retired.add(previous);
      void previous.exited().then(() => retired.delete(previous));
      options.logger?.info({ service: 'haproxy', pid: current.pid, backends: backends.length }, 'haproxy reloaded');
    });
    reloading = run.catch(() => undefined);
    return run;
  };

  const waitForBackend = async (name: string, state: 'up' | 'down', timeoutMs = 10_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    let seen: BackendState[] = [];
    while (Date.now() <= deadline) {
      seen = await backendStates(statsSocket).catch(() => seen);
      const server = seen.find((entry) => entry.name === name);
      if (server && server.up === (state === 'up')) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const summary = seen.map((entry) => `${entry.name}: ${entry.status} (${entry.checkStatus})`).join(', ');
    throw new Error(`backend ${name} was not ${state} within ${timeoutMs} ms; HAProxy saw ${summary || 'no servers'}`);
  };

  return {
    service: 'haproxy',
    host,
    port,
    url: `http://${urlHost(host)}:${port}`,
    dataDir: dir.path,
    get pid() {
      return current.pid;
    },
    statsSocket,
    backends: () => backendStates(statsSocket),
    waitForBackend,
    reload,
    stop: once(async () => {
      stopped = true;
      await reloading;
      await Promise.all([current, ...retired].map((server) => server.stop()));
      await dir.remove();
    }),
  };
}
