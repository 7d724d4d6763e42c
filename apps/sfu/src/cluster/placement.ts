import type { NodeInfo } from '@huddle/shared';
import { HuddleError } from '../errors.js';

export type PlacementInput = {
  self: string;
  /** The live nodes (this one with its current numbers). */
  nodes: readonly NodeInfo[];
  /** The nodes hosting the meeting now. */
  hosts: readonly string[];
  /** 0 ≤ random < 1, for the second of the two choices. */
  random: () => number;
};

/** How loaded a node is, 0 (idle) to 1 (at its peer budget); CPU breaks ties. */
function load(node: NodeInfo): number {
  return node.stats.peers / node.stats.maxPeers + node.stats.cpu / 1000;
}

/** How much less loaded another node must be to start a new meeting there rather than here (no relay needed). */
const SELF_PREFERENCE = 0.1;

const hasRoom = (node: NodeInfo): boolean => !node.draining && node.stats.peers < node.stats.maxPeers;

function leastLoaded(nodes: readonly NodeInfo[]): NodeInfo | undefined {
  let best: NodeInfo | undefined;
  for (const node of nodes) if (!best || load(node) < load(best)) best = node;
  return best;
}

/**
 * Which node a joiner is placed on. A meeting stays on the nodes already hosting it while one of them has room
 * (this node first, else the least loaded host); past their budgets it spans to another node. A new meeting
 * goes by two choices: this node (no relay needed) against one other node drawn at random, which wins only if it
 * is clearly less loaded (by 10 % of its budget). Draining nodes and nodes at their peer budget get nobody.
 */
export function placeJoin({ self, nodes, hosts, random }: PlacementInput): string {
  const open = nodes.filter(hasRoom);
  const best = leastLoaded(open);
  if (!best) {
    const draining = nodes.find((node) => node.id === self)?.draining ?? false;
    throw draining
      ? new HuddleError('SERVER_DRAINING', 'this server is shutting down and no other node has room; try again')
      : new HuddleError('LIMIT_REACHED', 'every node of the cluster is at its participant limit; try later');
  }
  const openHosts = open.filter((node) => hosts.includes(node.id));
  if (openHosts.some((node) => node.id === self)) return self;
  const host = leastLoaded(openHosts);
  if (host) return host.id;
  const here = open.find((node) => node.id === self);
  if (!here) return best.id;
  const others = open.filter((node) => node.id !== self);
  const drawn = others[Math.floor(random() * others.length)];
  return drawn && load(drawn) + SELF_PREFERENCE < load(here) ? drawn.id : here.id;
}
