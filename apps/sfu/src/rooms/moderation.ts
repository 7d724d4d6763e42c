import type { Grants, MediaSource, NotificationData, NotificationName } from '@huddle/shared';
import { HuddleError, notFound } from '../errors.js';
import type { BanStore } from '../store/banStore.js';
import type { RoomPolicy } from './admission.js';
import type { RoomMedia } from './media/roomMedia.js';
import type { Peer } from './peer.js';

/** What moderation needs of its room. */
export interface ModerationHost {
  readonly id: string;
  readonly media: RoomMedia;
  members(): Iterable<Peer>;
  broadcast<N extends NotificationName>(name: N, data: NotificationData<N>, except?: Peer): void;
  policy(): RoomPolicy;
  onStage(peer: Peer): boolean;
  peerRoleChanged(peer: Peer): void;
  stageChanged(peer: Peer, wasOnStage: boolean): void;
}

/**
 * What moderators (in the meeting, or admins over REST) do to participants, and the rules that make it hold:
 * a host mute cannot be undone by its owner until a moderator allows it; a kick bans the token identity from
 * the room until its token expires or a moderator lifts the ban; raised hands; and the moderator role itself.
 */
export class Moderation {
  readonly #host: ModerationHost;
  readonly #bans: BanStore;

  constructor(host: ModerationHost, bans: BanStore) {
    this.#host = host;
    this.#bans = bans;
  }

  peer(peerId: string): Peer {
    for (const peer of this.#host.members()) if (peer.id === peerId) return peer;
    throw new HuddleError('NOT_FOUND', `no participant ${peerId} in room ${this.#host.id}`);
  }

  /** Refuses a joiner whose identity a moderator removed (anonymous joiners carry no identity to ban). */
  async assertNotBanned(identity: string | null): Promise<void> {
    if (identity === null || !(await this.#bans.isBanned(this.#host.id, identity))) return;
    throw new HuddleError('BANNED', 'you were removed from this room and cannot rejoin it with this invitation');
  }

  /**
   * Removes a participant: it is told why, then its session ends. A token identity stays banned until its
   * token expires (a new token would be a new invitation) or a moderator lifts the ban.
   */
  async kick(peerId: string, reason: string): Promise<Peer> {
    const peer = this.peer(peerId);
    if (peer.identity !== null && peer.tokenExpiresAt !== null) {
      await this.#bans.ban(this.#host.id, peer.identity, peer.tokenExpiresAt);
    }
    peer.notify('kicked', { reason });
    peer.close();
    return peer;
  }

  async liftBan(identity: string): Promise<void> {
    if (!(await this.#bans.lift(this.#host.id, identity))) throw notFound('ban of', identity);
  }

  /** Pauses a participant's `source` and marks it host-muted: the participant cannot resume it on its own. */
  async mute(peerId: string, source: MediaSource): Promise<Peer> {
    const peer = this.peer(peerId);
    peer.hostMuted.add(source);
    if (!(await this.#host.media.pauseSource(peer, source))) {
      peer.hostMuted.delete(source);
      throw new HuddleError('NOT_FOUND', `participant ${peerId} sends no "${source}"`);
    }
    peer.notify('mutedByHost', { source });
    return peer;
  }

  /** Lets a host-muted participant unmute `source` again (it stays paused until the participant resumes it). */
  allowUnmute(peerId: string, source: MediaSource): Peer {
    const peer = this.peer(peerId);
    if (!peer.hostMuted.delete(source)) throw new HuddleError('CONFLICT', `no host muted ${peerId}'s "${source}"`);
    peer.notify('unmuteAllowed', { source });
    return peer;
  }

  /** A host-muted participant asks the moderators present to let it unmute. */
  requestUnmute(peer: Peer, source: MediaSource): void {
    if (!peer.hostMuted.has(source)) throw new HuddleError('CONFLICT', `your "${source}" is not muted by a host`);
    for (const other of this.#host.members()) {
      if (other !== peer && other.can('moderate')) other.notify('unmuteRequested', { peerId: peer.id, source });
    }
  }

  /**
   * Raises or lowers `target`'s hand; lowering someone else's is for moderators. A viewer's hand is for the
   * moderators (who may bring it on stage) and the viewer itself; a stage peer's hand is for everyone.
   */
  setHandRaised(by: Peer, target: Peer, raised: boolean): void {
    if (target !== by && (raised || by.role !== 'moderator')) {
      throw new HuddleError('FORBIDDEN', "only a moderator can lower someone else's hand, and nobody can raise it");
    }
    target.handRaised = raised;
    const change = { peerId: target.id, raised, byPeerId: by.id };
    const everyone = this.#host.onStage(target);
    for (const member of this.#host.members()) {
      if (everyone || member === target || member.can('moderate')) member.notify('handRaisedChanged', change);
    }
  }

  /**
   * Grants or revokes `publish`, `screen` and `chat` at once. Revoking a grant closes the producers it covered; in a
   * webinar, gaining `publish` or `screen` brings a viewer onto the stage, losing both takes it off again.
   */
  async setPermissions(peerId: string, patch: Partial<Pick<Grants, 'publish' | 'screen' | 'chat'>>): Promise<Peer> {
    const peer = this.peer(peerId);
    const wasOnStage = this.#host.onStage(peer);
    const before = peer.grants;
    peer.setGrants({
      ...before,
      publish: patch.publish ?? before.publish,
      screen: patch.screen ?? before.screen,
      chat: patch.chat ?? before.chat,
      moderate: false,
    });
    const revoked: MediaSource[] = [
      ...(before.publish && !peer.can('publish') ? (['mic', 'camera'] as const) : []),
      ...(before.screen && !peer.can('screen') ? (['screen', 'screen-audio'] as const) : []),
    ];
    if (revoked.length > 0) await this.#host.media.closeSources(peer, revoked);
    peer.notify('permissionsChanged', { grants: peer.grants });
    this.#host.stageChanged(peer, wasOnStage);
    return peer;
  }

  /**
   * The moderator left: in an open room (no lock, no lobby), the anonymous participant present longest takes
   * over. Elsewhere moderation comes only from join tokens.
   */
  promoteSuccessor(): void {
    const policy = this.#host.policy();
    if (policy.locked || policy.lobby) return;
    let successor: Peer | undefined;
    for (const candidate of this.#host.members()) {
      if (candidate.role === 'moderator') return;
      if (candidate.identity !== null) continue;
      if (!successor || candidate.joinedAt < successor.joinedAt) successor = candidate;
    }
    if (!successor) return;
    successor.role = 'moderator';
    this.#host.peerRoleChanged(successor);
    successor.notify('permissionsChanged', { grants: successor.grants });
  }
}
