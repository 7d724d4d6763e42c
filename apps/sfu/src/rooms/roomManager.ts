import { EventEmitter } from 'node:events';
import type { Config } from '../config.js';
import { HuddleError } from '../errors.js';
import { AD_HOC_ROOM, storedPolicy, type RoomPolicy } from './admission.js';
import type { Peer } from './peer.js';
import { Room, type RoomCloseReason, type RoomDeps } from './room.js';

/** What happens to rooms, for observers (webhooks) that must never slow the media path. */
export type RoomManagerEvents = {
  roomStarted: [Room];
  roomEnded: [Room];
  participantJoined: [Room, Peer];
  participantLeft: [Room, Peer];
  lobbyChanged: [Room];
};

/**
 * Ties rooms to the same meeting on other nodes (cluster mode): the shared call id, then the link, before the
 * first join goes on. Rooms see only this.
 */
export interface RoomLinker {
  callId(roomId: string): Promise<string>;
  link(room: Room): Promise<void>;
}

/**
 * Owns the live rooms. Creation is serialized per room id, so a join race never makes two routers for
 * one room; a room leaves the map only when it emits 'close'. Bounds the rooms of this node
 * (`rooms.maxPerNode`), refuses unknown slugs unless `rooms.allowAdHoc`, and refuses every join while the
 * server drains.
 */
export class RoomManager extends EventEmitter<RoomManagerEvents> {
  readonly #rooms = new Map<string, Room>();
  readonly #creating = new Map<string, Promise<Room>>();
  readonly #deps: RoomDeps;
  readonly #config: Config['rooms'];
  #linker: RoomLinker | undefined;
  #peerBudget: number | undefined;
  #seatsHeld = 0;
  #draining = false;

  constructor(deps: RoomDeps) {
    super();
    this.#deps = deps;
    this.#config = deps.config.rooms;
  }

  get rooms(): ReadonlyMap<string, Room> {
    return this.#rooms;
  }

  get peerCount(): number {
    let count = 0;
    for (const room of this.#rooms.values()) count += room.peers.size;
    return count;
  }

  /** Cluster mode: every room made from now on is linked to the meeting on other nodes. */
  setLinker(linker: RoomLinker, peerBudget: number): void {
    this.#linker = linker;
    this.#peerBudget = peerBudget;
  }

  /**
   * Cluster mode: holds a place for a join under way on this node, refused once its peers and the joins under
   * way reach the node's budget (placement saw an old count): the client tries again and lands elsewhere.
   * Returns the function that gives the place back.
   */
  holdSeat(): () => void {
    const budget = this.#peerBudget;
    if (budget !== undefined && this.peerCount + this.#seatsHeld >= budget) {
      throw new HuddleError('SERVICE_UNAVAILABLE', `this node hosts ${budget} participants already; join again`);
    }
    this.#seatsHeld += 1;
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.#seatsHeld -= 1;
    };
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** A room's stored settings, or what an ad hoc room allows (ROOM_NOT_FOUND when ad hoc rooms are off). */
  async policy(roomId: string): Promise<RoomPolicy> {
    const live = this.#rooms.get(roomId);
    if (live && !live.closed) return live.policy();
    const stored = await this.#deps.store.rooms.get(roomId);
    if (stored) return storedPolicy(stored);
    if (!this.#config.allowAdHoc) {
      throw new HuddleError('ROOM_NOT_FOUND', `there is no room ${roomId}: ask its organizer for the link`);
    }
    return AD_HOC_ROOM;
  }

  /** SERVER_DRAINING once the server began to shut down: calls go on, nobody new comes in. */
  assertAcceptingJoins(): void {
    if (this.#draining) {
      throw new HuddleError('SERVER_DRAINING', 'this server is shutting down; join again in a moment');
    }
  }

  async getOrCreate(roomId: string): Promise<Room> {
    this.assertAcceptingJoins();
    const existing = this.#rooms.get(roomId);
    if (existing && !existing.closed) return existing;
    let pending = this.#creating.get(roomId);
    if (!pending) {
      if (this.#rooms.size + this.#creating.size >= this.#config.maxPerNode) {
        throw new HuddleError('LIMIT_REACHED', `this server runs ${this.#config.maxPerNode} calls already; try later`);
      }
      pending = this.#create(roomId);
      this.#creating.set(roomId, pending);
      const forget = (): void => {
        this.#creating.delete(roomId);
      };
      pending.then(forget, forget);
    }
    return pending;
  }

  findPeer(peerId: string): { room: Room; peer: Peer } | undefined {
    for (const room of this.#rooms.values()) {
      const peer = room.peers.get(peerId);
      if (peer) return { room, peer };
    }
    return undefined;
  }

  /** Stops taking joins (running calls go on); see main.ts for the whole drain. */
  drain(): void {
    this.#draining = true;
  }

  closeAll(reason: RoomCloseReason): void {
    for (const room of [...this.#rooms.values()]) room.close(reason);
  }

  async #create(roomId: string): Promise<Room> {
    const linker = this.#linker;
    const room = await Room.create(roomId, this.#deps, linker ? await linker.callId(roomId) : undefined);
    if (linker) {
      try {
        await linker.link(room);
      } catch (error) {
        room.close();
        throw error;
      }
    }
    return this.#adopt(roomId, room);
  }

  #adopt(roomId: string, room: Room): Room {
    this.#rooms.set(roomId, room);
    room.once('close', () => {
      if (this.#rooms.get(roomId) === room) this.#rooms.delete(roomId);
      this.emit('roomEnded', room);
    });
    room.on('peerJoined', (peer) => this.emit('participantJoined', room, peer));
    room.on('peerLeft', (peer) => this.emit('participantLeft', room, peer));
    room.on('lobbyChanged', () => this.emit('lobbyChanged', room));
    this.#deps.log.info({ room: roomId, worker: room.media.primary.worker.index }, 'room created');
    this.emit('roomStarted', room);
    return room;
  }
}
