import { readdirSync, readFileSync } from 'node:fs';
import type { LocalSfu } from '@huddle/testkit';

export type Sample = {
  atSeconds: number;
  /** The SFU's Node process (control plane, signaling, room state). */
  sfuRssMb: number;
  /** Its V8 heap in use (live objects and garbage not yet collected), from its /metrics. */
  sfuHeapMb: number;
  /** Memory outside the V8 heap that JavaScript objects hold (Buffers, ArrayBuffers), from its /metrics. */
  sfuExternalMb: number;
  workersRssMb: number;
  openFds: number;
  rooms: number;
  peers: number;
  consumers: number;
  connections: number;
};

function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export async function sample(sfu: LocalSfu, startedAt: number): Promise<Sample> {
  return {
    atSeconds: Math.round((Date.now() - startedAt) / 1000),
    sfuRssMb: rssMb(sfu.pid),
    sfuHeapMb: (await sfu.metric('nodejs_heap_size_used_bytes')) / 2 ** 20,
    sfuExternalMb: (await sfu.metric('nodejs_external_memory_bytes')) / 2 ** 20,
    workersRssMb: childPids(sfu.pid).reduce((total, pid) => total + rssMb(pid), 0),
    openFds: readdirSync(`/proc/${sfu.pid}/fd`).length,
    rooms: await sfu.metric('huddle_rooms'),
    peers: await sfu.metric('huddle_peers'),
    consumers: await sfu.metric('huddle_worker_consumers'),
    connections: await sfu.metric('huddle_signaling_connections'),
  };
}

const mean = (values: number[]): number =>
  values.reduce((total, value) => total + value, 0) / Math.max(1, values.length);

/**
 * Memory growth after warm-up: the mean RSS over the last fifth of the run against the mean over the fifth right
 * after warm-up (the first fifth), in percent. Means over windows, so one GC cycle does not decide it.
 */
export function growthPercent(samples: readonly Sample[], pick: (entry: Sample) => number): number {
  const fifth = Math.max(1, Math.floor(samples.length / 5));
  const early = samples.slice(fifth, 2 * fifth).map(pick);
  const late = samples.slice(-fifth).map(pick);
  const base = mean(early);
  return base === 0 ? 0 : ((mean(late) - base) / base) * 100;
}

export function formatSample(entry: Sample): string {
  return [
    `${String(entry.atSeconds).padStart(5)} s`,
    `sfu ${entry.sfuRssMb.toFixed(1)} MB (heap ${entry.sfuHeapMb.toFixed(1)}, external ${entry.sfuExternalMb.toFixed(1)})`,
    `workers ${entry.workersRssMb.toFixed(1)} MB`,
    `fds ${entry.openFds}`,
    `rooms ${entry.rooms}`,
    `peers ${entry.peers}`,
    `consumers ${entry.consumers}`,
    `sockets ${entry.connections}`,
  ].join('  ');
}
