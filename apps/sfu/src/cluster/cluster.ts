import { hostname } from 'node:os';
import { methods, type NodeInfo, type RoomEvent } from '@huddle/shared';
import type { Config } from '../config.js';
import { HuddleError } from '../errors.js';
import type { Logger } from '../logger.js';
import { firstLanAddress } from '../media/listenAddresses.js';
import type { WorkerPool } from '../media/workerPool.js';
import type { Room } from '../rooms/room.js';
import type { RoomLinker, RoomManager } from '../rooms/roomManager.js';
import type { ConnectionDeps, RelayClient, RelayUplink, SessionRouter } from '../signaling/connection.js';
import { Bus } from './bus.js';
import { ClusterControl } from './clusterControl.js';
import { Directory } from './directory.js';
import { NodeStats } from './nodeStats.js';
import { placeJoin } from './placement.js';
import { RedisConnection } from './redisConnection.js';
import { Registry } from './registry.js';
import { Relay } from './relay.js';
import { ClusterRoomLink } from './roomLink.js';
import { serveCalls } from './rpcHandlers.js';

const CONNECT_TIMEOUT_MS = 10_000;

export type ClusterDeps = {
  config: Config;
  log: Logger;
  pool: WorkerPool;
  rooms: RoomManager;
  /** What a session relayed to this node is served with (the signaling server's own dependencies). */
  connection: () => ConnectionDeps;
};

/** This node's name, its address for cross-node media, and the URL it serves HTTP on. */
function identity(config: Config): { id: string; address: string; url: string } {
  const { http, cluster, media } = config;
  const id = cluster.nodeId ?? `${hostname()}-${http.port}`.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64);
  const fixed =
    media.listenIp !== 'auto' && media.listenIp !== '0.0.0.0' && media.listenIp !== '::' ? media.listenIp : undefined;
  const address = cluster.address ?? fixed ?? firstLanAddress() ?? '127.0.0.1';
  const host = http.host === '0.0.0.0' || http.host === '::' ? address : http.host;
  return { id, address, url: `http://${host}:${http.port}` };
}

/**
 * This node as part of a cluster: its Redis connections, the node registry (heartbeat with its load), the room
 * directory, the bus between nodes, the signaling relay, and a link per meeting it hosts. It decides where each
 * join is served (SessionRouter), ties every room it makes to the same meeting elsewhere (RoomLinker), and hands
 * its meetings over to the other nodes when it drains.
 */
export class Cluster implements RoomLinker, SessionRouter {
  readonly nodeId: string;
  readonly control: ClusterControl;
  readonly #deps: ClusterDeps;
  readonly #log: Logger;
  readonly #redis: RedisConnection;
  readonly #bus: Bus;
  readonly #registry: Registry;
  readonly #directory: Directory;
  readonly #relay: Relay;
  readonly #stats: NodeStats;
  readonly #address: string;
  readonly #url: string;
  readonly #startedAt = Date.now();
  readonly #links = new Map<string, ClusterRoomLink>();
  /** Rooms whose call id this node made (it started the call), until their link is made. */
  readonly #startedHere = new Set<string>();
  #beat: NodeJS.Timeout | undefined;
  #draining = false;

  private constructor(deps: ClusterDeps, redisUrl: string) {
    const { config, log } = deps;
    const { id, address, url } = identity(config);
    this.nodeId = id;
    this.#address = address;
    this.#url = url;
    this.#deps = deps;
    this.#log = log.child({ node: id });
    const beatMs = config.cluster.heartbeatSeconds * 1000;
    this.#redis = new RedisConnection(redisUrl, this.#log);
    this.#bus = new Bus(
      id,
      this.#redis,
      {
        roomEvent: (event, from) => this.#roomEvent(event, from),
        relay: (message) => this.#relay.receive(message),
      },
      this.#log,
    );
    this.#stats = new NodeStats(deps.pool, deps.rooms, config.cluster.maxPeers, this.#log);
    this.#registry = new Registry(this.#redis, () => this.#info(), beatMs, this.#log);
    this.#directory = new Directory(this.#redis, id, beatMs * 3, this.#log);
    this.#relay = new Relay(this.#bus, deps.connection, this.#log);
    this.control = new ClusterControl({
      nodeId: id,
      bus: this.#bus,
      registry: this.#registry,
      directory: this.#directory,
      rooms: deps.rooms,
    });
  }

  /** Connects to Redis (failing with a clear message if it cannot in 10 s), registers, and starts beating. */
  static async start(deps: ClusterDeps): Promise<Cluster> {
    const url = deps.config.cluster.redisUrl;
    if (url === undefined) throw new Error('cluster mode needs cluster.redisUrl (HUDDLE_REDIS_URL)');
    const cluster = new Cluster(deps, url);
    await cluster.#start(url);
    return cluster;
  }

  get info(): NodeInfo {
    return this.#info();
  }

  /** Redis is reachable (`/readyz` depends on it in a cluster; `/healthz` never does). */
  get ready(): boolean {
    return this.#redis.ready;
  }

  // RoomLinker

  async callId(roomId: string): Promise<string> {
    const { callId, started } = await this.#directory.callId(roomId);
    if (started) this.#startedHere.add(roomId);
    else this.#startedHere.delete(roomId);
    return callId;
  }

  async link(room: Room): Promise<void> {
    const link = new ClusterRoomLink(room, {
      bus: this.#bus,
      directory: this.#directory,
      nodeId: this.nodeId,
      address: this.#address,
      isAlive: (node) => this.#registry.isAlive(node),
      startedCall: this.#startedHere.delete(room.id),
      log: this.#log,
    });
    this.#links.set(room.id, link);
    room.attachLink(link);
    room.once('close', () => {
      if (this.#links.get(room.id) === link) this.#links.delete(room.id);
    });
    room.on('peerJoined', (peer) => void this.#directory.addPeer(peer.id).catch(() => undefined));
    room.on('peerLeft', (peer) => void this.#directory.removePeer(peer.id).catch(() => undefined));
    await link.start();
  }

  // SessionRouter

  async route(method: 'join' | 'resume', data: unknown): Promise<string | undefined> {
    if (method === 'resume') {
      const request = methods.resume.request.safeParse(data);
      if (!request.success || this.#deps.rooms.findPeer(request.data.peerId)) return undefined;
      const others = this.#registry
        .nodes()
        .filter((node) => node.id !== this.nodeId)
        .map((node) => node.id);
      return this.#directory.nodeOfPeer(request.data.peerId, others).catch(() => undefined);
    }
    const request = methods.join.request.safeParse(data);
    // An invalid join is answered here (with what is wrong with it).
    if (!request.success) return undefined;
    if (!this.#redis.ready) {
      if (this.#draining) throw new HuddleError('SERVER_DRAINING', 'this server is shutting down; join again');
      // Without Redis this node cannot know where the meeting is: it serves the join itself (calls go on).
      return undefined;
    }
    const hosts = await this.#directory.nodesOf(request.data.roomId);
    const nodes = this.#registry.nodes().map((node) => (node.id === this.nodeId ? this.#info() : node));
    const target = placeJoin({ self: this.nodeId, nodes, hosts, random: Math.random });
    if (target === this.nodeId) return undefined;
    this.#registry.notePlaced(target);
    return target;
  }

  relay(node: string, client: RelayClient, first: string, address: string): RelayUplink {
    return this.#relay.open(node, client, first, address);
  }

  /**
   * Drain: this node says it is draining (no node places anyone here any more, and `/readyz` turns 503 so the
   * balancer stops sending), waits two beats for everyone to hear it, then closes its meetings with
   * `roomClosed {reason: 'serverShutdown', rejoin: true}`: each client joins the same meeting again at once and
   * lands on another node. Sessions this node only relays are closed last (their clients reconnect and resume
   * where they are hosted).
   */
  async handOff(): Promise<void> {
    this.#draining = true;
    await this.#registry.publishNow();
    const rooms = this.#deps.rooms;
    this.#log.info(
      { calls: rooms.rooms.size, peers: rooms.peerCount },
      'draining: moving this node’s peers to other nodes',
    );
    await new Promise((resolve) => setTimeout(resolve, this.#deps.config.cluster.heartbeatSeconds * 2000));
    rooms.closeAll('serverShutdown');
  }

  /** Sessions relayed through this node end (their clients reconnect elsewhere). */
  closeRelays(): void {
    this.#relay.close();
  }

  get relayedSessions(): number {
    const { relayedIn, relayedOut } = this.#relay.sessions;
    return relayedIn + relayedOut;
  }

  async close(): Promise<void> {
    clearInterval(this.#beat);
    this.#relay.close();
    for (const link of this.#links.values()) await link.close();
    await this.#registry.close();
    this.#bus.close();
    this.#redis.close();
  }

  async #start(url: string): Promise<void> {
    const timeout = new Promise<never>((_, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`could not reach Redis at ${redact(url)} within ${CONNECT_TIMEOUT_MS / 1000} s`)),
        CONNECT_TIMEOUT_MS,
      );
      timer.unref();
    });
    try {
      await Promise.race([this.#redis.connect(), timeout]);
      await this.#bus.start();
    } catch (error) {
      this.#redis.close();
      throw error;
    }
    serveCalls(this.#bus, {
      rooms: this.#deps.rooms,
      link: (room) => this.#links.get(room),
    });
    this.#registry.on('nodeDied', (node) => this.#nodeDied(node));
    await this.#stats.sample();
    await this.#registry.start();
    this.#beat = setInterval(() => {
      void this.#stats.sample();
      void this.#directory.refresh();
    }, this.#deps.config.cluster.heartbeatSeconds * 1000);
    this.#beat.unref();
    this.#log.info({ address: this.#address, url: this.#url }, 'joined the cluster');
  }

  #info(): NodeInfo {
    return {
      id: this.nodeId,
      url: this.#url,
      address: this.#address,
      draining: this.#draining || this.#deps.rooms.draining,
      startedAt: this.#startedAt,
      at: Date.now(),
      stats: this.#stats.current(),
    };
  }

  #roomEvent(event: RoomEvent, from: string): void {
    this.#links.get(event.room)?.apply(event, from);
  }

  #nodeDied(node: string): void {
    for (const link of this.#links.values()) link.nodeGone(node);
    this.#relay.nodeGone(node);
    void this.#directory.forgetNode(node, [...this.#links.keys()]);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
