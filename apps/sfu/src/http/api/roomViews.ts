import type { CallSummary, Participant, RoomResponse, RoomSettings } from '@huddle/shared';
import type { Peer } from '../../rooms/peer.js';
import type { Room } from '../../rooms/room.js';
import type { RoomManager } from '../../rooms/roomManager.js';

/** A stored room with what is happening in it now. */
export function roomView(settings: RoomSettings, rooms: RoomManager): RoomResponse {
  const live = rooms.rooms.get(settings.slug);
  return {
    ...settings,
    live: { active: live !== undefined, participants: live?.peers.size ?? 0, waiting: live?.lobby.size ?? 0 },
  };
}

/** A participant and its producers, with each producer's current bitrate from its RTP stats. */
export async function participantView(peer: Peer): Promise<Participant> {
  const producers = await Promise.all(
    [...peer.producers.values()].map(async (producer) => {
      const stats = await producer.getStats().catch(() => []);
      return {
        producerId: producer.id,
        kind: producer.kind,
        source: producer.appData.source,
        paused: producer.paused,
        bitrate: stats.reduce((total, entry) => total + (entry.bitrate ?? 0), 0),
        scores: producer.score.map((entry) => entry.score),
      };
    }),
  );
  return {
    peerId: peer.id,
    displayName: peer.displayName,
    identity: peer.identity,
    role: peer.role,
    state: peer.connected ? 'connected' : 'reconnecting',
    joinedAt: peer.joinedAt,
    producers,
  };
}

/** A running call on this node. */
export function callView(room: Room): CallSummary {
  return {
    room: room.id,
    stored: room.policy().stored,
    startedAt: room.startedAt,
    participants: room.peers.size,
    waiting: room.lobby.size,
  };
}
