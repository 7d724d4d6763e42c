import { HuddleError } from '../errors.js';
import { callView, participantView } from '../http/api/roomViews.js';
import type { RoomManager } from '../rooms/roomManager.js';
import type { Room } from '../rooms/room.js';
import type { Bus } from './bus.js';
import type { ClusterRoomLink } from './roomLink.js';

export type CallHosts = {
  rooms: RoomManager;
  link(room: string): ClusterRoomLink | undefined;
};

/** The calls other nodes make on this one, answered from its rooms (parameters arrive validated). */
export function serveCalls(bus: Bus, { rooms, link }: CallHosts): void {
  const room = (id: string): Room => {
    const found = rooms.rooms.get(id);
    if (!found) throw new HuddleError('NOT_FOUND', `room ${id} has no call on node ${bus.nodeId}`);
    return found;
  };
  const linked = (id: string): ClusterRoomLink => {
    const found = link(id);
    if (!found) throw new HuddleError('NOT_FOUND', `room ${id} has no call on node ${bus.nodeId}`);
    return found;
  };
  bus.handle('room.snapshot', async ({ room: id }) => {
    // A node that left the meeting meanwhile has nothing in it.
    return link(id)?.snapshot() ?? { peers: [], producers: [], lobby: [], viewers: 0 };
  });
  bus.handle('pipe.connect', (params, from) => linked(params.room).pipes.connect(from, params));
  bus.handle('pipe.consume', (params) => linked(params.room).pipes.consume(params));
  bus.handle('peer.moderate', async ({ room: id, peerId, action }) => {
    const moderated = await room(id).moderation.apply(peerId, action);
    return { identity: moderated.identity, grants: moderated.grants };
  });
  bus.handle('lobby.decide', async ({ room: id, lobbyId, admit }) => {
    const here = room(id);
    if (!here.lobby.list().some((entry) => entry.lobbyId === lobbyId)) {
      throw new HuddleError('NOT_FOUND', `lobby entry ${lobbyId} is not on node ${bus.nodeId}`);
    }
    await here.decideLobby(lobbyId, admit);
    return {};
  });
  bus.handle('node.calls', async () => ({ calls: [...rooms.rooms.values()].map(callView) }));
  bus.handle('room.participants', async ({ room: id }) => ({
    participants: await Promise.all([...(rooms.rooms.get(id)?.peers.values() ?? [])].map(participantView)),
  }));
}
