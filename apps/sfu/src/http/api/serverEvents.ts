import type { ServerEvent } from '@huddle/shared';
import type { Peer } from '../../rooms/peer.js';
import type { RoomManager } from '../../rooms/roomManager.js';

type Subscriber = (event: ServerEvent) => void;

const participant = (peer: Peer): { peerId: string; displayName: string; identity: string | null } => ({
  peerId: peer.id,
  displayName: peer.displayName,
  identity: peer.identity,
});

/** Fans the room manager's events out to every open admin event stream (one listener each, however many streams). */
export class ServerEvents {
  readonly #subscribers = new Set<Subscriber>();

  constructor(rooms: RoomManager) {
    rooms.on('roomStarted', (room) => this.#publish({ type: 'roomStarted', room: room.id }));
    rooms.on('roomEnded', (room) => this.#publish({ type: 'roomEnded', room: room.id }));
    rooms.on('participantJoined', (room, peer) =>
      this.#publish({ type: 'participantJoined', room: room.id, participant: participant(peer) }),
    );
    rooms.on('participantLeft', (room, peer) =>
      this.#publish({ type: 'participantLeft', room: room.id, participant: participant(peer) }),
    );
    rooms.on('lobbyChanged', (room) =>
      this.#publish({ type: 'lobbyChanged', room: room.id, waiting: room.lobbyList() }),
    );
  }

  subscribe(subscriber: Subscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  #publish(event: ServerEvent): void {
    for (const subscriber of this.#subscribers) subscriber(event);
  }
}
