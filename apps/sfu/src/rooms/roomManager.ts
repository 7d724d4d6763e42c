import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { WorkerPool } from '../media/workerPool.js';
import type { Peer } from './peer.js';
import { Room, type RoomCloseReason } from './room.js';

/**
 * Owns the live rooms. Creation is serialized per room id, so a join race never makes two routers for
 * one room; a room leaves the map only when it emits 'close'.
 */
export class RoomManager {
  readonly #rooms = new Map<string, Room>();
  readonly #creating = new Map<string, Promise<Room>>();
  readonly #pool: WorkerPool;
  readonly #config: Config;
  readonly #log: Logger;

  constructor(pool: WorkerPool, config: Config, log: Logger) {
    this.#pool = pool;
    this.#config = config;
    this.#log = log;
  }

  get rooms(): ReadonlyMap<string, Room> {
    return this.#rooms;
  }

  get peerCount(): number {
    let count = 0;
    for (const room of this.#rooms.values()) count += room.peers.size;
    return count;
  }

  async getOrCreate(roomId: string): Promise<Room> {
    const existing = this.#rooms.get(roomId);
    if (existing && !existing.closed) return existing;
    let pending = this.#creating.get(roomId);
    if (!pending) {
      pending = Room.create(roomId, { pool: this.#pool, config: this.#config, log: this.#log }).then((room) => {
        this.#rooms.set(roomId, room);
        room.once('close', () => {
          if (this.#rooms.get(roomId) === room) this.#rooms.delete(roomId);
        });
        this.#log.info({ room: roomId, worker: room.primary.worker.index }, 'room created');
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
