import { randomBytes } from 'node:crypto';
import {
  startHaproxy,
  startPostgres,
  startRedis,
  type HealthCheck,
  type RunningHaproxy,
  type RunningPostgres,
  type RunningRedis,
  type ServiceLogger,
} from '@huddle/services';
import { startSfu, type LocalSfu } from '../sfu/startSfu.js';

export type LocalClusterOptions = {
  /** How many Huddle nodes (default 3). */
  nodes?: number;
  /** The balancer's port; nodes get the next ones (`npm run cluster`: 3000, nodes 3001…). Default: free ports. */
  basePort?: number;
  /** mediasoup workers per node (default 1). */
  workers?: number;
  /** Seconds between node heartbeats (default 0.5: a dead node is noticed within 1.5 s). */
  heartbeatSeconds?: number;
  /** Peers each node hosts at most (`HUDDLE_NODE_MAX_PEERS`), one value for all or one per node. */
  maxPeers?: number | readonly number[];
  /** Persistent dirs for Redis and PostgreSQL data (`<dir>/redis`, `<dir>/postgres`); default: temporary ones. */
  dataDir?: string;
  /** Extra environment for every node. */
  env?: Record<string, string>;
  /** How long each node may take to answer `/healthz` (default 20 000 ms, as `startSfu`); longer on a busy machine. */
  startTimeoutMs?: number;
  /** The balancer's health check of `/readyz` (default every 200 ms, rise 1, fall 1). */
  check?: HealthCheck;
  /** Where the services say what they do. */
  logger?: ServiceLogger;
  /** Called with each node's output lines (e.g. to print them prefixed). */
  onOutput?: (node: string, line: string) => void;
};

export type LocalCluster = {
  /** http://127.0.0.1:<basePort>: HAProxy in front of every node. */
  readonly url: string;
  readonly wsUrl: string;
  readonly redis: RunningRedis;
  readonly postgres: RunningPostgres;
  readonly balancer: RunningHaproxy;
  /** The running nodes by index (a killed or stopped one is undefined until started again). */
  readonly nodes: ReadonlyArray<LocalSfu | undefined>;
  /** `node-1` … */
  nodeId(index: number): string;
  /** The running node at `index` (throws if it is not running). */
  node(index: number): LocalSfu;
  /** Starts (again) the node at `index` with its id and ports. */
  startNode(index: number): Promise<LocalSfu>;
  /** kill -9 of the node process (its workers die with it). */
  kill(index: number): Promise<void>;
  /** SIGTERM: the node drains (its peers move to the other nodes) and exits; resolves when it has. */
  drain(index: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
};

/** Each node's RTC ports for its routers' own transports (pipes, plain transports) never overlap another's. */
const RTC_RANGE_BASE = 20_000;
const RTC_RANGE_SIZE = 1_000;

/**
 * A Huddle cluster on this machine: Redis, PostgreSQL (as its own OS user when we are root) and HAProxy started
 * from Debian's packages, and `nodes` Huddle nodes sharing them, every node behind the balancer. Used by the
 * cluster suites and by `npm run cluster`.
 */
export async function startLocalCluster(options: LocalClusterOptions = {}): Promise<LocalCluster> {
  const count = options.nodes ?? 3;
  if (!Number.isInteger(count) || count < 1 || count > 9) throw new Error(`nodes must be 1 to 9, got ${count}`);
  const logger = options.logger;
  const redis = await startRedis({
    ...(logger ? { logger } : {}),
    ...(options.dataDir ? { dataDir: `${options.dataDir}/redis` } : {}),
  });
  const postgres = await startPostgres({
    fsync: options.dataDir !== undefined,
    ...(logger ? { logger } : {}),
    ...(options.dataDir ? { dataDir: `${options.dataDir}/postgres` } : {}),
  }).catch(async (error: unknown) => {
    await redis.stop();
    throw error;
  });
  const adminPassword = options.env?.HUDDLE_ADMIN_PASSWORD ?? randomBytes(18).toString('base64url');
  const nodes: Array<LocalSfu | undefined> = new Array<LocalSfu | undefined>(count).fill(undefined);
  const ports: number[] = [];
  const nodeId = (index: number): string => `node-${index + 1}`;
  const maxPeers = (index: number): number | undefined =>
    typeof options.maxPeers === 'number' ? options.maxPeers : options.maxPeers?.[index];

  const startNode = async (index: number): Promise<LocalSfu> => {
    const rtcMin = RTC_RANGE_BASE + index * RTC_RANGE_SIZE;
    const limit = maxPeers(index);
    const port = ports[index];
    const node = await startSfu({
      workers: options.workers ?? 1,
      admin: { username: 'admin', password: adminPassword },
      ...(port !== undefined ? { port } : {}),
      ...(options.startTimeoutMs !== undefined ? { startTimeoutMs: options.startTimeoutMs } : {}),
      env: {
        HUDDLE_REDIS_URL: redis.url,
        HUDDLE_DATABASE_URL: postgres.url,
        HUDDLE_NODE_ID: nodeId(index),
        HUDDLE_NODE_ADDRESS: '127.0.0.1',
        HUDDLE_CLUSTER_HEARTBEAT_SECONDS: String(options.heartbeatSeconds ?? 0.5),
        HUDDLE_RTC_MIN_PORT: String(rtcMin),
        HUDDLE_RTC_MAX_PORT: String(rtcMin + RTC_RANGE_SIZE - 1),
        HUDDLE_TRUST_PROXY: '1',
        ...(limit !== undefined ? { HUDDLE_NODE_MAX_PEERS: String(limit) } : {}),
        ...options.env,
      },
    });
    ports[index] = node.ports.http;
    nodes[index] = node;
    const onOutput = options.onOutput;
    if (onOutput) node.watchOutput((line) => onOutput(nodeId(index), line));
    node.child.once('exit', () => {
      if (nodes[index] === node) nodes[index] = undefined;
    });
    return node;
  };

  let balancer: RunningHaproxy | undefined;
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(nodes.map((node) => node?.stop()));
    await Promise.allSettled([balancer?.stop(), postgres.stop(), redis.stop()]);
  };
  try {
    if (options.basePort !== undefined)
      for (let index = 0; index < count; index += 1) ports[index] = options.basePort + 1 + index;
    // One at a time: the first node creates the schema, the others find it.
    for (let index = 0; index < count; index += 1) await startNode(index);
    balancer = await startHaproxy({
      ...(options.basePort !== undefined ? { port: options.basePort } : {}),
      ...(logger ? { logger } : {}),
      balance: 'leastconn',
      check: options.check ?? { intervalMs: 200, rise: 1, fall: 1 },
      backends: ports.map((port, index) => ({ name: nodeId(index), host: '127.0.0.1', port })),
    });
    const proxy = balancer;
    await Promise.all(ports.map((_, index) => proxy.waitForBackend(nodeId(index), 'up', 20_000)));
  } catch (error) {
    await stopAll();
    throw error;
  }
  const proxy = balancer;
  const running = (index: number): LocalSfu => {
    const node = nodes[index];
    if (!node) throw new Error(`${nodeId(index)} is not running`);
    return node;
  };
  const exited = (node: LocalSfu, timeoutMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      if (node.child.exitCode !== null || node.child.signalCode !== null) {
        resolve();
        return;
      }
      const timer = setTimeout(() => reject(new Error(`the node did not exit within ${timeoutMs} ms`)), timeoutMs);
      node.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  return {
    url: proxy.url,
    wsUrl: `${proxy.url.replace(/^http/, 'ws')}/ws`,
    redis,
    postgres,
    balancer: proxy,
    nodes,
    nodeId,
    node: running,
    async startNode(index) {
      const node = await startNode(index);
      await proxy.waitForBackend(nodeId(index), 'up', 20_000);
      return node;
    },
    async kill(index) {
      const node = running(index);
      process.kill(node.pid, 'SIGKILL');
      await exited(node, 5_000);
      await node.stop();
    },
    async drain(index, timeoutMs = 30_000) {
      const node = running(index);
      node.child.kill('SIGTERM');
      await exited(node, timeoutMs);
      await node.stop();
    },
    stop: stopAll,
  };
}
