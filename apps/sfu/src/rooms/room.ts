import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { LobbyEntry, NotificationData, NotificationName, PeerInfo, PeerRole, RoomSettings } from '@huddle/shared';
import type { Config } from '../config.js';
import { HuddleError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { WorkerPool } from '../media/workerPool.js';
import { storedRoomChat, type ChatScope } from '../store/chatStore.js';
import type { Store } from '../store/store.js';
import { AD_HOC_ROOM, storedPolicy, type Admission, type RoomPolicy } from './admission.js';
import { ChatLog } from './chatLog.js';
import type { LocalEvent, RoomLink } from './link.js';
import { Lobby } from './lobby.js';
import { RoomMedia, type MediaHost } from './media/roomMedia.js';
import { Moderation, type ModerationHost } from './moderation.js';
import { Peer } from './peer.js';
import { RoomChat } from './roomChat.js';
import { Stage } from './stage.js';
import type { NotificationSink } from './types.js';

export type RoomCloseReason = NotificationData<'roomClosed'>['reason'];
type RoomEvents = { close: []; peerJoined: [Peer]; peerLeft: [Peer]; lobbyChanged: [] };

/** A joiner's signaling connection as the room sees it: where its notifications go, and whether it closed. */
export type JoiningConnection = { sink: NotificationSink; closed: AbortSignal };

export type RoomDeps = { pool: WorkerPool; config: Config; log: Logger; store: Store };

/** How a call starts: the room's stored settings (if any), its call id (shared by every node), its chat and media. */
type CallStart = {
  id: string;
  callId: string;
  settings: RoomSettings | undefined;
  chatScope: ChatScope;
  chatLog: ChatLog;
  media: RoomMedia;
};

/** Rooms close with these reasons tell their peers to join again (the meeting goes on elsewhere or soon). */
const REJOIN_REASONS: ReadonlySet<RoomCloseReason> = new Set(['workerDied', 'serverShutdown']);

function assertConnected(closed: AbortSignal): void {
  if (closed.aborted) throw new HuddleError('CONNECTION_CLOSED', 'the connection closed while joining');
}

/**
 * A meeting on this node: its peers, their lifecycle (join, the reconnect grace after a drop, leave) and the
 * room's own (it closes after staying empty for `rooms.emptyGraceMs`). Media lives in RoomMedia, moderation in
 * Moderation, chat in RoomChat, who is on the stage across the cluster in Stage; in a cluster, a RoomLink ties the
 * room to the same meeting on other nodes.
 */
export class Room extends EventEmitter<RoomEvents> implements ModerationHost {
  readonly id: string;
  /** This call's id: a new one every time the meeting starts, the same on every node it spans. */
  readonly callId: string;
  readonly startedAt = Date.now();
  readonly peers = new Map<string, Peer>();
  readonly media: RoomMedia;
  readonly moderation: Moderation;
  readonly chat: RoomChat;
  readonly lobby: Lobby;
  readonly stage: Stage;
  /** Where this call's chat is kept: the stored room's history, or (joined ad hoc) this call's own. */
  readonly chatScope: ChatScope;
  readonly #config: Config;
  readonly #log: Logger;
  readonly #reconnectTimers = new Map<Peer, NodeJS.Timeout>();
  /** Created by an admin (its chat outlives the call) rather than joined ad hoc; fixed when the call starts. */
  readonly #stored: boolean;
  /** Lobby entries waiting on other nodes of the meeting, by node. */
  readonly #remoteLobby = new Map<string, LobbyEntry[]>();
  /** The stored settings (undefined: joined ad hoc), kept current by `applySettings`. */
  #settings: RoomSettings | undefined;
  #link: RoomLink | undefined;
  /** Settles once the room closed: whether the call ended with it (on a single node, always). */
  #callOver: Promise<boolean> | undefined;
  #emptyTimer: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(call: CallStart, deps: RoomDeps) {
    super();
    this.id = call.id;
    this.callId = call.callId;
    this.#config = deps.config;
    this.#log = deps.log.child({ room: call.id });
    this.#settings = call.settings;
    this.#stored = call.settings !== undefined;
    this.media = call.media;
    this.moderation = new Moderation(this, deps.store.bans);
    this.chatScope = call.chatScope;
    this.chat = new RoomChat(call.chatLog, this, deps.config.chat);
    this.lobby = new Lobby(deps.config.lobby, () => this.lobbyChanged());
    this.stage = new Stage({
      members: () => this.members(),
      isWebinar: () => this.policy().mode === 'webinar',
      publish: (event) => this.publish(event),
    });
  }

  /** `callId`: the meeting's id when other nodes host it already; a new one otherwise. */
  static async create(id: string, deps: RoomDeps, callId: string = randomUUID()): Promise<Room> {
    const settings = await deps.store.rooms.get(id);
    const chatScope = settings ? storedRoomChat(id) : { roomSlug: id, callId };
    const chatLog = new ChatLog(chatScope, deps.store.chat);
    // The media is made last (it holds mediasoup objects); it reaches the room through this host.
    const made: { room?: Room } = {};
    const host: MediaHost = {
      id,
      members: () => made.room?.members() ?? [],
      broadcast: (name, data, except) => made.room?.broadcast(name, data, except),
      workerDied: () => made.room?.close('workerDied'),
      lastN: () => made.room?.policy().lastN ?? deps.config.rooms.lastN,
      publish: (event) => made.room?.publish(event),
    };
    const media = await RoomMedia.create(host, { ...deps, log: deps.log.child({ room: id }) });
    const room = new Room({ id, callId, settings, chatScope, chatLog, media }, deps);
    made.room = room;
    room.#scheduleEmptyClose();
    return room;
  }

  get closed(): boolean {
    return this.#closed;
  }

  get link(): RoomLink | undefined {
    return this.#link;
  }

  /** Ties the room to the same meeting on other nodes (cluster mode). */
  attachLink(link: RoomLink): void {
    this.#link = link;
  }

  /** This node began the call (on a single node, always): room webhooks are sent once per call. */
  get startedCall(): boolean {
    return this.#link?.startedCall ?? true;
  }

  /** After close: whether the call ended with this room (false while it goes on on other nodes). */
  callEnded(): Promise<boolean> {
    return this.#callOver ?? Promise.resolve(false);
  }

  publish(event: LocalEvent): void {
    if (!this.#closed) this.#link?.publish(event);
  }

  members(): IterableIterator<Peer> {
    return this.peers.values();
  }

  /** What the room allows now: its stored settings (an admin's change applies to the next join), or ad hoc's. */
  policy(): RoomPolicy {
    return this.#settings ? storedPolicy(this.#settings) : AD_HOC_ROOM;
  }

  /** An admin changed the room's stored settings. */
  applySettings(settings: RoomSettings): void {
    this.#settings = settings;
  }

  allowsChat(): boolean {
    return this.policy().chat;
  }

  onStage(peer: Peer): boolean {
    return this.stage.onStage(peer);
  }

  audience(): number {
    return this.stage.audience();
  }

  /** Whether a peer is in the meeting on this node or another (private chat, moderation). */
  hasPeer(peerId: string): boolean {
    return this.peers.has(peerId) || this.stage.remoteNodeOf(peerId) !== undefined;
  }

  /**
   * Adds a peer on the router with room to spare (spanning to another worker when needed). In a room with a
   * lobby, anyone but a moderator first waits there until admitted. Every await is followed by a check of the
   * joiner's connection: one that closed meanwhile leaves nothing behind.
   */
  async join(admission: Admission, connection: JoiningConnection): Promise<Peer> {
    this.#assertOpen();
    await this.moderation.assertNotBanned(admission.identity);
    assertConnected(connection.closed);
    if (this.policy().lobby && admission.moderator !== true) {
      await this.lobby.wait(admission, connection.sink, connection.closed);
    }
    assertConnected(connection.closed);
    const router = await this.media.placeNewPeer();
    assertConnected(connection.closed);
    this.#assertOpen();
    const capacity = this.policy().maxParticipants ?? this.#config.rooms.maxPeers;
    if (this.stage.size() >= capacity) {
      throw new HuddleError('ROOM_FULL', `room ${this.id} is full (${capacity} participants)`);
    }
    const peer = new Peer(admission, router, this.#roleFor(admission));
    this.peers.set(peer.id, peer);
    peer.once('close', () => this.#peerClosed(peer));
    this.#cancelEmptyClose();
    peer.attach(connection.sink);
    this.stage.joined(peer);
    const speaker = this.media.activeSpeaker;
    if (speaker !== undefined) peer.notify('activeSpeakerChanged', { peerId: speaker });
    this.#log.info({ peer: peer.id, router: router.id, worker: router.worker.index }, 'peer joined');
    this.emit('peerJoined', peer);
    return peer;
  }

  /** The join reply's view of the stage: its first page, how many are on it, how many watch. */
  stageFor(peer: Peer, firstPage: number): { peers: PeerInfo[]; peersTotal: number; viewers: number } {
    return {
      peers: this.stage.list(peer, { limit: firstPage, viewers: false }).peers,
      peersTotal: this.stage.stageSize(peer),
      viewers: this.stage.audience(),
    };
  }

  listPeers(
    viewer: Peer,
    options: { after?: string | undefined; limit: number; viewers: boolean },
  ): { peers: PeerInfo[]; hasMore: boolean } {
    return this.stage.list(viewer, options);
  }

  /** Everyone waiting in the meeting's lobby, on this node and on others. */
  lobbyList(): LobbyEntry[] {
    return [...this.lobby.list(), ...[...this.#remoteLobby.values()].flat()];
  }

  /** Lets someone in from the lobby (or turns them away), wherever they wait. */
  async decideLobby(lobbyId: string, admit: boolean): Promise<void> {
    if (this.lobby.list().some((entry) => entry.lobbyId === lobbyId)) {
      if (admit) this.lobby.admit(lobbyId);
      else this.lobby.deny(lobbyId);
      return;
    }
    for (const [node, entries] of this.#remoteLobby) {
      if (entries.some((entry) => entry.lobbyId === lobbyId) && this.#link) {
        await this.#link.decideLobby(node, lobbyId, admit);
        return;
      }
    }
    throw new HuddleError('NOT_FOUND', `lobby entry ${lobbyId} not found`);
  }

  remoteLobby(node: string, waiting: LobbyEntry[]): void {
    if (waiting.length === 0) this.#remoteLobby.delete(node);
    else this.#remoteLobby.set(node, waiting);
    this.#notifyLobby();
  }

  /** A node left the meeting or the cluster: its peers and lobby are gone. */
  nodeGone(node: string): void {
    this.stage.nodeGone(node);
    this.media.nodeGone(node);
    if (this.#remoteLobby.delete(node)) this.#notifyLobby();
  }

  /** Tells a moderator who waits in the lobby (after its join reply, so it can act on it). */
  sendLobbyTo(peer: Peer): void {
    const waiting = this.lobbyList();
    if (peer.can('moderate') && waiting.length > 0) peer.notify('lobbyChanged', { waiting });
  }

  /** The peer's socket dropped: keep it for the reconnect grace period, then close it. */
  disconnect(peer: Peer, sink: NotificationSink): void {
    if (!peer.detach(sink) || peer.closed) return;
    this.stage.stateChanged(peer);
    this.#startGrace(peer);
  }

  /**
   * A resumed session: the connection drives the peer from now on (one still attached to it is replaced). If the
   * new socket closed already, the peer stays disconnected and its grace period runs (or goes on running).
   */
  reconnect(peer: Peer, connection: JoiningConnection): void {
    if (peer.closed) return;
    if (connection.closed.aborted) {
      if (!peer.connected && !this.#reconnectTimers.has(peer)) this.#startGrace(peer);
      return;
    }
    this.#clearReconnectTimer(peer);
    const wasConnected = peer.connected;
    peer.attach(connection.sink);
    if (!wasConnected) this.stage.stateChanged(peer);
  }

  peerRoleChanged(peer: Peer): void {
    this.stage.roleChanged(peer);
  }

  stageChanged(peer: Peer, wasOnStage: boolean): void {
    this.stage.stageChanged(peer, wasOnStage);
  }

  /** Sends a notification to every peer of the room on this node except `except`. */
  broadcast<N extends NotificationName>(name: N, data: NotificationData<N>, except?: Peer): void {
    for (const peer of this.peers.values()) {
      if (peer !== except) peer.notify(name, data);
    }
  }

  /**
   * Idempotent. Tells the peers why (when there is a reason), closes them, then the media. An admin's close ends the
   * meeting on every node.
   */
  close(reason?: RoomCloseReason): void {
    if (this.#closed) return;
    if (reason === 'closedByAdmin') this.publish({ kind: 'closed', reason });
    this.#closed = true;
    this.#cancelEmptyClose();
    this.stage.close();
    this.lobby.closeAll();
    for (const peer of [...this.peers.values()]) {
      if (reason) peer.notify('roomClosed', { reason, rejoin: REJOIN_REASONS.has(reason) });
      peer.close();
    }
    this.media.close();
    this.#callOver = this.#link ? this.#link.close() : Promise.resolve(true);
    if (!this.#stored) {
      void this.#callOver
        .then(async (over) => {
          if (over) await this.chat.clear();
        })
        .catch((error: unknown) => this.#log.error({ err: error }, 'could not delete the call chat'));
    }
    this.#log.info({ reason: reason ?? 'empty' }, 'room closed');
    this.emit('close');
  }

  /** The lobby here changed: moderators (here and on other nodes) are told. */
  lobbyChanged(): void {
    this.publish({ kind: 'lobby', waiting: this.lobby.list() });
    this.#notifyLobby();
    if (this.lobby.size > 0) this.#cancelEmptyClose();
    else this.#scheduleEmptyClose();
    this.emit('lobbyChanged');
  }

  #notifyLobby(): void {
    const waiting = this.lobbyList();
    for (const peer of this.peers.values()) {
      if (peer.can('moderate')) peer.notify('lobbyChanged', { waiting });
    }
  }

  #peerClosed(peer: Peer): void {
    this.peers.delete(peer.id);
    this.#clearReconnectTimer(peer);
    this.emit('peerLeft', peer);
    if (this.#closed) return;
    this.stage.left(peer, this.onStage(peer));
    if (peer.role === 'moderator') this.moderation.promoteSuccessor();
    this.#scheduleEmptyClose();
  }

  #startGrace(peer: Peer): void {
    const grace = this.#config.signaling.reconnectGraceMs;
    if (grace === 0) {
      peer.close();
      return;
    }
    this.#clearReconnectTimer(peer);
    const timer = setTimeout(() => {
      this.#reconnectTimers.delete(peer);
      this.#log.info({ peer: peer.id }, 'peer did not reconnect in time; closing its transports');
      peer.close();
    }, grace);
    this.#reconnectTimers.set(peer, timer);
  }

  #assertOpen(): void {
    if (this.#closed) throw new HuddleError('SERVICE_UNAVAILABLE', `room ${this.id} is closing; join again`);
  }

  #roleFor(admission: Admission): PeerRole {
    if (admission.moderator !== 'auto') return admission.moderator ? 'moderator' : 'participant';
    const hasModerator = [...this.peers.values()].some((other) => other.role === 'moderator');
    return hasModerator ? 'participant' : 'moderator';
  }

  #clearReconnectTimer(peer: Peer): void {
    const timer = this.#reconnectTimers.get(peer);
    if (timer) clearTimeout(timer);
    this.#reconnectTimers.delete(peer);
  }

  #scheduleEmptyClose(): void {
    if (this.peers.size > 0 || this.lobby.size > 0 || this.#closed) return;
    this.#cancelEmptyClose();
    this.#emptyTimer = setTimeout(() => this.close(), this.#config.rooms.emptyGraceMs);
  }

  #cancelEmptyClose(): void {
    if (this.#emptyTimer) clearTimeout(this.#emptyTimer);
    this.#emptyTimer = undefined;
  }
}
