import type { CallSummary, LobbyEntry, NodeInfo, Participant } from '@huddle/shared';
import { HuddleError } from '../errors.js';
import { callView, participantView } from '../http/api/roomViews.js';
import type { ModerateAction } from '../rooms/link.js';
import type { Moderated } from '../rooms/moderation.js';
import type { RoomManager } from '../rooms/roomManager.js';
import type { Bus } from './bus.js';
import type { Directory } from './directory.js';
import type { Registry } from './registry.js';

export type ControlDeps = {
  nodeId: string;
  bus: Bus;
  registry: Registry;
  directory: Directory;
  rooms: RoomManager;
};

/**
 * The admin API's view of the whole cluster from any node: every node and its load, every call (merged across the
 * nodes it spans), a call's participants wherever they are hosted, and moderation or lobby decisions carried out
 * on the node that holds the participant. A node that does not answer is left out (and logged by the bus).
 */
export class ClusterControl {
  readonly nodeId: string;
  readonly #deps: ControlDeps;

  constructor(deps: ControlDeps) {
    this.nodeId = deps.nodeId;
    this.#deps = deps;
  }

  nodes(): NodeInfo[] {
    return this.#deps.registry.nodes().sort((a, b) => a.id.localeCompare(b.id));
  }

  async calls(): Promise<CallSummary[]> {
    const { rooms, bus } = this.#deps;
    const perNode = await Promise.all(
      this.#others().map(async (node) => {
        const answer = await bus.call(node, 'node.calls', {}).catch(() => ({ calls: [] }));
        return answer.calls.map((call) => ({ ...call, nodes: [node] }));
      }),
    );
    const local = [...rooms.rooms.values()].map((room) => ({ ...callView(room), nodes: [this.nodeId] }));
    const merged = new Map<string, CallSummary>();
    for (const call of [...local, ...perNode.flat()]) {
      const seen = merged.get(call.room);
      merged.set(
        call.room,
        seen
          ? {
              ...seen,
              stored: seen.stored || call.stored,
              startedAt: Math.min(seen.startedAt, call.startedAt),
              participants: seen.participants + call.participants,
              waiting: seen.waiting + call.waiting,
              nodes: [...(seen.nodes ?? []), ...(call.nodes ?? [])].sort(),
            }
          : call,
      );
    }
    return [...merged.values()].sort((a, b) => a.startedAt - b.startedAt);
  }

  async participants(slug: string): Promise<Participant[]> {
    const { rooms, bus } = this.#deps;
    const here = await Promise.all([...(rooms.rooms.get(slug)?.peers.values() ?? [])].map(participantView));
    const there = await Promise.all(
      (await this.#hosts(slug)).map(async (node) => {
        const answer = await bus.call(node, 'room.participants', { room: slug }).catch(() => ({ participants: [] }));
        return answer.participants;
      }),
    );
    return [...here, ...there.flat()].sort((a, b) => a.joinedAt - b.joinedAt);
  }

  /** A moderation action on a participant of a call this node may not host at all. */
  async moderate(slug: string, peerId: string, action: ModerateAction): Promise<Moderated> {
    const node = await this.#deps.directory.nodeOfPeer(peerId, await this.#hosts(slug));
    if (node === undefined) throw new HuddleError('NOT_FOUND', `no participant ${peerId} in room ${slug}`);
    const result = await this.#deps.bus.call(node, 'peer.moderate', { room: slug, peerId, action });
    return { id: peerId, ...result };
  }

  /** Who waits in the lobbies of the call's other nodes. */
  async lobby(slug: string): Promise<LobbyEntry[]> {
    const snapshots = await Promise.all(
      (await this.#hosts(slug)).map((node) =>
        this.#deps.bus.call(node, 'room.snapshot', { room: slug }).catch(() => ({ lobby: [] })),
      ),
    );
    return snapshots.flatMap((snapshot) => snapshot.lobby);
  }

  /** Admits or denies someone waiting on whichever node of the call holds them. */
  async decideLobby(slug: string, lobbyId: string, admit: boolean): Promise<void> {
    for (const node of await this.#hosts(slug)) {
      try {
        await this.#deps.bus.call(node, 'lobby.decide', { room: slug, lobbyId, admit });
        return;
      } catch (error) {
        if (!(error instanceof HuddleError && error.code === 'NOT_FOUND')) throw error;
      }
    }
    throw new HuddleError('NOT_FOUND', `lobby entry ${lobbyId} not found in room ${slug}`);
  }

  /** The other live nodes. */
  #others(): string[] {
    return this.#deps.registry
      .nodes()
      .map((node) => node.id)
      .filter((id) => id !== this.nodeId);
  }

  /** The other live nodes hosting the call. */
  async #hosts(slug: string): Promise<string[]> {
    const alive = new Set(this.#others());
    return (await this.#deps.directory.nodesOf(slug)).filter((node) => alive.has(node));
  }
}
