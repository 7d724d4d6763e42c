import type { CapacityResult } from './capacity/capacityPhase.js';
import type { HopResult } from './hop/hopPhase.js';
import type { Criterion } from './quality.js';

/** Everything `npm run bench:cluster` measured: bench/results/cluster.json. */
export type ClusterBenchResults = {
  startedAt: string;
  durationSeconds: number;
  quick: boolean;
  machine: { cpuModel: string; cores: number; memoryGb: number; kernel: string; node: string };
  settings: {
    heartbeatSeconds: number;
    warmUpSeconds: number;
    windowSeconds: number;
    capacity: { cpuQuota: number; roomsPerNode: number; stepPerRoom: number; maxPerRoom: number; criterion: Criterion };
  };
  hop?: HopResult;
  capacity?: CapacityResult[];
  /** Phases that failed, with why (the others ran). */
  errors: string[];
};

/** Capacity with n nodes over capacity with one (null when either is unknown or zero). */
export function scalingRatio(runs: readonly CapacityResult[], nodes: number): number | null {
  const one = runs.find((run) => run.nodes === 1)?.capacity;
  const many = runs.find((run) => run.nodes === nodes)?.capacity;
  return one && many !== undefined ? many / one : null;
}
