import { EventEmitter } from 'node:events';
import { nodeInfoSchema, type NodeInfo } from '@huddle/shared';
import type { Logger } from '../logger.js';
import { MAX_RECONNECT_DELAY_MS, type RedisConnection } from './redisConnection.js';

const NODES = 'huddle:nodes';
const nodeKey = (id: string): string => `huddle:node:${id}`;
/** A node whose record is older than this many beats is dead. */
const MISSED_BEATS = 3;

type RegistryEvents = { nodeDied: [nodeId: string]; nodeJoined: [nodeId: string] };

/**
 * The node registry: every heartbeat each node writes what it is and how loaded it is (`huddle:node:<id>`, gone
 * after 3 beats) and reads everyone else's. A node that was alive and whose record is gone is dead — but only
 * while this node has itself been connected to Redis for 3 beats — and, after Redis went away, the longest
 * reconnection wait too (after a Redis restart every record is gone at once, and the others may reconnect up to
 * that wait later than this node, then need a beat to write theirs again).
 */
export class Registry extends EventEmitter<RegistryEvents> {
  readonly #redis: RedisConnection;
  readonly #self: () => NodeInfo;
  readonly #beatMs: number;
  readonly #log: Logger;
  #alive = new Map<string, NodeInfo>();
  #timer: NodeJS.Timeout | undefined;

  constructor(redis: RedisConnection, self: () => NodeInfo, beatMs: number, log: Logger) {
    super();
    this.#redis = redis;
    this.#self = self;
    this.#beatMs = beatMs;
    this.#log = log.child({ component: 'registry' });
  }

  async start(): Promise<void> {
    await this.#beat();
    this.#timer = setInterval(() => void this.#beat(), this.#beatMs);
    this.#timer.unref();
  }

  /** The live nodes as of the last beat (this one included). */
  nodes(): NodeInfo[] {
    return [...this.#alive.values()];
  }

  node(id: string): NodeInfo | undefined {
    return this.#alive.get(id);
  }

  isAlive(id: string): boolean {
    return this.#alive.has(id);
  }

  /**
   * A joiner was just sent to `id`: count it there until that node's next record says how many it hosts, so a
   * burst of joins through this node does not overfill a node whose last record is up to a beat old.
   */
  notePlaced(id: string): void {
    const info = this.#alive.get(id);
    if (info) this.#alive.set(id, { ...info, stats: { ...info.stats, peers: info.stats.peers + 1 } });
  }

  /** Writes this node's record now (e.g. it began to drain), without waiting for the next beat. */
  async publishNow(): Promise<void> {
    await this.#write().catch((error: unknown) => this.#log.warn({ err: error }, 'could not update the node record'));
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    const id = this.#self().id;
    await Promise.allSettled([this.#redis.commands.del(nodeKey(id)), this.#redis.commands.srem(NODES, id)]);
  }

  async #write(): Promise<void> {
    const self = this.#self();
    await this.#redis.commands
      .multi()
      .set(nodeKey(self.id), JSON.stringify(self), 'PX', this.#beatMs * MISSED_BEATS)
      .sadd(NODES, self.id)
      .exec();
  }

  async #beat(): Promise<void> {
    try {
      await this.#write();
      const ids = await this.#redis.commands.smembers(NODES);
      const records = ids.length === 0 ? [] : await this.#redis.commands.mget(...ids.map(nodeKey));
      const alive = new Map<string, NodeInfo>();
      records.forEach((record, index) => {
        const id = ids[index];
        if (record === null || id === undefined) return;
        const parsed = nodeInfoSchema.safeParse(JSON.parse(record));
        if (parsed.success) alive.set(id, parsed.data);
      });
      this.#update(alive, ids);
    } catch (error) {
      this.#log.debug({ err: error }, 'heartbeat failed (redis away?)');
    }
  }

  #update(alive: Map<string, NodeInfo>, listed: readonly string[]): void {
    const skew = this.#redis.reconnected ? MAX_RECONNECT_DELAY_MS : 0;
    const settled = this.#redis.upFor >= this.#beatMs * MISSED_BEATS + skew;
    for (const id of alive.keys()) {
      if (!this.#alive.has(id) && id !== this.#self().id) this.emit('nodeJoined', id);
    }
    if (settled) {
      for (const id of this.#alive.keys()) {
        if (alive.has(id)) continue;
        this.#log.warn({ node: id }, 'node is gone (no heartbeat)');
        this.emit('nodeDied', id);
      }
      // Records gone for good: drop their names from the set (any node may; doing it twice is harmless).
      const gone = listed.filter((id) => !alive.has(id));
      if (gone.length > 0) void this.#redis.commands.srem(NODES, ...gone).catch(() => undefined);
    } else {
      // Not settled: keep believing in nodes we knew, so nobody is declared dead by a Redis restart.
      for (const [id, info] of this.#alive) if (!alive.has(id)) alive.set(id, info);
    }
    this.#alive = alive;
  }
}
