import { fileURLToPath } from 'node:url';
import { startLocalCluster, type LocalCluster, type LocalSfu } from '@huddle/testkit';
import { CpuQuotaGroup, type Throttling } from '../measure/cpuQuota.js';
import { ProcessRecord } from '../processRecord.js';
import { progress } from '../progress.js';
import { onTeardown } from '../teardown.js';
import { BENCH_LIMITS_ENV } from '../huddle/benchLimits.js';

/** The nodes this harness started, so that a run killed outright is cleaned by the next one. */
export const CLUSTER_BENCH_PROCESSES = new ProcessRecord(
  fileURLToPath(new URL('../../../.huddle/bench-cluster-processes.json', import.meta.url)),
);

export type BenchClusterOptions = {
  nodes: number;
  /** Peers each node hosts at most (`HUDDLE_NODE_MAX_PEERS`), one value for all or one per node. */
  maxPeers: number | readonly number[];
  /** Each node (its Node process and its mediasoup worker) in its own cgroup with this share of one core. */
  cpuQuota?: number;
  /** Names the cgroups (`huddle-bench-<pid>-<label>-node<i>`). */
  label: string;
};

/**
 * Settings of every node: the production heartbeat (2 s, not the test kit's 0.5 s), rooms as big as the bench
 * needs, a room closed soon after its last peer left, logs at error only (their writing would cost CPU too).
 */
const NODE_ENV = {
  HUDDLE_LOG_LEVEL: 'error',
  ...BENCH_LIMITS_ENV,
  HUDDLE_ROOM_EMPTY_GRACE_MS: '500',
};
export const HEARTBEAT_SECONDS = 2;

/**
 * A node gets 60 s to answer /healthz (the test kit's default is 20 s: on this machine, busy with other people's
 * work, a node's start has taken longer), and a cluster that still does not come up is started again.
 */
const NODE_START_TIMEOUT_MS = 60_000;
const START_ATTEMPTS = 2;

async function startWithRetries(options: BenchClusterOptions): Promise<LocalCluster> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startLocalCluster({
        nodes: options.nodes,
        maxPeers: options.maxPeers,
        heartbeatSeconds: HEARTBEAT_SECONDS,
        env: NODE_ENV,
        startTimeoutMs: NODE_START_TIMEOUT_MS,
      });
    } catch (error) {
      if (attempt >= START_ATTEMPTS) throw error;
      progress('cluster.start-failed', { label: options.label, attempt, error: String(error).split('\n')[0] });
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
}

/**
 * A local cluster (Redis, PostgreSQL, HAProxy and `nodes` Huddle nodes, one mediasoup worker each) for the bench:
 * optionally each node in its own CPU quota, stopped by teardown on failure or Ctrl+C.
 */
export class BenchCluster {
  readonly cluster: LocalCluster;
  readonly #groups: CpuQuotaGroup[];
  readonly #forgetTeardown: () => void;

  private constructor(cluster: LocalCluster, groups: CpuQuotaGroup[], forgetTeardown: () => void) {
    this.cluster = cluster;
    this.#groups = groups;
    this.#forgetTeardown = forgetTeardown;
  }

  static async start(options: BenchClusterOptions): Promise<BenchCluster> {
    const started = Date.now();
    const groups: CpuQuotaGroup[] = [];
    let cluster: LocalCluster | undefined;
    const stop = async (): Promise<void> => {
      await cluster?.stop();
      for (const group of groups) group.remove();
      CLUSTER_BENCH_PROCESSES.clear();
    };
    const forgetTeardown = onTeardown(`cluster ${options.label}`, stop);
    try {
      cluster = await startWithRetries(options);
      const nodes = cluster.nodes.filter((node): node is LocalSfu => node !== undefined);
      CLUSTER_BENCH_PROCESSES.add(nodes.map((node) => node.pid));
      if (options.cpuQuota !== undefined) {
        for (const [index, node] of nodes.entries()) {
          const group = CpuQuotaGroup.create(options.cpuQuota, `${options.label}-node${index + 1}`);
          groups.push(group);
          group.addProcessTree(node.pid);
        }
      }
    } catch (error) {
      await stop();
      forgetTeardown();
      throw error;
    }
    progress('cluster.started', {
      label: options.label,
      nodes: options.nodes,
      quota: options.cpuQuota,
      seconds: ((Date.now() - started) / 1000).toFixed(1),
    });
    return new BenchCluster(cluster, groups, forgetTeardown);
  }

  get size(): number {
    return this.cluster.nodes.length;
  }

  node(index: number): LocalSfu {
    return this.cluster.node(index);
  }

  /** Each node's root pid (its worker is its child): measure each with its descendants. */
  nodePids(): number[] {
    return this.cluster.nodes.flatMap((node) => (node ? [node.pid] : []));
  }

  /** Redis, PostgreSQL (its backends are its children) and HAProxy. */
  servicePids(): number[] {
    const { redis, postgres, balancer } = this.cluster;
    return [redis.pid, postgres.pid, balancer.pid];
  }

  /** Each node's cgroup counters, in node order (empty without quotas). */
  throttling(): Throttling[] {
    return this.#groups.map((group) => group.throttling());
  }

  /** Stops the nodes and the services and removes the cgroups; idempotent. */
  async stop(): Promise<void> {
    await this.cluster.stop();
    for (const group of this.#groups) group.remove();
    CLUSTER_BENCH_PROCESSES.clear();
    this.#forgetTeardown();
  }
}
