import { ServiceOptionError, checkPort } from '../common.js';

export type Backend = { name: string; host: string; port: number };

export type HealthCheck = {
  /** GET this path; 200 means up (`/readyz` by default). */
  path?: string;
  /** Between checks (1000 ms by default; tests use ~100–200 ms). */
  intervalMs?: number;
  /** Consecutive passes that bring a server up (2 by default). */
  rise?: number;
  /** Consecutive failures that take it down (2 by default). */
  fall?: number;
};

export type HaproxyConfig = {
  host: string;
  port: number;
  backends: readonly Backend[];
  balance: 'roundrobin' | 'leastconn';
  check: HealthCheck;
  statsSocket: string;
  /** Idle timeout of upgraded (WebSocket) connections. */
  tunnelTimeoutMs: number;
  /** How long an old process may keep serving its connections after a reload. */
  hardStopAfterMs: number;
  /** Where server states are handed from an old process to its successor (see reload()). */
  serverStateFile: string;
  /** Global maxconn: HAProxy needs about two file descriptors per connection (ulimit -n). */
  maxConnections: number;
};

export const BACKEND_NAME = 'huddle_nodes';

const SERVER_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;
const SERVER_HOST = /^[A-Za-z0-9.:-]{1,253}$/;
const CHECK_PATH = /^\/[A-Za-z0-9_.~/?=&%-]*$/;

function positive(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) throw new ServiceOptionError(`${what} must be a positive integer`);
  return value;
}

export function checkBackends(backends: readonly Backend[]): readonly Backend[] {
  const names = new Set<string>();
  for (const backend of backends) {
    if (!SERVER_NAME.test(backend.name))
      throw new ServiceOptionError(`bad backend name ${JSON.stringify(backend.name)}`);
    if (names.has(backend.name)) throw new ServiceOptionError(`backend name ${backend.name} is used twice`);
    names.add(backend.name);
    if (!SERVER_HOST.test(backend.host))
      throw new ServiceOptionError(`bad backend host ${JSON.stringify(backend.host)}`);
    checkPort(backend.port, `port of backend ${backend.name}`);
  }
  return backends;
}

const server = (backend: Backend): string =>
  `    server ${backend.name} ${backend.host.includes(':') ? `[${backend.host}]` : backend.host}:${backend.port}`;

/** How long a health check may take to be answered, whatever its interval. */
const CHECK_ANSWER_MS = 2_000;

/** haproxy.cfg: one HTTP frontend (WebSocket upgrades pass) in front of health-checked backends. */
export function haproxyConfig(config: HaproxyConfig): string {
  const path = config.check.path ?? '/readyz';
  if (!CHECK_PATH.test(path)) throw new ServiceOptionError(`bad health check path ${JSON.stringify(path)}`);
  const interval = positive(config.check.intervalMs ?? 1_000, 'check interval');
  const rise = positive(config.check.rise ?? 2, 'check rise');
  const fall = positive(config.check.fall ?? 2, 'check fall');
  const bind = config.host.includes(':') ? `[${config.host}]:${config.port}` : `${config.host}:${config.port}`;
  return [
    'global',
    '    log stdout format raw local0 info',
    `    stats socket ${config.statsSocket} mode 600 level admin expose-fd listeners`,
    '    stats timeout 30s',
    `    server-state-file ${config.serverStateFile}`,
    `    hard-stop-after ${positive(config.hardStopAfterMs, 'hard-stop-after')}ms`,
    `    maxconn ${positive(config.maxConnections, 'maxConnections')}`,
    '',
    'defaults',
    '    mode http',
    '    load-server-state-from-file global',
    '    log global',
    '    option httplog',
    '    option dontlognull',
    // X-Forwarded-For: the SFU sees the client's address, not ours.
    '    option forwardfor',
    '    timeout connect 5s',
    '    timeout client 60s',
    '    timeout server 60s',
    '    timeout http-request 10s',
    '    timeout http-keep-alive 10s',
    // After an Upgrade (signaling WebSocket) this idle timeout replaces client/server: the SFU pings every few s.
    `    timeout tunnel ${positive(config.tunnelTimeoutMs, 'tunnel timeout')}ms`,
    '    timeout client-fin 10s',
    '    timeout server-fin 10s',
    '',
    'frontend huddle',
    `    bind ${bind}`,
    `    default_backend ${BACKEND_NAME}`,
    '',
    `backend ${BACKEND_NAME}`,
    `    balance ${config.balance}`,
    // A server that died but is not marked down yet: the connection is retried on another one.
    '    retries 3',
    '    option redispatch 1',
    '    option httpchk',
    `    http-check send meth GET uri ${path} ver HTTP/1.1 hdr Host huddle-health`,
    '    http-check expect status 200',
    // A check answered slowly (a busy server) is still an answer; only a refused or failing one counts as down.
    `    timeout check ${Math.max(CHECK_ANSWER_MS, interval)}ms`,
    `    default-server check inter ${interval}ms fastinter ${interval}ms downinter ${interval}ms rise ${rise} fall ${fall}`,
    ...checkBackends(config.backends).map(server),
    '',
  ].join('\n');
}
