import type { Grants, MediaSource, NotificationData, NotificationName } from '@huddle/shared';
import { HuddleError, notFound } from '../errors.js';
import type { BanStore } from '../store/banStore.js';
import type { RoomPolicy } from './admission.js';
import type { LocalEvent, ModerateAction, RoomLink } from './link.js';
import type { RoomMedia } from './media/roomMedia.js';
import type { Peer } from './peer.js';
import type { Stage } from './stage.js';

/** What moderation needs of its room. */
export interface ModerationHost {
  readonly id: string;
  readonly media: RoomMedia;
  readonly stage: Stage;
  readonly link: RoomLink | undefined;
  members(): Iterable<Peer>;
  broadcast<N extends NotificationName>(name: N, data: NotificationData<N>, except?: Peer): void;
  policy(): RoomPolicy;
  onStage(peer: Peer): boolean;
  peerRoleChanged(peer: Peer): void;
  stageChanged(peer: Peer, wasOnStage: boolean): void;
  publish(event: LocalEvent): void;
}

/** A moderated participant as the audit log and REST replies name it (it may be hosted on another node). */
export type Moderated = { id: string; identity: string | null; grants: Grants };

export type PermissionsPatch = Partial<Pick<Grants, 'publish' | 'screen' | 'chat'>>;

const moderated = (peer: Peer): Moderated => ({ id: peer.id, identity: peer.identity, grants: peer.grants });

/**
 * What moderators (in the meeting, or admins over REST) do to participants, and the rules that make it hold:
 * a host mute cannot be undone by its owner until a moderator allows it; a kick bans the token identity from
 * the room until its token expires or a moderator lifts the ban; raised hands; live permissions; the moderator
 * role itself. An action on a participant another node hosts is carried out there (`RoomLink.moderate`).
 */
export class Moderation {
  readonly #host: ModerationHost;
  readonly #bans: BanStore;

  constructor(host: ModerationHost, bans: BanStore) {
    this.#host = host;
    this.#bans = bans;
  }

  /** A participant this node hosts. */
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
  kick(peerId: string, reason: string): Promise<Moderated> {
    return this.#route(peerId, { type: 'kick', reason });
  }

  /** Any moderation action, carried out on the node hosting the participant. */
  act(peerId: string, action: ModerateAction): Promise<Moderated> {
    return this.#route(peerId, action);
  }

  async liftBan(identity: string): Promise<void> {
    if (!(await this.#bans.lift(this.#host.id, identity))) throw notFound('ban of', identity);
  }

  /** Pauses a participant's `source` and marks it host-muted: the participant cannot resume it on its own. */
  mute(peerId: string, source: MediaSource): Promise<Moderated> {
    return this.#route(peerId, { type: 'mute', source });
  }

  /** Lets a host-muted participant unmute `source` again (it stays paused until the participant resumes it). */
  allowUnmute(peerId: string, source: MediaSource): Promise<Moderated> {
    return this.#route(peerId, { type: 'allowUnmute', source });
  }

  /**
   * Grants or revokes `publish`, `screen` and `chat` at once. Revoking a grant closes the producers it covered; in a
   * webinar, gaining `publish` or `screen` brings a viewer onto the stage, losing both takes it off again.
   */
  setPermissions(peerId: string, grants: PermissionsPatch): Promise<Moderated> {
    return this.#route(peerId, { type: 'permissions', grants });
  }

  /** A host-muted participant asks the moderators present to let it unmute. */
  requestUnmute(peer: Peer, source: MediaSource): void {
    if (!peer.hostMuted.has(source)) throw new HuddleError('CONFLICT', `your "${source}" is not muted by a host`);
    for (const other of this.#host.members()) {
      if (other !== peer && other.can('moderate')) other.notify('unmuteRequested', { peerId: peer.id, source });
    }
  }

  /**
   * Raises or lowers `targetId`'s hand; lowering someone else's is for moderators. A viewer's hand is for the
   * moderators (who may bring it on stage) and the viewer itself; a stage peer's hand is for everyone.
   */
  async setHandRaised(by: Peer, targetId: string, raised: boolean): Promise<void> {
    if (targetId !== by.id && (raised || by.role !== 'moderator')) {
      throw new HuddleError('FORBIDDEN', "only a moderator can lower someone else's hand, and nobody can raise it");
    }
    if (targetId === by.id) this.#setHand(by, raised, by.id);
    else await this.#route(targetId, { type: 'lowerHand', byPeerId: by.id });
  }

  /** Shows a hand change (made here or on another node) to whom it concerns on this node. */
  showHand(change: { peerId: string; raised: boolean; byPeerId: string }, targetOnStage: boolean): void {
    for (const member of this.#host.members()) {
      if (targetOnStage || member.id === change.peerId || member.can('moderate')) {
        member.notify('handRaisedChanged', change);
      }
    }
  }

  /** Carries out an action on a participant this node hosts (asked here, or by another node). */
  async apply(peerId: string, action: ModerateAction): Promise<Moderated> {
    const peer = this.peer(peerId);
    switch (action.type) {
      case 'kick':
        if (peer.identity !== null && peer.tokenExpiresAt !== null) {
          await this.#bans.ban(this.#host.id, peer.identity, peer.tokenExpiresAt);
        }
        peer.notify('kicked', { reason: action.reason });
        peer.close();
        break;
      case 'mute':
        peer.hostMuted.add(action.source);
        if (!(await this.#host.media.pauseSource(peer, action.source))) {
          peer.hostMuted.delete(action.source);
          throw new HuddleError('NOT_FOUND', `participant ${peerId} sends no "${action.source}"`);
        }
        peer.notify('mutedByHost', { source: action.source });
        break;
      case 'allowUnmute':
        if (!peer.hostMuted.delete(action.source)) {
          throw new HuddleError('CONFLICT', `no host muted ${peerId}'s "${action.source}"`);
        }
        peer.notify('unmuteAllowed', { source: action.source });
        break;
      case 'permissions':
        await this.#applyPermissions(peer, action.grants);
        break;
      case 'lowerHand':
        this.#setHand(peer, false, action.byPeerId);
        break;
    }
    return moderated(peer);
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

  async #route(peerId: string, action: ModerateAction): Promise<Moderated> {
    if ([...this.#host.members()].some((peer) => peer.id === peerId)) return this.apply(peerId, action);
    const node = this.#host.stage.remoteNodeOf(peerId);
    const link = this.#host.link;
    if (node === undefined || !link)
      throw new HuddleError('NOT_FOUND', `no participant ${peerId} in room ${this.#host.id}`);
    const result = await link.moderate(node, peerId, action);
    return { id: peerId, ...result };
  }

  #setHand(peer: Peer, raised: boolean, byPeerId: string): void {
    peer.handRaised = raised;
    const onStage = this.#host.onStage(peer);
    const change = { peerId: peer.id, raised, byPeerId };
    this.showHand(change, onStage);
    this.#host.publish({ kind: 'peer.hand', ...change, onStage });
  }

  async #applyPermissions(peer: Peer, patch: PermissionsPatch): Promise<void> {
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
  }
}
