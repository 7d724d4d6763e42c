import type {
  ChatMessage,
  Layers,
  MediaKind,
  MediaSource,
  NotificationData,
  PeerInfo,
  PeerRole,
  RoomRecording,
} from '@huddle/shared';

/**
 * - `connecting`: the first join is under way.
 * - `reconnecting`: the signaling socket dropped; media keeps flowing while it comes back and resumes.
 * - `rejoining`: the server-side peer is gone (room closed, or resume refused); joining again as a new peer.
 * - `closed`: left, or gave up; see the `closed` event's reason.
 */
export type ConnectionState = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'rejoining' | 'closed';

export type CloseReason = 'left' | 'joinFailed' | 'roomClosed' | 'rejoinFailed' | 'kicked';

/** Another participant, with the producers it publishes (`paused` is its mute state). */
export type RemotePeer = PeerInfo;

/** A remote producer this session receives, and the track it plays into. */
export type RemoteTrack = {
  consumerId: string;
  producerId: string;
  peerId: string;
  source: MediaSource;
  kind: MediaKind;
  /** How the server forwards it: a `simulcast` consumer has spatial layers to choose from. */
  type: NotificationData<'consumerCreated'>['type'];
  track: MediaStreamTrack;
};

/** This participant, as the server sees it. */
export type SelfPeer = { peerId: string; role: PeerRole; handRaised: boolean };

export type RemoteMute = { peerId: string; producerId: string; source: MediaSource; muted: boolean };
export type AudioLevel = { peerId: string; volume: number };
export type ConsumerLayers = { consumerId: string; layers: Layers | null };
export type ConsumerScore = { consumerId: string; score: number; producerScore: number };
export type ProducerScore = NotificationData<'producerScoreChanged'>;
export type HandRaised = NotificationData<'handRaisedChanged'>;
export type ReactionSent = NotificationData<'reactionSent'>;
export type ChatHistory = { messages: ChatMessage[]; hasMore: boolean };
export type Published = { source: MediaSource; producerId: string };

/** A consumer's inbound-rtp statistics; a field is null when the browser does not report it for that kind. */
export type ConsumerStats = {
  consumerId: string;
  peerId: string;
  source: MediaSource;
  kind: MediaKind;
  framesDecoded: number | null;
  frameWidth: number | null;
  frameHeight: number | null;
  packetsReceived: number | null;
  bytesReceived: number | null;
  audioLevel: number | null;
};

export type CameraOptions = {
  /** Three VP8 layers (¼, ½ and full resolution); true by default. */
  simulcast?: boolean;
};

/** The room's recording as the meeting shows it (`null`: none runs), and whether we may start or stop it. */
export type RecordingStatus = { recording: RoomRecording | null; canRecord: boolean };

export type RoomSessionEvents = {
  connectionStateChanged: [state: ConnectionState];
  closed: [reason: CloseReason];
  peerJoined: [peer: RemotePeer];
  peerLeft: [peer: RemotePeer];
  /** A peer's state, role, raised hand or producers (including their paused state) changed. */
  peerUpdated: [peer: RemotePeer];
  /** Our own role or raised hand changed (or we joined, as a new peer). */
  selfUpdated: [self: SelfPeer];
  /** Someone's hand went up or down; `byPeerId` differs from `peerId` when a moderator lowered it. */
  handRaisedChanged: [change: HandRaised];
  /** A chat message for us: public, or private to or from us (our own included). */
  chatReceived: [message: ChatMessage];
  reactionSent: [reaction: ReactionSent];
  /** A moderator removed us; the session closes right after (reason 'kicked'). */
  kicked: [reason: string];
  /** A moderator paused one of our producers: it is muted now, as if we had muted it. */
  mutedByHost: [source: MediaSource];
  /** The room has a lobby: our join waits until a moderator admits (it then completes) or denies it. */
  lobbyWaiting: [lobbyId: string];
  trackAdded: [track: RemoteTrack];
  trackRemoved: [track: RemoteTrack];
  remoteMuteChanged: [mute: RemoteMute];
  activeSpeaker: [peerId: string];
  audioLevels: [levels: AudioLevel[]];
  consumerLayersChanged: [change: ConsumerLayers];
  consumerScoreChanged: [change: ConsumerScore];
  /** How well the server receives one of our producers (one score per simulcast stream, 0–10). */
  producerScoreChanged: [score: ProducerScore];
  published: [published: Published];
  unpublished: [source: MediaSource];
  /** The room's recording started or stopped (also sent once we joined or resumed). */
  recordingChanged: [status: RecordingStatus];
  /** Something failed in the background (a consumer, a resume attempt, a rejoin attempt, a bad frame). */
  error: [error: Error];
};
