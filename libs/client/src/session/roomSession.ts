import type {
  ChatMessage,
  Grants,
  MediaSource,
  Method,
  PeerInfo,
  Reaction,
  RequestData,
  ResponseData,
  RoomRecording,
  RoomMode,
} from '@huddle/shared';
import type { types } from 'mediasoup-client';
import { TypedEmitter } from '../emitter.js';
import { SignalError, toError } from '../errors.js';
import type { ConsumerStats } from '../media/consumerStats.js';
import type { LinkStats } from '../media/linkStats.js';
import type { PublicationStats } from '../media/publicationStats.js';
import { loadMediasoupClient } from '../media/device.js';
import { defaultSendSettings, type SendSettings } from '../media/encodings.js';
import type { PeerMedia, PeerMediaOptions, RemoteTrack } from '../media/peerMedia.js';
import { NotificationBus, type NotificationSource } from '../signaling/notifications.js';
import type { SignalClient } from '../signaling/signalClient.js';
import { Consuming } from './consuming.js';
import { firstRemoteVideo } from './firstVideo.js';
import { startPeerMedia } from './peerMediaFor.js';
import { completeResume, fetchRestOfStage, pageThrough } from './peerPages.js';
import { Publications } from './publications.js';
import { Recovery, type RecoveryOptions } from './recovery.js';
import { Roster } from './roster.js';
import type {
  CameraOptions,
  ConnectionState,
  PermissionsPatch,
  PublicationsSnapshot,
  RemotePeer,
  RoomSessionEvents,
  SelfPeer,
} from './types.js';

export type RoomSessionOptions = RecoveryOptions & {
  /** mediasoup-client's handler, e.g. 'Chrome111' for libwebrtc in Node; default: detected from the browser. */
  handlerName?: types.BuiltinHandlerName;
  /** 'relay': media only through the TURN servers of the join reply (never directly); default 'all'. */
  iceTransportPolicy?: RTCIceTransportPolicy;
};

/**
 * A participant's session in one room, recovering by itself: after a dropped or silent socket it resumes the
 * same peer and re-syncs what it publishes with the server's account; when the server lost the peer it joins
 * again and publishes the same tracks. It is made of three parts with one job each — the connection's state
 * machine (Recovery), what we publish (Publications) and who is in the room (Roster) — plus the peer's media.
 *
 * Every server notification is available, typed from the protocol's table, on `notifications` (across sockets
 * and rejoins); this class's own events are what it derives from them. Local tracks belong to the caller: they
 * are never stopped here.
 */
export class RoomSession extends TypedEmitter<RoomSessionEvents> {
  readonly #bus = new NotificationBus();
  readonly #roster = new Roster(this.#bus);
  readonly #publications = new Publications(this.#bus);
  readonly #consuming = new Consuming({
    media: () => this.#media,
    signal: () => this.#recovery.signal,
    trackAdded: (track) => this.emit('trackAdded', track),
    error: (error) => this.emit('error', error),
  });
  readonly #recovery: Recovery;
  readonly #mediaOptions: Pick<PeerMediaOptions, 'handlerName' | 'iceTransportPolicy'>;
  #media: PeerMedia | undefined;

  constructor(options: RoomSessionOptions) {
    super();
    this.#mediaOptions = { handlerName: options.handlerName, iceTransportPolicy: options.iceTransportPolicy };
    this.#recovery = new Recovery(options, this.#bus, {
      established: (signal, joined) => this.#established(signal, joined),
      resumed: (signal, resumed) => this.#resumed(signal, resumed),
      disconnected: () => this.#publications.offline(),
      lost: () => this.#lost(),
    });
    this.#recovery.on('state', (state) => this.emit('connectionStateChanged', state));
    this.#recovery.on('retrying', (retry) => this.emit('retrying', retry));
    this.#recovery.on('error', (error) => this.emit('error', error));
    this.#recovery.on('closed', (reason, error) => {
      this.#publications.clear();
      this.emit('closed', reason, error);
    });
    this.#roster.on('peerJoined', (peer) => this.emit('peerJoined', peer));
    this.#roster.on('peerUpdated', (peer) => this.emit('peerUpdated', peer));
    this.#roster.on('selfUpdated', (self) => this.emit('selfUpdated', self));
    this.#roster.on('recordingChanged', (recording) => this.emit('recordingChanged', recording));
    this.#roster.on('audienceChanged', (viewers) => this.emit('audienceChanged', viewers));
    this.#roster.on('peerLeft', (peer) => {
      this.#closeTracks((track) => track.peerId === peer.peerId);
      this.emit('peerLeft', peer);
    });
    this.#publications.on('changed', (snapshot) => this.emit('publicationsChanged', snapshot));
    this.#publications.on('trackEnded', (source) => this.#localTrackEnded(source));
    this.#bus.on('consumerCreated', (created) => this.#consuming.created(created));
    this.#bus.on('consumerClosed', ({ consumerId }) => this.#closeTrack(this.#media?.closeConsumer(consumerId)));
    this.#bus.on('producerClosed', ({ producerId }) => this.#closeTracks((track) => track.producerId === producerId));
    this.#bus.on('consumeFailed', (failed) => this.#consuming.failed(failed));
    this.#bus.on('permissionsChanged', ({ grants }) => {
      this.#publications.grantsChanged(grants);
      // Brought on stage: a peer that joined without publishing needs a send transport now.
      if (grants.publish || grants.screen) this.#media?.enableSend();
    });
    this.#bus.on('layersWanted', ({ producerId, spatialLayer }) => {
      this.#media?.limitLayers(producerId, spatialLayer).catch((error: unknown) => this.emit('error', toError(error)));
    });
  }

  /** Every server notification, typed from the protocol's table; listening survives reconnects and rejoins. */
  get notifications(): NotificationSource {
    return this.#bus;
  }

  get state(): ConnectionState {
    return this.#recovery.state;
  }

  /** Our peer id on the server; it changes on a rejoin (see isOwnPeerId). */
  get peerId(): string | undefined {
    return this.#roster.self?.peerId;
  }

  /** Our role, raised hand and grants; undefined while we have no peer. */
  get self(): SelfPeer | undefined {
    return this.#roster.self;
  }

  /** Whether `peerId` is us: now, or before a rejoin gave us a new id (our old chat messages stay ours). */
  isOwnPeerId(peerId: string): boolean {
    return this.#roster.isOwnPeerId(peerId);
  }

  /** The other participants on the stage: everyone in a meeting; in a webinar, those who may publish. */
  get peers(): RemotePeer[] {
    return this.#roster.peers;
  }

  /** The room's recording while one runs (everyone is told: show that the meeting is recorded), else null. */
  get recording(): RoomRecording | null {
    return this.#roster.recording;
  }

  /** `webinar`: participants without `publish` or `screen` only watch (counted in `viewers`, not in `peers`). */
  get mode(): RoomMode {
    return this.#roster.mode;
  }

  /** How many viewers watch a webinar (0 in a meeting); `audienceChanged` says when it changes. */
  get viewers(): number {
    return this.#roster.viewers;
  }

  get remoteTracks(): RemoteTrack[] {
    return this.#media?.remoteTracks() ?? [];
  }

  get publications(): PublicationsSnapshot {
    return this.#publications.snapshot;
  }

  /**
   * Joins once (with a join token, when given). Resolves once in the room with media ready; in a room with a
   * lobby that is when a moderator admits us (state `lobby` meanwhile). Rejects, and the session closes with
   * 'joinFailed', if the join cannot succeed (UnsupportedBrowserError, or a SignalError with the server's code).
   */
  join(roomId: string, displayName: string, token?: string): Promise<void> {
    // mediasoup-client is not needed before the join's reply: it loads meanwhile.
    loadMediasoupClient().catch(() => undefined);
    return this.#recovery.join({ roomId, displayName, ...(token === undefined ? {} : { token }) });
  }

  /**
   * Sends `track` as `source`. Allowed from before the join until the session closes: what is published while
   * connecting or offline is produced once connected. Resolves once the server has the producer (or at once
   * while offline); a refusal (e.g. FORBIDDEN) rejects and unpublishes.
   */
  publish(
    source: MediaSource,
    track: MediaStreamTrack,
    settings: SendSettings = defaultSendSettings(source),
  ): Promise<void> {
    if (this.state === 'closed') return Promise.reject(new Error('cannot publish: the session is closed'));
    return this.#publications.publish(source, track, settings);
  }

  publishMic(track: MediaStreamTrack): Promise<void> {
    return this.publish('mic', track);
  }

  publishCamera(track: MediaStreamTrack, options: CameraOptions = {}): Promise<void> {
    return this.publish('camera', track, defaultSendSettings('camera', options.simulcast ?? true));
  }

  /** A shared screen, sharp text first (VP9 SVC or two VP8 layers), with its sound as stereo music-grade Opus. */
  async publishScreen(track: MediaStreamTrack, audioTrack?: MediaStreamTrack): Promise<void> {
    await this.publish('screen', track);
    if (audioTrack) await this.publish('screen-audio', audioTrack);
  }

  /** Stops sending a source (the track itself keeps running). */
  unpublish(source: MediaSource): Promise<void> {
    return this.#publications.unpublish(source);
  }

  /** Mutes by pausing the producer: here at once, on the server when connected (re-synced after a drop). */
  setMuted(source: MediaSource, muted: boolean): Promise<void> {
    return this.#publications.setPaused(source, muted);
  }

  /** Sends another track for a published source (a device switch) without a new producer. */
  replaceTrack(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    return this.#publications.replaceTrack(source, track);
  }

  /** Sends a chat message to everyone, or privately to one peer; resolves with it as stored by the server. */
  async sendChat(text: string, to?: string): Promise<ChatMessage> {
    const { message } = await this.#request('sendChat', { text, ...(to === undefined ? {} : { to }) });
    return message;
  }

  /** Messages we may see, oldest first: the latest `limit`, or those before `beforeSeq`. */
  chatHistory(limit: number, beforeSeq?: number): Promise<ResponseData<'getChatHistory'>> {
    return this.#request('getChatHistory', { limit, ...(beforeSeq === undefined ? {} : { beforeSeq }) });
  }

  /** Raises or lowers our hand; a moderator may lower another peer's (`peerId`). */
  async setHandRaised(raised: boolean, peerId?: string): Promise<void> {
    await this.#request('setHandRaised', { raised, ...(peerId === undefined ? {} : { peerId }) });
  }

  async sendReaction(reaction: Reaction): Promise<void> {
    await this.#request('sendReaction', { reaction });
  }

  /** A host muted `source`: ask the moderators to allow unmuting it (they get `unmuteRequested`). */
  async requestUnmute(source: MediaSource): Promise<void> {
    await this.#request('requestUnmute', { source });
  }

  /** Moderators: pause a participant's `source` (it gets `mutedByHost` and cannot unmute until allowed). */
  async muteParticipant(peerId: string, source: MediaSource): Promise<void> {
    await this.#request('muteParticipant', { peerId, source });
  }

  /** Moderators: lift a host mute (the participant gets `unmuteAllowed`). */
  async allowUnmute(peerId: string, source: MediaSource): Promise<void> {
    await this.#request('allowUnmute', { peerId, source });
  }

  /** Moderators: remove a participant (it gets `kicked` with the reason). */
  async kickParticipant(peerId: string, reason?: string): Promise<void> {
    await this.#request('kickParticipant', { peerId, ...(reason === undefined ? {} : { reason }) });
  }

  /** Moderators: let a lobby entry in, or turn it away. */
  async admitFromLobby(lobbyId: string): Promise<void> {
    await this.#request('admitFromLobby', { lobbyId });
  }

  async denyFromLobby(lobbyId: string): Promise<void> {
    await this.#request('denyFromLobby', { lobbyId });
  }

  /**
   * Records the room (needs the `record` grant, see `self.grants`); everyone then gets `recordingChanged`.
   * Refused with CONFLICT when a recording runs already, STORAGE_FULL when the server's disk is nearly full.
   */
  async startRecording(): Promise<RoomRecording> {
    return this.#request('startRecording', {});
  }

  /** Stops the room's recording (needs the `record` grant); NOT_FOUND when none runs. */
  async stopRecording(): Promise<void> {
    await this.#request('stopRecording', {});
  }

  /** Moderators: every viewer of a webinar, in join order (the server's pages, one request per 500). */
  async listViewers(): Promise<PeerInfo[]> {
    return pageThrough((data) => this.#request('listPeers', data), { viewers: true });
  }

  /** Moderators: grant or revoke `publish`, `screen`, `chat` (it gets `permissionsChanged`); resolves with its grants. */
  async setPermissions(peerId: string, grants: PermissionsPatch): Promise<Grants> {
    return (await this.#request('setPermissions', { peerId, grants })).grants;
  }

  async pauseConsumer(consumerId: string): Promise<void> {
    await this.#requireMedia().pauseConsumer(consumerId);
  }

  async resumeConsumer(consumerId: string): Promise<void> {
    await this.#requireMedia().resumeConsumer(consumerId);
  }

  /** Asks the server for a simulcast/SVC layer of a remote video (0 = lowest). */
  async setPreferredLayers(consumerId: string, spatialLayer: number, temporalLayer?: number): Promise<void> {
    await this.#requireMedia().setPreferredLayers(consumerId, spatialLayer, temporalLayer);
  }

  /** inbound-rtp statistics of every consumer. */
  getConsumerStats(): Promise<ConsumerStats[]> {
    return this.#media?.stats() ?? Promise.resolve([]);
  }

  /** Both transports' counters now (paths, bytes, losses, consumers); two of them make a `linkSample()`. */
  getLinkStats(): Promise<LinkStats | undefined> {
    return this.#media?.linkStats() ?? Promise.resolve(undefined);
  }

  /** What a published source sends and how (codec, sender encodings, outbound streams); undefined if not sent. */
  getPublicationStats(source: MediaSource): Promise<PublicationStats | undefined> {
    return this.#media?.publicationStats(source) ?? Promise.resolve(undefined);
  }

  /** Leaves the room and closes everything; the `leave` request goes out synchronously (safe on `pagehide`). */
  leave(): Promise<void> {
    return this.#recovery.leave();
  }

  async #established(signal: SignalClient, joined: ResponseData<'join'>): Promise<void> {
    this.#roster.joined(joined);
    fetchRestOfStage(signal, joined, this.#roster).catch((error: unknown) => {
      if (this.#roster.self?.peerId === joined.peerId) this.emit('error', toError(error));
    });
    const media = await startPeerMedia(signal, joined, this.#roster.self?.grants, this.#mediaOptions);
    if (this.#roster.self?.peerId !== joined.peerId) {
      media.close();
      throw new SignalError('CONNECTION_CLOSED', 'the session moved on while its media was set up');
    }
    this.#media = media;
    // A grant that came while the media was set up.
    if (this.#roster.self?.grants.publish || this.#roster.self?.grants.screen) media.enableSend();
    media.on('error', (error) => this.emit('error', error));
    this.#publications.attachNewPeer(signal, media, firstRemoteVideo(media, joined));
    await media.ready;
    if (this.#media === media) this.#syncPublications();
  }

  /** The same peer on a new socket: a full first page may not be the whole stage, so the rest comes first. */
  #resumed(signal: SignalClient, resumed: ResponseData<'resume'>): void {
    const media = this.#media;
    completeResume(signal, resumed)
      .then((complete) => {
        if (this.#media === media) this.#resync(complete);
      })
      .catch((error: unknown) => this.emit('error', toError(error)));
  }

  #resync(resumed: ResponseData<'resume'>): void {
    this.#roster.resumed(resumed);
    const media = this.#media;
    if (!media) return;
    // Producers we missed the closing of go; those we have no consumer of are asked for again.
    const producers = new Set(resumed.peers.flatMap((peer) => peer.producers.map((producer) => producer.producerId)));
    this.#closeTracks((track) => !producers.has(track.producerId));
    this.#consuming.missing(producers);
    media.restartLostIce().catch((error: unknown) => this.emit('error', toError(error)));
    this.#syncPublications(resumed.self);
  }

  #syncPublications(resumed?: ResponseData<'resume'>['self']): void {
    this.#publications.online(resumed).then(
      (failures) => {
        for (const error of failures.values()) this.emit('error', error);
      },
      (error: unknown) => this.emit('error', toError(error)),
    );
  }

  #lost(): void {
    this.#consuming.clear();
    this.#publications.detach();
    const media = this.#media;
    this.#media = undefined;
    for (const track of media?.close() ?? []) this.emit('trackRemoved', track);
    this.#roster.clear();
  }

  #localTrackEnded(source: MediaSource): void {
    // The browser's "stop sharing" ends the screen: its sound goes with it.
    if (source === 'screen' || source === 'screen-audio') {
      const sources: MediaSource[] = source === 'screen' ? ['screen-audio', 'screen'] : ['screen-audio'];
      for (const ended of sources) this.unpublish(ended).catch((error: unknown) => this.emit('error', toError(error)));
      return;
    }
    this.emit('localTrackEnded', source);
  }

  #closeTracks(match: (track: RemoteTrack) => boolean): void {
    for (const track of this.#media?.closeConsumersWhere(match) ?? []) this.emit('trackRemoved', track);
  }

  #closeTrack(track: RemoteTrack | undefined): void {
    if (track) this.emit('trackRemoved', track);
  }

  #request<M extends Method>(method: M, data: RequestData<M>): Promise<ResponseData<M>> {
    const signal = this.#recovery.signal;
    if (!signal) return Promise.reject(new SignalError('NOT_JOINED', `not in a room (the session is ${this.state})`));
    return signal.request(method, data);
  }

  #requireMedia(): PeerMedia {
    if (!this.#media) throw new SignalError('NOT_JOINED', `not in a room (the session is ${this.state})`);
    return this.#media;
  }
}
