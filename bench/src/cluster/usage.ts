import { measureTree } from '../measure/treeUsage.js';
import { busyPercent, readCpuTimes } from '../network/machineLoad.js';
import type { BenchCluster } from './benchCluster.js';

/** Where the CPU went in one window, in % of one core (200 = both cores of this machine). */
export type ClusterUsage = {
  windowMs: number;
  /** Each node: its Node process and its mediasoup worker. */
  nodes: number[];
  /** Redis, PostgreSQL, HAProxy. */
  services: number;
  /** The load generator: this process (every participant's signaling and RTP) and its ffmpeg encoders. */
  generator: number;
  /** The whole machine, including what other people run on it: % of all cores. */
  machineBusyPercent: number;
  /** Each node's cgroup (with quotas): the share of CFS periods in which its quota ran out. */
  throttledShare: number[];
};

/** Measures every part of the cluster and the generator over the same window. */
export async function measureCluster(cluster: BenchCluster, windowMs: number): Promise<ClusterUsage> {
  const throttleBefore = cluster.throttling();
  const machineBefore = readCpuTimes();
  const options = { windowMs };
  const [everything, services, nodes] = await Promise.all([
    // This process and all it started: the nodes, the services, ffmpeg (and the tsx runner's esbuild, idle).
    measureTree(() => [process.pid], options),
    measureTree(() => cluster.servicePids(), options),
    Promise.all(cluster.nodePids().map((pid) => measureTree(() => [pid], options))),
  ]);
  const machineBusy = busyPercent(machineBefore, readCpuTimes());
  const throttleAfter = cluster.throttling();
  const nodeCpu = nodes.map((usage) => usage.cpuPercent);
  const servicesCpu = services.cpuPercent;
  return {
    windowMs: everything.windowMs,
    nodes: nodeCpu,
    services: servicesCpu,
    generator: Math.max(0, everything.cpuPercent - servicesCpu - nodeCpu.reduce((sum, cpu) => sum + cpu, 0)),
    machineBusyPercent: machineBusy,
    throttledShare: throttleAfter.map((after, index) => {
      const before = throttleBefore[index];
      const periods = after.periods - (before?.periods ?? 0);
      return periods > 0 ? (after.throttledPeriods - (before?.throttledPeriods ?? 0)) / periods : 0;
    }),
  };
}
