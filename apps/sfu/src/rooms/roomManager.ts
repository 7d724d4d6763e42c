import { EventEmitter } from 'node:events';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { WorkerPool } from '../media/workerPool.js';
import type { Peer } from './peer.js';
import type { Store } from '../store/store.js';
import { AD_HOC_ROOM, type RoomPolicy } from './admission.js';
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
 * Owns the live rooms. Creation is serialized per room id, so a join race never makes two routers for
 * one room; a room leaves the map only when it emits 'close'.
 */
export class RoomManager extends EventEmitter<RoomManagerEvents> {
  readonly #rooms = new Map<string, Room>();
  readonly #creating = new Map<string, Promise<Room>>();
  readonly #pool: WorkerPool;
  readonly #config: Config;
  readonly #log: Logger;
  readonly #store: Store;

  constructor(deps: RoomDeps) {
    super();
    this.#pool = deps.pool;
    this.#config = deps.config;
    this.#log = deps.log;
    this.#store = deps.store;
  }

  get rooms(): ReadonlyMap<string, Room> {
    return this.#rooms;
  }

  get peerCount(): number {
    let count = 0;
    for (const room of this.#rooms.values()) count += room.peers.size;
    return count;
  }

  /** A room's stored settings, or what an ad hoc room allows. */
  policy(roomId: string): RoomPolicy {
    return this.#store.rooms.get(roomId) ?? AD_HOC_ROOM;
  }

  async getOrCreate(roomId: string): Promise<Room> {
    const existing = this.#rooms.get(roomId);
    if (existing && !existing.closed) return existing;
    let pending = this.#creating.get(roomId);
    if (!pending) {
      pending = Room.create(roomId, {
        pool: this.#pool,
        config: this.#config,
        log: this.#log,
        store: this.#store,
      }).then((room) => {
        this.#rooms.set(roomId, room);
        room.once('close', () => {
          if (this.#rooms.get(roomId) === room) this.#rooms.delete(roomId);
          this.emit('roomEnded', room);
        });
        room.on('peerJoined', (peer) => this.emit('participantJoined', room, peer));
        room.on('peerLeft', (peer) => this.emit('participantLeft', room, peer));
        room.on('lobbyChanged', () => this.emit('lobbyChanged', room));
        this.#log.info({ room: roomId, worker: room.primary.worker.index }, 'room created');
        this.emit('roomStarted', room);
        return room;
      });
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

  closeAll(reason: RoomCloseReason): void {
    for (const room of [...this.#rooms.values()]) room.close(reason);
  }
}
