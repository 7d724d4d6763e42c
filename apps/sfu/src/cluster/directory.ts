import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { RedisConnection } from './redisConnection.js';

const roomNodes = (room: string): string => `huddle:room:${room}:nodes`;
const roomCall = (room: string): string => `huddle:room:${room}:call`;
const nodePeers = (node: string): string => `huddle:nodepeers:${node}`;

/**
 * Where things are in the cluster: which nodes host a meeting, the meeting's call id (the same on every node, so
 * an ad hoc room's chat belongs to this call), and which node hosts a peer (where its `resume` must go). Every entry
 * expires unless its node keeps it fresh, so a dead node's entries vanish by themselves; readers also skip nodes the
 * registry no longer lists.
 */
export class Directory {
  readonly #redis: RedisConnection;
  readonly #nodeId: string;
  readonly #ttlMs: number;
  readonly #log: Logger;
  /** The meetings this node hosts and their call ids. */
  readonly #rooms = new Map<string, string>();
  readonly #peers = new Set<string>();

  constructor(redis: RedisConnection, nodeId: string, ttlMs: number, log: Logger) {
    this.#redis = redis;
    this.#nodeId = nodeId;
    this.#ttlMs = ttlMs;
    this.#log = log.child({ component: 'directory' });
  }

  /** The meeting's call id: the one its other nodes use, or a new one (`started`) if this node is the first. */
  async callId(room: string): Promise<{ callId: string; started: boolean }> {
    const fresh = randomUUID();
    const result = await this.#redis.commands.set(roomCall(room), fresh, 'PX', this.#ttlMs, 'NX');
    if (result === 'OK') return { callId: fresh, started: true };
    const existing = await this.#redis.commands.get(roomCall(room));
    return existing === null ? { callId: fresh, started: true } : { callId: existing, started: false };
  }

  async hostRoom(room: string, callId: string): Promise<void> {
    this.#rooms.set(room, callId);
    await this.#redis.commands.multi().sadd(roomNodes(room), this.#nodeId).pexpire(roomNodes(room), this.#ttlMs).exec();
  }

  /** This node no longer hosts the meeting: the nodes still hosting it remain (the last one out ends the call). */
  async leaveRoom(room: string): Promise<string[]> {
    this.#rooms.delete(room);
    const result = await this.#redis.commands
      .multi()
      .srem(roomNodes(room), this.#nodeId)
      .smembers(roomNodes(room))
      .exec();
    const members = result?.[1]?.[1];
    const remaining = Array.isArray(members) ? members.filter((node): node is string => typeof node === 'string') : [];
    return remaining;
  }

  /** The call is over on every node: the next one in this room gets a new call id. */
  async endCall(room: string): Promise<void> {
    await this.#redis.commands.del(roomCall(room), roomNodes(room));
  }

  /** The nodes that host the meeting now (as they last said). */
  async nodesOf(room: string): Promise<string[]> {
    return this.#redis.commands.smembers(roomNodes(room));
  }

  async addPeer(peerId: string): Promise<void> {
    this.#peers.add(peerId);
    await this.#redis.commands.sadd(nodePeers(this.#nodeId), peerId);
  }

  async removePeer(peerId: string): Promise<void> {
    this.#peers.delete(peerId);
    await this.#redis.commands.srem(nodePeers(this.#nodeId), peerId);
  }

  /** The node among `nodes` that hosts `peerId`, if any. */
  async nodeOfPeer(peerId: string, nodes: readonly string[]): Promise<string | undefined> {
    for (const node of nodes) {
      if ((await this.#redis.commands.sismember(nodePeers(node), peerId)) === 1) return node;
    }
    return undefined;
  }

  /** Every beat: this node's entries are written again (they expire otherwise; Redis may have restarted empty). */
  async refresh(): Promise<void> {
    try {
      const batch = this.#redis.commands.multi();
      for (const [room, callId] of this.#rooms) {
        batch.sadd(roomNodes(room), this.#nodeId).pexpire(roomNodes(room), this.#ttlMs);
        batch.set(roomCall(room), callId, 'PX', this.#ttlMs);
      }
      batch.del(nodePeers(this.#nodeId));
      if (this.#peers.size > 0) batch.sadd(nodePeers(this.#nodeId), ...this.#peers);
      batch.pexpire(nodePeers(this.#nodeId), this.#ttlMs);
      await batch.exec();
    } catch (error) {
      this.#log.debug({ err: error }, 'directory refresh failed (redis away?)');
    }
  }

  /** A dead node's entries go now rather than when they expire (its peers, its place in `rooms`' meetings). */
  async forgetNode(node: string, rooms: readonly string[]): Promise<void> {
    const batch = this.#redis.commands.multi().del(nodePeers(node));
    for (const room of rooms) batch.srem(roomNodes(room), node);
    await batch.exec().catch(() => undefined);
  }
}
