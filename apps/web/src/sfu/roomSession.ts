import {
  PROTOCOL_VERSION,
  type ChatMessage,
  type MediaSource,
  type NotificationData,
  type PeerInfo,
  type PeerRole,
  type Reaction,
  type RoomRecording,
} from '@huddle/shared';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
import { TypedEmitter } from './emitter.js';
import { PeerMedia } from './peerMedia.js';
import { publication, type Publication } from './publishing.js';
import { RemotePeers } from './remotePeers.js';
import { SignalClient, type SignalClientOptions } from './signalClient.js';
import { isSignalError, SignalError, toError } from './signalError.js';
import type {
  CameraOptions,
  ChatHistory,
  CloseReason,
  ConnectionState,
  ConsumerStats,
  RemotePeer,
  RecordingStatus,
  RemoteTrack,
  RoomSessionEvents,
  SelfPeer,
} from './types.js';

export type RoomSessionOptions = {
  /** The signaling WebSocket URL; see signalingUrl(). */
  url: string;
  /** Request timeout and reconnect backoff of the signaling client. */
  signaling?: Omit<SignalClientOptions, 'url'>;
};

/** Rejoining after the server lost our peer: a few attempts, backing off, then give up. */
const REJOIN_BACKOFF: BackoffOptions = { initialDelayMs: 500, maxDelayMs: 10_000 };
const REJOIN_ATTEMPTS = 8;

type ProducerRef = NotificationData<'producerPaused'>;
type Self = SelfPeer & { resumeToken: string };

/**
 * A participant's session in one room. It owns the signaling client and the peer's media (PeerMedia), keeps the
 * other participants and their tracks, and recovers on its own: after a socket drop it resumes the same peer and
 * restarts ICE; when the server lost the peer (room closed with `rejoin`, or resume refused) it joins again as
 * a new peer and publishes the same local tracks. Local tracks belong to the caller: they are never stopped here.
 */
export class RoomSession extends TypedEmitter<RoomSessionEvents> {
  readonly #options: RoomSessionOptions;
  readonly #peers = new RemotePeers();
  readonly #publications = new Map<MediaSource, Publication>();
  #state: ConnectionState = 'new';
  #room: { roomId: string; displayName: string; token?: string } | undefined;
  #self: Self | undefined;
  #signal: SignalClient | undefined;
  #media: PeerMedia | undefined;
  #unsubscribe: Array<() => void> = [];
  #recording: RecordingStatus = { recording: null, canRecord: false };
  /** Bumped by every rejoin and by leave(), so a superseded rejoin loop knows to stop. */
  #generation = 0;

  constructor(options: RoomSessionOptions) {
    super();
    this.#options = options;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Our peer id on the server; it changes on a rejoin. */
  get peerId(): string | undefined {
    return this.#self?.peerId;
  }

  /** Our role and raised hand; undefined until joined. */
  get self(): SelfPeer | undefined {
    if (!this.#self) return undefined;
    const { peerId, role, handRaised } = this.#self;
    return { peerId, role, handRaised };
  }

  get peers(): RemotePeer[] {
    return this.#peers.list();
  }

  /** The room's recording, and whether our grants let us start or stop it. */
  get recording(): RecordingStatus {
    return this.#recording;
  }

  /** Records the room (needs the `record` grant); everyone then sees `recordingChanged`. */
  async startRecording(): Promise<void> {
    await this.#requireSignal().request('startRecording', {});
  }

  async stopRecording(): Promise<void> {
    await this.#requireSignal().request('stopRecording', {});
  }

  get remoteTracks(): RemoteTrack[] {
    return this.#media?.remoteTracks() ?? [];
  }

  /** Joins once (with a join token, when given); rejects (and the session closes) if the first join fails. */
  async join(roomId: string, displayName: string, token?: string): Promise<void> {
    if (this.#state !== 'new') throw new Error(`join() can be called once; the session is ${this.#state}`);
    const room = { roomId, displayName, token };
    this.#room = room;
    const generation = this.#generation;
    this.#setState('connecting');
    try {
      await this.#connect(room);
    } catch (error) {
      if (this.#isClosed()) throw error;
      // A roomClosed during the join started a rejoin, which now owns the session.
      if (generation !== this.#generation) return;
      this.#close('joinFailed');
      throw error;
    }
    if (generation === this.#generation) this.#setState('connected');
  }

  async publishMic(track: MediaStreamTrack): Promise<void> {
    await this.#publish(publication('mic', track));
  }

  async publishCamera(track: MediaStreamTrack, options: CameraOptions = {}): Promise<void> {
    await this.#publish(publication('camera', track, options.simulcast ?? true));
  }

  async publishScreen(track: MediaStreamTrack, audioTrack?: MediaStreamTrack): Promise<void> {
    await this.#publish(publication('screen', track));
    if (audioTrack) await this.#publish(publication('screen-audio', audioTrack));
  }

  /** Stops sending a source (the track itself keeps running). */
  async unpublish(source: MediaSource): Promise<void> {
    if (!this.#publications.delete(source)) return;
    this.emit('unpublished', source);
    await this.#media?.closeProducer(source);
  }

  /** Mutes by pausing the producer (on the server too, so receivers learn it); survives a rejoin. */
  async setMuted(source: MediaSource, muted: boolean): Promise<void> {
    const published = this.#publications.get(source);
    if (!published) throw new Error(`nothing is published as "${source}"`);
    published.muted = muted;
    await this.#media?.setProducerPaused(source, muted);
  }

  /** Sends another track for a published source (a device switch) without a new producer; survives a rejoin. */
  async replaceTrack(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    const published = this.#publications.get(source);
    if (!published) throw new Error(`nothing is published as "${source}"`);
    published.track = track;
    await this.#media?.replaceTrack(source, track);
  }

  /** Sends a chat message to everyone, or privately to one peer; resolves with it as stored by the server. */
  async sendChat(text: string, to?: string): Promise<ChatMessage> {
    const { message } = await this.#requireSignal().request('sendChat', { text, to });
    return message;
  }

  /** Messages we may see, oldest first: the latest `limit`, or those before `beforeSeq`. */
  chatHistory(limit: number, beforeSeq?: number): Promise<ChatHistory> {
    return this.#requireSignal().request('getChatHistory', { limit, beforeSeq });
  }

  /** Raises or lowers our hand; a moderator may lower another peer's (`peerId`). */
  async setHandRaised(raised: boolean, peerId?: string): Promise<void> {
    await this.#requireSignal().request('setHandRaised', { raised, peerId });
  }

  async sendReaction(reaction: Reaction): Promise<void> {
    await this.#requireSignal().request('sendReaction', { reaction });
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

  /** Leaves the room and closes everything. Idempotent. */
  async leave(): Promise<void> {
    if (this.#state === 'closed') return;
    const signal = this.#signal;
    const joined = this.#self !== undefined;
    this.#signal = undefined;
    this.#close('left');
    if (signal?.state === 'open' && joined) {
      // Best effort: without it the server keeps the peer for its reconnect grace period, then drops it.
      await signal.request('leave', {}).catch(() => undefined);
    }
    signal?.close();
  }

  async #connect(room: { roomId: string; displayName: string; token?: string }): Promise<void> {
    const signal = new SignalClient({ ...this.#options.signaling, url: this.#options.url });
    this.#signal = signal;
    this.#subscribe(signal);
    await signal.connect();
    const joined = await signal.request('join', { protocolVersion: PROTOCOL_VERSION, ...room });
    this.#self = { peerId: joined.peerId, resumeToken: joined.resumeToken, role: joined.role, handRaised: false };
    this.#emitSelf();
    this.#setRecording(joined.recording ?? null, joined.grants?.record ?? false);
    this.#applyPeers(joined.peers);
    const media = await PeerMedia.create(signal, joined.routerRtpCapabilities);
    if (this.#signal !== signal) {
      media.close();
      throw new SignalError('CONNECTION_CLOSED', 'the session was closed while joining');
    }
    this.#adoptMedia(media);
    await media.receive();
    await this.#produceAll(media);
  }

  #subscribe(signal: SignalClient): void {
    this.#unsubscribe.push(
      signal.on('disconnected', () => {
        if (this.#state === 'connected') this.#setState('reconnecting');
      }),
      signal.on('reconnected', () => void this.#resume(signal)),
      signal.on('error', (error) => this.emit('error', error)),
      signal.onNotification('peerJoined', ({ peer }) => this.#peerJoined(peer)),
      signal.onNotification('peerLeft', ({ peerId }) => this.#peerLeft(peerId)),
      signal.onNotification('peerStateChanged', ({ peerId, state }) =>
        this.#peerUpdated(this.#peers.setState(peerId, state)),
      ),
      signal.onNotification('consumerCreated', (created) => this.#consumerCreated(created)),
      signal.onNotification('consumerClosed', ({ consumerId }) => this.#media?.closeConsumer(consumerId)),
      signal.onNotification('consumerLayersChanged', (change) => this.emit('consumerLayersChanged', change)),
      signal.onNotification('consumerScoreChanged', (change) => this.emit('consumerScoreChanged', change)),
      signal.onNotification('producerPaused', (ref) => this.#remoteMute(ref, true)),
      signal.onNotification('producerResumed', (ref) => this.#remoteMute(ref, false)),
      signal.onNotification('producerClosed', (ref) => this.#remoteProducerClosed(ref)),
      signal.onNotification('activeSpeakerChanged', ({ peerId }) => this.emit('activeSpeaker', peerId)),
      signal.onNotification('audioLevelsChanged', ({ levels }) => this.emit('audioLevels', levels)),
      signal.onNotification('roomClosed', ({ rejoin }) => this.#roomClosed(rejoin)),
      signal.onNotification('peerRoleChanged', ({ peerId, role }) => this.#roleChanged(peerId, role)),
      signal.onNotification('handRaisedChanged', (change) => {
        this.#handRaised(change.peerId, change.raised);
        this.emit('handRaisedChanged', change);
      }),
      signal.onNotification('chatReceived', ({ message }) => this.emit('chatReceived', message)),
      signal.onNotification('reactionSent', (reaction) => this.emit('reactionSent', reaction)),
      signal.onNotification('producerScoreChanged', (score) => this.emit('producerScoreChanged', score)),
      signal.onNotification('recordingChanged', ({ recording }) =>
        this.#setRecording(recording, this.#recording.canRecord),
      ),
      signal.onNotification('lobbyWaiting', ({ lobbyId }) => this.emit('lobbyWaiting', lobbyId)),
      signal.onNotification('kicked', ({ reason }) => {
        this.emit('kicked', reason);
        this.#close('kicked');
      }),
      signal.onNotification('mutedByHost', ({ source }) => {
        this.#mutedByHost(source).catch((error: unknown) => this.emit('error', toError(error)));
      }),
    );
  }

  #adoptMedia(media: PeerMedia): void {
    this.#media = media;
    this.#unsubscribe.push(
      media.on('trackAdded', (track) => this.emit('trackAdded', track)),
      media.on('trackRemoved', (track) => this.emit('trackRemoved', track)),
      media.on('localTrackEnded', (source) => {
        this.unpublish(source).catch((error: unknown) => this.emit('error', toError(error)));
      }),
      media.on('error', (error) => this.emit('error', error)),
    );
  }

  async #publish(published: Publication): Promise<void> {
    if (this.#state === 'new' || this.#state === 'closed') {
      throw new Error(`cannot publish: the session is ${this.#state}`);
    }
    const { source } = published;
    await this.unpublish(source);
    this.#publications.set(source, published);
    const media = this.#media;
    if (this.#state !== 'connected' || !media) return;
    try {
      await this.#produce(media, published);
    } catch (error) {
      // A dropped connection keeps the publication: it is produced once the session is back.
      if (isSignalError(error, 'CONNECTION_CLOSED')) return;
      if (this.#publications.get(source) === published) this.#publications.delete(source);
      throw error;
    }
  }

  async #produce(media: PeerMedia, published: Publication): Promise<void> {
    const producerId = await media.produce(published);
    this.emit('published', { source: published.source, producerId });
  }

  /** Produces every publication that has no producer yet; one that fails is dropped and reported. */
  async #produceAll(media: PeerMedia): Promise<void> {
    for (const published of this.#publications.values()) {
      if (media.hasProducer(published.source)) continue;
      try {
        await this.#produce(media, published);
      } catch (error) {
        if (isSignalError(error, 'CONNECTION_CLOSED')) throw error;
        this.#publications.delete(published.source);
        this.emit('unpublished', published.source);
        this.emit('error', toError(error));
      }
    }
  }

  async #resume(signal: SignalClient): Promise<void> {
    const self = this.#self;
    const media = this.#media;
    if (this.#state !== 'reconnecting' || !self || !media) return;
    try {
      const { peerId, resumeToken } = self;
      const resumed = await signal.request('resume', { protocolVersion: PROTOCOL_VERSION, peerId, resumeToken });
      // The token is spent on every resume: the next one needs the new token.
      self.resumeToken = resumed.resumeToken;
      this.#setRecording(resumed.recording ?? null, this.#recording.canRecord);
      this.#applyPeers(resumed.peers);
      await media.restartIce();
      await this.#produceAll(media);
      if (this.#signal === signal && this.#state === 'reconnecting') this.#setState('connected');
    } catch (error) {
      // Dropped again: the next 'reconnected' retries. Anything else means the peer is lost: join again
      // (RESUME_FAILED is the expected way to learn that: the server's grace period ran out).
      if (this.#signal !== signal || this.#state !== 'reconnecting' || isSignalError(error, 'CONNECTION_CLOSED')) {
        return;
      }
      if (!isSignalError(error, 'RESUME_FAILED')) this.emit('error', toError(error));
      void this.#rejoin();
    }
  }

  async #rejoin(): Promise<void> {
    const room = this.#room;
    if (!room || this.#state === 'closed') return;
    const generation = ++this.#generation;
    this.#setState('rejoining');
    for (let attempt = 0; attempt < REJOIN_ATTEMPTS; attempt++) {
      this.#teardown();
      await sleep(backoffDelay(attempt, REJOIN_BACKOFF));
      if (generation !== this.#generation) return;
      try {
        await this.#connect(room);
        if (generation === this.#generation) this.#setState('connected');
        return;
      } catch (error) {
        if (generation !== this.#generation) return;
        this.emit('error', toError(error));
      }
    }
    this.#close('rejoinFailed');
  }

  #roomClosed(rejoin: boolean): void {
    if (rejoin) void this.#rejoin();
    else this.#close('roomClosed');
  }

  #applyPeers(peers: PeerInfo[]): void {
    const { joined, left, updated } = this.#peers.replace(peers.filter((peer) => peer.peerId !== this.peerId));
    for (const peer of left) this.#forgetPeer(peer);
    for (const peer of joined) this.emit('peerJoined', peer);
    for (const peer of updated) this.emit('peerUpdated', peer);
  }

  #peerJoined(peer: PeerInfo): void {
    if (peer.peerId !== this.peerId) this.emit('peerJoined', this.#peers.add(peer));
  }

  #peerLeft(peerId: string): void {
    const peer = this.#peers.remove(peerId);
    if (peer) this.#forgetPeer(peer);
  }

  #forgetPeer(peer: RemotePeer): void {
    this.#media?.closeConsumersWhere((track) => track.peerId === peer.peerId);
    this.emit('peerLeft', peer);
  }

  #peerUpdated(peer: RemotePeer | undefined): void {
    if (peer) this.emit('peerUpdated', peer);
  }

  #consumerCreated(created: NotificationData<'consumerCreated'>): void {
    const media = this.#media;
    if (!media) return;
    const { peerId, producerId, kind, source, producerPaused } = created;
    this.#peerUpdated(this.#peers.putProducer(peerId, { producerId, kind, source, paused: producerPaused }));
    media.consume(created).catch((error: unknown) => {
      if (this.#media === media) this.emit('error', toError(error));
    });
  }

  async #mutedByHost(source: MediaSource): Promise<void> {
    const published = this.#publications.get(source);
    if (!published) return;
    published.muted = true;
    this.emit('mutedByHost', source);
    await this.#media?.setProducerPaused(source, true);
  }

  #roleChanged(peerId: string, role: PeerRole): void {
    if (this.#self?.peerId !== peerId) {
      this.#peerUpdated(this.#peers.setRole(peerId, role));
      return;
    }
    this.#self.role = role;
    this.#emitSelf();
  }

  #handRaised(peerId: string, raised: boolean): void {
    if (this.#self?.peerId !== peerId) {
      this.#peerUpdated(this.#peers.setHandRaised(peerId, raised));
      return;
    }
    this.#self.handRaised = raised;
    this.#emitSelf();
  }

  #setRecording(recording: RoomRecording | null, canRecord: boolean): void {
    this.#recording = { recording, canRecord };
    this.emit('recordingChanged', this.#recording);
  }

  #emitSelf(): void {
    const self = this.self;
    if (self) this.emit('selfUpdated', self);
  }

  #remoteMute({ peerId, producerId, source }: ProducerRef, muted: boolean): void {
    const peer = this.#peers.setProducerPaused(peerId, producerId, muted);
    if (!peer) return;
    this.emit('peerUpdated', peer);
    this.emit('remoteMuteChanged', { peerId, producerId, source, muted });
  }

  #remoteProducerClosed({ peerId, producerId }: ProducerRef): void {
    this.#peerUpdated(this.#peers.removeProducer(peerId, producerId));
    this.#media?.closeConsumersWhere((track) => track.producerId === producerId);
  }

  #requireSignal(): SignalClient {
    if (!this.#signal || !this.#self) {
      throw new SignalError('NOT_JOINED', `not in a room (the session is ${this.#state})`);
    }
    return this.#signal;
  }

  #requireMedia(): PeerMedia {
    if (!this.#media) throw new SignalError('NOT_JOINED', `not in a room (the session is ${this.#state})`);
    return this.#media;
  }

  /** Drops the server-side peer's state: media (reporting each track removed), signaling, peers. */
  #teardown(): void {
    const media = this.#media;
    this.#media = undefined;
    media?.close();
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    this.#signal?.close();
    this.#signal = undefined;
    this.#self = undefined;
    for (const peer of this.#peers.clear()) this.emit('peerLeft', peer);
  }

  /** A method, not a field test: TypeScript would keep `#state` narrowed across the awaits of join(). */
  #isClosed(): boolean {
    return this.#state === 'closed';
  }

  #close(reason: CloseReason): void {
    if (this.#isClosed()) return;
    this.#generation++;
    this.#teardown();
    this.#publications.clear();
    this.#setState('closed');
    this.emit('closed', reason);
  }

  #setState(state: ConnectionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit('connectionStateChanged', state);
  }
}
