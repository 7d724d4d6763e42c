import type { Peer } from '../rooms/peer.js';
import type { RoomManager } from '../rooms/roomManager.js';
import type { WebhookSender } from './webhookSender.js';

const participant = (peer: Peer): { peerId: string; displayName: string; identity: string | null } => ({
  peerId: peer.id,
  displayName: peer.displayName,
  identity: peer.identity,
});

/** Turns room lifecycle events into webhook deliveries (which never block the caller). */
export function sendRoomWebhooks(rooms: RoomManager, sender: WebhookSender): void {
  // In a cluster a call spans nodes: the node that started it says so, the last one to leave it says it ended.
  rooms.on('roomStarted', (room) => {
    if (room.startedCall) sender.send('room.started', { room: { slug: room.id } });
  });
  rooms.on('roomEnded', (room) => {
    void room.callEnded().then((ended) => {
      if (ended) sender.send('room.ended', { room: { slug: room.id } });
    });
  });
  rooms.on('participantJoined', (room, peer) =>
    sender.send('participant.joined', { room: { slug: room.id }, participant: participant(peer) }),
  );
  rooms.on('participantLeft', (room, peer) =>
    sender.send('participant.left', { room: { slug: room.id }, participant: participant(peer) }),
  );
}
