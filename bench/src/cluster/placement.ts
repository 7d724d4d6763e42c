import { clusterResponseSchema } from '@huddle/shared';
import { mediaDump, waitFor } from '@huddle/testkit';
import { progress } from '../progress.js';
import type { BenchCluster } from './benchCluster.js';

/** Anything that joined a meeting and can leave it. */
export type Leaver = { leave(): Promise<void> };

/** Peers node `index` hosts itself (its own media view), in `room` or, without one, in all rooms. */
export async function hostedPeers(cluster: BenchCluster, index: number, room?: string): Promise<number> {
  const { rooms } = await mediaDump(cluster.node(index));
  return rooms
    .filter((entry) => room === undefined || entry.roomId === room)
    .reduce((sum, entry) => sum + entry.peers, 0);
}

/** Node indexes hosting peers of `room`. */
export async function hostsOf(cluster: BenchCluster, room: string): Promise<number[]> {
  const counts = await Promise.all(cluster.cluster.nodes.map((_, index) => hostedPeers(cluster, index, room)));
  return counts.flatMap((count, index) => (count > 0 ? [index] : []));
}

/**
 * Waits until node `viewer` believes node `subject` hosts at least `peers` peers: what it places joiners by comes
 * from the other nodes' heartbeats, one beat behind.
 */
export async function waitForView(
  cluster: BenchCluster,
  viewer: number,
  subject: number,
  peers: number,
): Promise<void> {
  const subjectId = cluster.cluster.nodeId(subject);
  let seen = -1;
  await waitFor(
    async () => {
      const view = clusterResponseSchema.parse(await cluster.node(viewer).admin.get('/cluster'));
      seen = view.nodes.find((node) => node.id === subjectId)?.stats.peers ?? -1;
      return seen >= peers;
    },
    {
      timeoutMs: 15_000,
      intervalMs: 200,
      description: `${cluster.cluster.nodeId(viewer)} to see ${peers} peers on ${subjectId}`,
      describe: () => `it sees ${seen}`,
    },
  );
}

const ATTEMPTS = 5;

/**
 * Starts a new meeting on node `index`, which must host no more peers than any other node. A new meeting goes by
 * two choices between the node joined and one other node, the less loaded winning (CPU breaks a tie in peers),
 * so a join through node `index`'s URL may land on an equally loaded node. That participant then stays until
 * node `index` sees it in that node's heartbeat (so that node is now more loaded) and the next attempt, in a
 * meeting of another name, tries again: with n nodes at most n − 1 attempts miss. The misplaced ones leave at the
 * end. Resolves with the first participant and the meeting's name.
 */
export async function startMeetingOn<T extends Leaver>(
  cluster: BenchCluster,
  index: number,
  room: string,
  join: (url: string, room: string) => Promise<T>,
): Promise<{ first: T; room: string }> {
  const misplaced: Leaver[] = [];
  try {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const name = attempt === 1 ? room : `${room}-${attempt}`;
      const first = await join(cluster.node(index).url, name);
      const hosts = await hostsOf(cluster, name);
      if (hosts.length === 1 && hosts[0] === index) return { first, room: name };
      misplaced.push(first);
      const [elsewhere] = hosts;
      if (elsewhere === undefined) throw new Error(`${name}: no node hosts the first participant`);
      progress('placement.retry', {
        room: name,
        wanted: cluster.cluster.nodeId(index),
        got: cluster.cluster.nodeId(elsewhere),
      });
      await waitForView(cluster, index, elsewhere, await hostedPeers(cluster, elsewhere));
    }
    throw new Error(`could not start a meeting on ${cluster.cluster.nodeId(index)} in ${ATTEMPTS} attempts`);
  } finally {
    await Promise.all(misplaced.map((participant) => participant.leave()));
  }
}

/** Checks that `room` has exactly `expected[i]` peers on node i; throws with what it found otherwise. */
export async function expectPlacement(cluster: BenchCluster, room: string, expected: readonly number[]): Promise<void> {
  const found = await Promise.all(expected.map((_, index) => hostedPeers(cluster, index, room)));
  if (found.some((count, index) => count !== expected[index])) {
    throw new Error(`${room}: peers per node ${found.join('/')}, expected ${expected.join('/')}`);
  }
}
