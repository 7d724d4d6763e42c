import type { PeerInfo, PeerRole } from '@huddle/shared';
import type { LocalEvent } from './link.js';
import type { Peer } from './peer.js';
import { Roster } from './roster.js';

type RemotePeer = { info: PeerInfo; onStage: boolean; node: string };

export interface StageHost {
  members(): Iterable<Peer>;
  isWebinar(): boolean;
  /** Tells the other nodes of the room (no-op on a single node). */
  publish(event: LocalEvent): void;
}

/**
 * Who is in the meeting across the cluster, and how clients see it: the peers on the stage (this node's and other
 * nodes'), the audience of a webinar (counted), and the roster frames sent to this node's peers (Roster). Local
 * changes are also published to the other nodes; their changes come in through the `remote…` methods.
 */
export class Stage {
  readonly #host: StageHost;
  readonly #remote = new Map<string, RemotePeer>();
  readonly #remoteViewers = new Map<string, number>();
  readonly roster: Roster;

  constructor(host: StageHost) {
    this.#host = host;
    this.roster = new Roster({ members: () => host.members(), audience: () => this.audience() });
  }

  /** Everyone in a meeting; in a webinar, those who may publish or share, and moderators. */
  onStage(peer: Peer): boolean {
    return !this.#host.isWebinar() || peer.can('publish') || peer.can('screen') || peer.can('moderate');
  }

  localViewers(): number {
    let viewers = 0;
    for (const peer of this.#host.members()) if (!this.onStage(peer)) viewers += 1;
    return viewers;
  }

  audience(): number {
    let viewers = this.localViewers();
    for (const count of this.#remoteViewers.values()) viewers += count;
    return viewers;
  }

  /** Peers in the meeting on every node. */
  size(): number {
    return [...this.#host.members()].length + this.#remote.size;
  }

  remoteNodeOf(peerId: string): string | undefined {
    return this.#remote.get(peerId)?.node;
  }

  remoteInfo(peerId: string): PeerInfo | undefined {
    return this.#remote.get(peerId)?.info;
  }

  /** A page of the stage (or, `viewers`, of the audience) in join order, after peer `after`, for `viewer`. */
  list(
    viewer: Peer,
    options: { after?: string | undefined; limit: number; viewers: boolean },
  ): { peers: PeerInfo[]; hasMore: boolean } {
    const local = [...this.#host.members()]
      .filter((peer) => peer !== viewer && this.onStage(peer) !== options.viewers)
      .map((peer) => peer.info());
    const remote = [...this.#remote.values()]
      .filter((entry) => entry.onStage !== options.viewers)
      .map((entry) => entry.info);
    const all = [...local, ...remote].sort((a, b) => a.joinedAt - b.joinedAt || a.peerId.localeCompare(b.peerId));
    const start = options.after === undefined ? 0 : all.findIndex((peer) => peer.peerId === options.after) + 1;
    return { peers: all.slice(start, start + options.limit), hasMore: start + options.limit < all.length };
  }

  stageSize(except: Peer): number {
    let count = 0;
    for (const peer of this.#host.members()) if (peer !== except && this.onStage(peer)) count += 1;
    for (const entry of this.#remote.values()) if (entry.onStage) count += 1;
    return count;
  }

  // This node's peers.

  joined(peer: Peer): void {
    const onStage = this.onStage(peer);
    this.roster.snapshotTaken(peer.id);
    if (onStage) this.roster.joined(peer.info());
    this.#viewersChanged();
    this.#host.publish({ kind: 'peer.joined', peer: peer.info(), onStage });
  }

  left(peer: Peer, wasOnStage: boolean): void {
    if (wasOnStage) this.roster.left(peer.id);
    this.#viewersChanged();
    this.#host.publish({ kind: 'peer.left', peerId: peer.id });
  }

  stateChanged(peer: Peer): void {
    const state = peer.connected ? 'connected' : 'reconnecting';
    if (this.onStage(peer)) this.roster.stateChanged(peer.id, state);
    this.#host.publish({ kind: 'peer.state', peerId: peer.id, state });
  }

  roleChanged(peer: Peer): void {
    if (this.onStage(peer)) this.roster.roleChanged(peer.id, peer.role);
    this.#host.publish({ kind: 'peer.role', peerId: peer.id, role: peer.role });
  }

  /** A peer moved onto the stage or off it (its grants changed in a webinar). */
  stageChanged(peer: Peer, wasOnStage: boolean): void {
    const onStage = this.onStage(peer);
    if (onStage === wasOnStage) return;
    if (onStage) this.roster.joined(peer.info());
    else this.roster.left(peer.id);
    this.#viewersChanged();
    this.#host.publish({ kind: 'peer.stage', peer: peer.info(), onStage });
  }

  // Other nodes' peers.

  remoteJoined(node: string, info: PeerInfo, onStage: boolean): void {
    this.#remote.set(info.peerId, { info, onStage, node });
    if (onStage) this.roster.joined(info);
  }

  remoteLeft(peerId: string): void {
    const entry = this.#remote.get(peerId);
    if (!entry) return;
    this.#remote.delete(peerId);
    if (entry.onStage) this.roster.left(peerId);
  }

  remoteState(peerId: string, state: PeerInfo['state']): void {
    const entry = this.#remote.get(peerId);
    if (!entry) return;
    entry.info = { ...entry.info, state };
    if (entry.onStage) this.roster.stateChanged(peerId, state);
  }

  remoteRole(peerId: string, role: PeerRole): void {
    const entry = this.#remote.get(peerId);
    if (!entry) return;
    entry.info = { ...entry.info, role };
    if (entry.onStage) this.roster.roleChanged(peerId, role);
  }

  remoteHand(peerId: string, raised: boolean): void {
    const entry = this.#remote.get(peerId);
    if (entry) entry.info = { ...entry.info, handRaised: raised };
  }

  remoteStage(node: string, info: PeerInfo, onStage: boolean): void {
    const was = this.#remote.get(info.peerId)?.onStage ?? false;
    this.#remote.set(info.peerId, { info, onStage, node });
    if (onStage && !was) this.roster.joined(info);
    if (!onStage && was) this.roster.left(info.peerId);
  }

  remoteAudience(node: string, viewers: number): void {
    this.#remoteViewers.set(node, viewers);
    this.roster.audienceMayHaveChanged();
  }

  /** A node left the meeting (its room closed there) or the cluster (it died): its peers are gone. */
  nodeGone(node: string): void {
    for (const [peerId, entry] of [...this.#remote]) if (entry.node === node) this.remoteLeft(peerId);
    this.#remoteViewers.delete(node);
    this.roster.audienceMayHaveChanged();
  }

  close(): void {
    this.roster.close();
  }

  #viewersChanged(): void {
    this.roster.audienceMayHaveChanged();
    if (this.#host.isWebinar()) this.#host.publish({ kind: 'audience', viewers: this.localViewers() });
  }
}
