import type { Grants, PeerInfo, ResponseData, RoomMode, RoomRecording } from '@huddle/shared';
import { TypedEmitter } from '../emitter.js';
import type { NotificationSource } from '../signaling/notifications.js';
import { RemotePeers } from './remotePeers.js';
import type { RemotePeer, SelfPeer } from './types.js';

export type RosterEvents = {
  peerJoined: [peer: RemotePeer];
  peerLeft: [peer: RemotePeer];
  peerUpdated: [peer: RemotePeer];
  selfUpdated: [self: SelfPeer];
  recordingChanged: [recording: RoomRecording | null];
  audienceChanged: [viewers: number];
};

const ALL_GRANTS: Grants = {
  publish: true,
  subscribe: true,
  screen: true,
  chat: true,
  moderate: false,
  record: false,
};

/**
 * Who is in the room: ourselves (peer id, role, raised hand, grants) and the other participants with their
 * producers, kept current from the server's notifications and replaced wholesale by every join and resume; and
 * whether the room is being recorded. It remembers every peer id this session has had: after a rejoin the id
 * changes, but our old messages stay ours.
 * Who is in the room: ourselves (peer id, role, raised hand, grants), the other participants on the stage with their
 * producers (everyone in a meeting; in a webinar, whoever may publish), and how many viewers watch — kept current
 * from the server's notifications and replaced wholesale by every join and resume. It remembers every peer id this
 * session has had: after a rejoin the id changes, but our old messages stay ours.
 */
export class Roster extends TypedEmitter<RosterEvents> {
  readonly #peers = new RemotePeers();
  readonly #ownPeerIds = new Set<string>();
  #self: SelfPeer | undefined;
  #recording: RoomRecording | null = null;
  #mode: RoomMode = 'meeting';
  #viewers = 0;

  constructor(notifications: NotificationSource) {
    super();
    notifications.on('peerJoined', ({ peer }) => {
      if (peer.peerId !== this.#self?.peerId) this.emit('peerJoined', this.#peers.add(peer));
    });
    notifications.on('peerLeft', ({ peerId }) => {
      const peer = this.#peers.remove(peerId);
      if (peer) this.emit('peerLeft', peer);
    });
    notifications.on('peerStateChanged', ({ peerId, state }) => this.#updated(this.#peers.setState(peerId, state)));
    notifications.on('peerRoleChanged', ({ peerId, role }) => {
      if (peerId === this.#self?.peerId) this.#setSelf({ ...this.#self, role });
      else this.#updated(this.#peers.setRole(peerId, role));
    });
    notifications.on('handRaisedChanged', ({ peerId, raised }) => {
      if (peerId === this.#self?.peerId) this.#setSelf({ ...this.#self, handRaised: raised });
      else this.#updated(this.#peers.setHandRaised(peerId, raised));
    });
    notifications.on('producerPaused', ({ peerId, producerId }) =>
      this.#updated(this.#peers.setProducerPaused(peerId, producerId, true)),
    );
    notifications.on('producerResumed', ({ peerId, producerId }) =>
      this.#updated(this.#peers.setProducerPaused(peerId, producerId, false)),
    );
    notifications.on('producerClosed', ({ peerId, producerId }) =>
      this.#updated(this.#peers.removeProducer(peerId, producerId)),
    );
    // The `moderate` grant is the moderator role: a promotion reaches us this way (roster frames leave us out).
    notifications.on('permissionsChanged', ({ grants }) => {
      if (this.#self) this.#setSelf({ ...this.#self, grants, role: grants.moderate ? 'moderator' : 'participant' });
    });
    notifications.on('recordingChanged', ({ recording }) => this.#setRecording(recording));
    notifications.on('audienceChanged', ({ viewers }) => this.#setViewers(viewers));
    notifications.on('consumerCreated', ({ peerId, producerId, kind, source, producerPaused }) =>
      this.#updated(this.#peers.putProducer(peerId, { producerId, kind, source, paused: producerPaused })),
    );
  }

  get self(): SelfPeer | undefined {
    return this.#self;
  }

  get peers(): RemotePeer[] {
    return this.#peers.list();
  }

  /** The room's recording while one runs (null: none, as far as we know). */
  get recording(): RoomRecording | null {
    return this.#recording;
  }

  /** `webinar`: peers without `publish` or `screen` watch, counted in `viewers` and left out of `peers`. */
  get mode(): RoomMode {
    return this.#mode;
  }

  get viewers(): number {
    return this.#viewers;
  }

  peer(peerId: string): RemotePeer | undefined {
    return this.#peers.list().find((peer) => peer.peerId === peerId);
  }

  /** Whether `peerId` is us, now or under an id we had before a rejoin. */
  isOwnPeerId(peerId: string): boolean {
    return this.#ownPeerIds.has(peerId);
  }

  /** Every peer id this session has had, the current one last. */
  get ownPeerIds(): string[] {
    return [...this.#ownPeerIds];
  }

  /** A (re)join made us a new peer. */
  joined(reply: ResponseData<'join'>): void {
    this.#ownPeerIds.add(reply.peerId);
    const grants: Grants = reply.grants ?? { ...ALL_GRANTS, moderate: reply.role === 'moderator' };
    this.#mode = reply.mode ?? 'meeting';
    this.#setSelf({ peerId: reply.peerId, role: reply.role, handRaised: false, grants });
    this.#replace(reply.peers);
    this.#setRecording(reply.recording ?? null);
    this.#setViewers(reply.viewers ?? 0);
  }

  /** A later page of the stage (the join reply holds the first one): new peers join, known ones are updated. */
  added(peers: readonly PeerInfo[]): void {
    for (const peer of peers) {
      if (peer.peerId === this.#self?.peerId) continue;
      const known = this.#peers.has(peer.peerId);
      this.emit(known ? 'peerUpdated' : 'peerJoined', this.#peers.add(peer));
    }
  }

  /** A resume kept us the same peer: take the server's list and our role and hand as the truth. */
  resumed(reply: ResponseData<'resume'>): void {
    const self = this.#self;
    if (self) this.#setSelf({ ...self, role: reply.self.role, handRaised: reply.self.handRaised });
    this.#replace(reply.peers);
    // It may have started or stopped while the socket was down.
    this.#setRecording(reply.recording ?? null);
  }

  /** The server-side peer is gone: everyone leaves (as far as we can tell). */
  clear(): void {
    this.#self = undefined;
    for (const peer of this.#peers.clear()) this.emit('peerLeft', peer);
  }

  #replace(peers: PeerInfo[]): void {
    const { joined, left, updated } = this.#peers.replace(peers.filter((peer) => peer.peerId !== this.#self?.peerId));
    for (const peer of left) this.emit('peerLeft', peer);
    for (const peer of joined) this.emit('peerJoined', peer);
    for (const peer of updated) this.emit('peerUpdated', peer);
  }

  #setViewers(viewers: number): void {
    if (viewers === this.#viewers) return;
    this.#viewers = viewers;
    this.emit('audienceChanged', viewers);
  }

  #setSelf(self: SelfPeer): void {
    this.#self = self;
    this.emit('selfUpdated', self);
  }

  #setRecording(recording: RoomRecording | null): void {
    if (recording?.recordingId === this.#recording?.recordingId) return;
    this.#recording = recording;
    this.emit('recordingChanged', recording);
  }

  #updated(peer: RemotePeer | undefined): void {
    if (peer) this.emit('peerUpdated', peer);
  }
}
