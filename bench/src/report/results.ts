import type { JoinSpeedResult } from '../phases/joinSpeed.js';
import type { KneeResult } from '../phases/knee.js';
import type { SignalingResult } from '../phases/signalingLatency.js';
import type { WindowResult } from '../phases/window.js';

export type SfuSeries = {
  name: string;
  /** Receivers negotiate bare RTP (no extensions, RTX or feedback) on both SFUs. */
  forwarding: WindowResult[];
  knee: KneeResult;
  /** One step with receivers that negotiate what browsers do. */
  browserLike: WindowResult[];
};

/** Everything one benchmark run measured (written as results.json). */
export type BenchResults = {
  startedAt: string;
  durationSeconds: number;
  machine: { cpuModel: string; cores: number; memoryGb: number; kernel: string; node: string };
  settings: { stream: string; forwardingSteps: number[]; windowSeconds: number; kneeQuota: number };
  huddle: SfuSeries;
  janus: SfuSeries;
  scaling: { quotaPerWorker: number; oneWorker: KneeResult; twoWorkers: KneeResult };
  joinSpeed: JoinSpeedResult;
  signaling: SignalingResult;
};

/** Audio + video streams forwarded per core (100 % CPU) at one step. */
export function streamsPerCore(step: WindowResult): number {
  return step.cpuPercent <= 0 ? Number.POSITIVE_INFINITY : (step.receivers * 2) / (step.cpuPercent / 100);
}

/** Receivers the knee allows per full core (all the run's quota groups together). */
export function kneePerCore(knee: KneeResult): number | null {
  return knee.kneeReceivers === null ? null : knee.kneeReceivers / (knee.cpuQuota * knee.groups);
}
