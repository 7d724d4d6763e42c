import type { NodeInfo } from '@huddle/shared';
import { describe, expect, it } from 'vitest';
import { HuddleError } from '../errors.js';
import { placeJoin } from './placement.js';

function node(
  id: string,
  peers: number,
  options: { maxPeers?: number; draining?: boolean; cpu?: number } = {},
): NodeInfo {
  return {
    id,
    url: `http://${id}`,
    address: '127.0.0.1',
    draining: options.draining ?? false,
    startedAt: 0,
    at: 0,
    stats: { cpu: options.cpu ?? 0, rooms: 0, peers, consumers: 0, maxPeers: options.maxPeers ?? 10 },
  };
}

const first = (): number => 0;

describe('placeJoin', () => {
  it('keeps a meeting on this node while it hosts it and has room', () => {
    const nodes = [node('a', 9), node('b', 0)];
    expect(placeJoin({ self: 'a', nodes, hosts: ['a', 'b'], random: first })).toBe('a');
  });

  it('sends a joiner to the least loaded host of the meeting', () => {
    const nodes = [node('a', 0), node('b', 5), node('c', 2)];
    expect(placeJoin({ self: 'a', nodes, hosts: ['b', 'c'], random: first })).toBe('c');
  });

  it('spans the meeting to another node once its hosts are at their budget', () => {
    const nodes = [node('a', 2, { maxPeers: 2 }), node('b', 1, { maxPeers: 2 }), node('c', 8)];
    expect(placeJoin({ self: 'a', nodes, hosts: ['a'], random: first })).toBe('b');
  });

  it('starts a new meeting here unless the drawn node is less loaded', () => {
    const nodes = [node('a', 3), node('b', 5), node('c', 1)];
    expect(placeJoin({ self: 'a', nodes, hosts: [], random: () => 0 })).toBe('a');
    expect(placeJoin({ self: 'a', nodes, hosts: [], random: () => 0.9 })).toBe('c');
  });

  it('never places anyone on a draining node', () => {
    const nodes = [node('a', 0, { draining: true }), node('b', 4), node('c', 6)];
    expect(placeJoin({ self: 'a', nodes, hosts: ['a'], random: first })).toBe('b');
  });

  it('says why when no node can take the joiner', () => {
    const full = [node('a', 2, { maxPeers: 2 }), node('b', 2, { maxPeers: 2 })];
    expect(refusal(() => placeJoin({ self: 'a', nodes: full, hosts: [], random: first }))).toBe('LIMIT_REACHED');
    const draining = [node('a', 0, { draining: true })];
    expect(refusal(() => placeJoin({ self: 'a', nodes: draining, hosts: [], random: first }))).toBe('SERVER_DRAINING');
  });
});

function refusal(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof HuddleError ? error.code : 'not a HuddleError';
  }
  return undefined;
}
