import type { RoomEvent, RoomSnapshot } from '@huddle/shared';
import type { Logger } from '../logger.js';
import type { LocalEvent, ModerateAction, ModerateResult, RoomLink } from '../rooms/link.js';
import type { Room } from '../rooms/room.js';
import type { Bus } from './bus.js';
import type { Directory } from './directory.js';
import { RoomPipes } from './pipes.js';

export type LinkDeps = {
  bus: Bus;
  directory: Directory;
  nodeId: string;
  address: string;
  isAlive(node: string): boolean;
  /** This node made the call's id: it started the call. */
  startedCall: boolean;
  log: Logger;
};

/**
 * One meeting on this node, tied to the same meeting on the other nodes that host it: what happens here is
 * published on the room's channel, what happens there is applied here (the roster, producers piped in, chat,
 * hands, reactions, the lobby, an admin's close), and a node joining the meeting first asks every other one for
 * its state.
 */
export class ClusterRoomLink implements RoomLink {
  readonly pipes: RoomPipes;
  readonly startedCall: boolean;
  readonly #room: Room;
  readonly #deps: LinkDeps;
  readonly #log: Logger;
  #closed = false;

  constructor(room: Room, deps: LinkDeps) {
    this.#room = room;
    this.#deps = deps;
    this.startedCall = deps.startedCall;
    this.#log = deps.log.child({ component: 'link', room: room.id });
    this.pipes = new RoomPipes(room, deps.bus, deps.address, deps.log);
  }

  /** Joins the room's channel, says this node hosts it, and takes in the state of the nodes already there. */
  async start(): Promise<void> {
    const { bus, directory, nodeId } = this.#deps;
    await bus.joinRoom(this.#room.id);
    const others = (await directory.nodesOf(this.#room.id)).filter(
      (node) => node !== nodeId && this.#deps.isAlive(node),
    );
    await directory.hostRoom(this.#room.id, this.#room.callId);
    await Promise.all(
      others.map(async (node) => {
        try {
          this.#applySnapshot(node, await bus.call(node, 'room.snapshot', { room: this.#room.id }));
        } catch (error) {
          this.#log.warn({ err: error, node }, 'could not read the meeting from another node');
        }
      }),
    );
  }

  publish(event: LocalEvent): void {
    if (!this.#closed) this.#deps.bus.publishRoom({ ...event, room: this.#room.id });
  }

  moderate(node: string, peerId: string, action: ModerateAction): Promise<ModerateResult> {
    return this.#deps.bus.call(node, 'peer.moderate', { room: this.#room.id, peerId, action });
  }

  async decideLobby(node: string, lobbyId: string, admit: boolean): Promise<void> {
    await this.#deps.bus.call(node, 'lobby.decide', { room: this.#room.id, lobbyId, admit });
  }

  /** This node's part of the meeting, for a node that starts hosting it. */
  snapshot(): RoomSnapshot {
    const room = this.#room;
    const peers = [...room.members()];
    return {
      peers: peers.map((peer) => ({ peer: peer.info(), onStage: room.onStage(peer) })),
      producers: peers.flatMap((peer) =>
        [...peer.producers.values()].map((producer) => ({
          peerId: peer.id,
          producerId: producer.id,
          mediaKind: producer.kind,
          source: producer.appData.source,
          paused: producer.paused,
        })),
      ),
      lobby: room.lobby.list(),
      viewers: room.stage.localViewers(),
    };
  }

  /** An event another node published on the room's channel. */
  apply(event: RoomEvent, from: string): void {
    const room = this.#room;
    switch (event.kind) {
      case 'peer.joined':
        room.stage.remoteJoined(from, event.peer, event.onStage);
        return;
      case 'peer.left':
        room.stage.remoteLeft(event.peerId);
        return;
      case 'peer.state':
        room.stage.remoteState(event.peerId, event.state);
        return;
      case 'peer.role':
        room.stage.remoteRole(event.peerId, event.role);
        return;
      case 'peer.stage':
        room.stage.remoteStage(from, event.peer, event.onStage);
        return;
      case 'peer.hand':
        room.stage.remoteHand(event.peerId, event.raised);
        room.moderation.showHand(
          { peerId: event.peerId, raised: event.raised, byPeerId: event.byPeerId },
          event.onStage,
        );
        return;
      case 'producer.added':
        this.pipes.pull(from, event.producerId);
        return;
      case 'producer.paused':
      case 'producer.resumed':
      case 'producer.closed':
        this.#mirror(event.kind, event.producerId, from);
        return;
      case 'chat':
        room.chat.deliver(event.message);
        return;
      case 'reaction':
        for (const member of room.members()) {
          if (event.onStage || room.onStage(member))
            member.notify('reactionSent', { peerId: event.peerId, reaction: event.reaction });
        }
        return;
      case 'lobby':
        room.remoteLobby(from, event.waiting);
        return;
      case 'closed':
        room.close(event.reason);
        return;
      case 'node.left':
        this.nodeGone(from);
        return;
      case 'audience':
        room.stage.remoteAudience(from, event.viewers);
        return;
      case 'wanted':
        room.media.remoteWish(from, event.producerId, event.spatialLayer);
        return;
    }
  }

  /** A node left the meeting or the cluster. */
  nodeGone(node: string): void {
    this.pipes.nodeGone(node);
    this.#room.nodeGone(node);
  }

  /** Leaves the meeting here; true when no other live node hosts it any more (this node ended the call). */
  async close(): Promise<boolean> {
    if (this.#closed) return false;
    this.publish({ kind: 'node.left' });
    this.#closed = true;
    const { bus, directory, nodeId } = this.#deps;
    try {
      await bus.leaveRoom(this.#room.id);
      const others = (await directory.leaveRoom(this.#room.id)).filter(
        (node) => node !== nodeId && this.#deps.isAlive(node),
      );
      if (others.length > 0) return false;
      await directory.endCall(this.#room.id);
      return true;
    } catch (error) {
      // Redis away: the call's entries expire by themselves; the call counts as over if nobody else was in it.
      this.#log.warn({ err: error }, 'could not leave the meeting in the directory');
      return this.#room.stage.size() === 0;
    }
  }

  #applySnapshot(node: string, snapshot: RoomSnapshot): void {
    for (const { peer, onStage } of snapshot.peers) this.#room.stage.remoteJoined(node, peer, onStage);
    for (const producer of snapshot.producers) this.pipes.pull(node, producer.producerId);
    if (snapshot.lobby.length > 0) this.#room.remoteLobby(node, snapshot.lobby);
    if (snapshot.viewers > 0) this.#room.stage.remoteAudience(node, snapshot.viewers);
  }

  #mirror(kind: 'producer.paused' | 'producer.resumed' | 'producer.closed', producerId: string, from: string): void {
    const producer = this.#room.media.foreignFrom(from).find((candidate) => candidate.id === producerId);
    if (!producer) return;
    const done =
      kind === 'producer.closed'
        ? Promise.resolve(producer.close())
        : kind === 'producer.paused'
          ? producer.pause()
          : producer.resume();
    done.catch((error: unknown) =>
      this.#log.debug({ err: error, producer: producerId }, 'could not mirror a producer'),
    );
  }
}
