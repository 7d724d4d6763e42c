import type { Participant } from '@huddle/testkit';
import { progress } from '../../progress.js';
import { sleep } from '../../phases/window.js';
import { BenchCluster } from '../benchCluster.js';
import { addSubscribers, joinPublisher, leaveAll } from '../crowd.js';
import { startMeetingOn } from '../placement.js';
import { stepOutcome, type StepOutcome, type WindowVerdict } from '../quality.js';
import { EXPECTED_SUBSCRIBER_KBPS, measureWindow, type CapacityWindow } from './capacityWindow.js';

export type CapacityOptions = {
  nodes: number;
  /** Share of one core each node (Node process + its mediasoup worker) may use. */
  cpuQuota: number;
  /** Meetings per node: each one publisher (camera simulcast + mic) and its subscribers. */
  roomsPerNode: number;
  /** Subscribers added to every growing meeting per step. */
  stepPerRoom: number;
  /** A meeting stops growing here even if quality still holds. */
  maxPerRoom: number;
  warmUpMs: number;
  windowMs: number;
};

/**
 * Why a meeting stopped growing. node-limit: its node, at its quota, failed the criterion twice;
 * generator-limit: meetings failed on nodes with quota to spare, window after window — the load generator or the
 * machine's other work, not the nodes (every meeting stops then, and the capacity is a lower bound);
 * join-failed: subscribers could not join; max: the cap on subscribers per meeting.
 */
export type StopReason = 'node-limit' | 'generator-limit' | 'join-failed' | 'max';

export type MeetingCapacity = {
  room: string;
  node: number;
  /** The most subscribers it had in a step it passed (0: not even the first). */
  capacity: number;
  stoppedBy: StopReason;
  detail: string;
};

export type CapacityResult = {
  nodes: number;
  cpuQuota: number;
  roomsPerNode: number;
  stepPerRoom: number;
  /** The bitrate per subscriber the criterion expects (the top layer + the mic). */
  expectedKbps: number;
  /** Every meeting's capacity, summed: the subscribers the cluster serves. */
  capacity: number;
  /** A meeting stopped for another reason than its node's limit or the cap: the capacity is at least this. */
  lowerBound: boolean;
  meetings: MeetingCapacity[];
  windows: CapacityWindow[];
};

/** Pause before measuring again after a failure on nodes with quota to spare. */
const RECHECK_PAUSE_MS = 5_000;

type Meeting = {
  room: string;
  node: number;
  publisher: Participant;
  subscribers: Participant[];
  /** Subscribers in the last step it passed. */
  passed: number;
  stopped?: { by: StopReason; detail: string };
};

/**
 * `nodes` nodes, each in its own CPU quota, each hosting `roomsPerNode` meetings. Every step adds `stepPerRoom`
 * subscribers to every meeting still growing (joined through the meeting's node), warms up, then measures windows
 * until each of those meetings is decided (stepOutcome). A meeting whose node reached its limit gives back the
 * step's subscribers and stops growing while the others go on — as a load-aware balancer would send new joiners
 * elsewhere — so each node's own limit is found, not the first of n nodes to have a bad moment. The cluster's
 * capacity is the sum of its meetings'.
 */
export async function runCapacity(options: CapacityOptions): Promise<CapacityResult> {
  const label = `cap${options.nodes}`;
  const cluster = await BenchCluster.start({ nodes: options.nodes, maxPeers: 1000, cpuQuota: options.cpuQuota, label });
  const meetings: Meeting[] = [];
  const windows: CapacityWindow[] = [];
  try {
    // Round robin, so that a node never hosts more meetings than another when the next one starts on it.
    for (let round = 0; round < options.roomsPerNode; round++) {
      for (let node = 0; node < options.nodes; node++) {
        const { first, room } = await startMeetingOn(
          cluster,
          node,
          `${label}-n${node + 1}-m${round + 1}`,
          (url, name) => joinPublisher(url, name, `publisher-${name}`),
        );
        meetings.push({ room, node, publisher: first, subscribers: [], passed: 0 });
      }
    }
    for (let step = 1; ; step++) {
      const growing = meetings.filter((meeting) => !meeting.stopped);
      if (growing.length === 0) break;
      for (const meeting of growing) {
        if (meeting.subscribers.length + options.stepPerRoom > options.maxPerRoom) {
          meeting.stopped = { by: 'max', detail: `${meeting.passed} subscribers, the cap` };
        }
      }
      const joined = await grow(cluster, growing, options.stepPerRoom);
      if (joined.length === 0) continue;
      await sleep(options.warmUpMs);
      const decided = await decide(cluster, meetings, joined, { options, windows, step });
      for (const [meeting, outcome] of decided) await settle(meeting, outcome, options.stepPerRoom);
      const blamed = [...decided].find(([, outcome]) => outcome.outcome === 'generator-limit');
      if (blamed) {
        // The generator is everyone's: no meeting can be grown any further on this machine now.
        for (const meeting of meetings.filter((entry) => !entry.stopped)) {
          meeting.stopped = { by: 'generator-limit', detail: `stopped with ${blamed[0].room}` };
        }
      }
    }
  } finally {
    await leaveAll(meetings.flatMap((meeting) => meeting.subscribers));
    await leaveAll(meetings.map((meeting) => meeting.publisher));
    await cluster.stop();
  }
  const results = meetings.map((meeting): MeetingCapacity => ({
    room: meeting.room,
    node: meeting.node,
    capacity: meeting.passed,
    stoppedBy: meeting.stopped?.by ?? 'max',
    detail: meeting.stopped?.detail ?? '',
  }));
  return {
    nodes: options.nodes,
    cpuQuota: options.cpuQuota,
    roomsPerNode: options.roomsPerNode,
    stepPerRoom: options.stepPerRoom,
    expectedKbps: EXPECTED_SUBSCRIBER_KBPS,
    capacity: results.reduce((sum, meeting) => sum + meeting.capacity, 0),
    lowerBound: results.some(
      (meeting) => meeting.stoppedBy === 'generator-limit' || meeting.stoppedBy === 'join-failed',
    ),
    meetings: results,
    windows,
  };
}

/** Adds a step of subscribers to each growing meeting; a meeting whose joins fail stops. Returns the ones grown. */
async function grow(cluster: BenchCluster, growing: readonly Meeting[], count: number): Promise<Meeting[]> {
  const results = await Promise.all(
    growing
      .filter((meeting) => !meeting.stopped)
      .map(async (meeting) => {
        try {
          await addSubscribers(
            meeting.subscribers,
            cluster.node(meeting.node).url,
            meeting.room,
            meeting.publisher,
            count,
          );
          return meeting;
        } catch (error) {
          // A node at its quota may not get new subscribers going at all: that is past its capacity too.
          const detail = error instanceof Error ? error.message : String(error);
          progress('capacity.join-failed', { room: meeting.room, error: detail });
          await leaveAll(meeting.subscribers.splice(meeting.passed));
          meeting.stopped = { by: 'join-failed', detail };
          return undefined;
        }
      }),
  );
  return results.filter((meeting): meeting is Meeting => meeting !== undefined);
}

type Decided = { outcome: Exclude<StepOutcome, 'again'>; detail: string };

/** Measures windows until every meeting grown in this step is decided; each window goes into `context.windows`. */
async function decide(
  cluster: BenchCluster,
  meetings: readonly Meeting[],
  grown: readonly Meeting[],
  context: { options: CapacityOptions; windows: CapacityWindow[]; step: number },
): Promise<Map<Meeting, Decided>> {
  const verdicts = new Map<Meeting, WindowVerdict[]>(grown.map((meeting) => [meeting, []]));
  const decided = new Map<Meeting, Decided>();
  for (let window = 1; decided.size < grown.length; window++) {
    const measured = await measureWindow(cluster, meetings, grown, {
      windowMs: context.options.windowMs,
      step: context.step,
      window,
      cpuQuota: context.options.cpuQuota,
    });
    context.windows.push(measured);
    progress(window === 1 ? 'capacity.step' : 'capacity.recheck', {
      nodes: context.options.nodes,
      subscribers: measured.rooms.map((room) => room.subscribers).join('/'),
      cpu: measured.usage.nodes.map((cpu) => cpu.toFixed(1)).join('/'),
      throttled: measured.usage.throttledShare.map((share) => share.toFixed(2)).join('/'),
      loss: measured.rooms.map((room) => (room.quality.lossRate * 100).toFixed(2)).join('/'),
      kbps: measured.rooms.map((room) => room.quality.kbpsMean.toFixed(0)).join('/'),
      sent: measured.rooms.map((room) => room.publisherKbps.toFixed(0)).join('/'),
      generator: measured.usage.generator.toFixed(0),
      machine: measured.usage.machineBusyPercent.toFixed(0),
    });
    let someoneElses = false;
    for (const [index, meeting] of meetings.entries()) {
      const room = measured.rooms[index];
      const history = verdicts.get(meeting);
      if (!room || !history || decided.has(meeting)) continue;
      history.push({ failed: room.failures.length > 0, atQuota: room.atQuota });
      const outcome = stepOutcome(history);
      if (outcome === 'again') someoneElses ||= !room.atQuota;
      else decided.set(meeting, { outcome, detail: `${room.subscribers} subscribers: ${room.failures.join('; ')}` });
    }
    // A failure on a node with quota to spare is someone else's burst: give it a moment to pass first.
    if (someoneElses && decided.size < grown.length) await sleep(RECHECK_PAUSE_MS);
  }
  return decided;
}

/** A meeting that passed keeps its subscribers; one that failed gives back this step's and stops growing. */
async function settle(meeting: Meeting, decided: Decided, step: number): Promise<void> {
  if (decided.outcome === 'pass') {
    meeting.passed = meeting.subscribers.length;
    return;
  }
  await leaveAll(meeting.subscribers.splice(meeting.subscribers.length - step));
  meeting.stopped = { by: decided.outcome, detail: decided.detail };
}
