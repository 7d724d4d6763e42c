import type { Layers, MediaKind, MediaSource, PeerInfo } from '@huddle/shared';

/**
 * - `connecting`: the first join is under way.
 * - `reconnecting`: the signaling socket dropped; media keeps flowing while it comes back and resumes.
 * - `rejoining`: the server-side peer is gone (room closed, or resume refused); joining again as a new peer.
 * - `closed`: left, or gave up; see the `closed` event's reason.
 */
export type ConnectionState = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'rejoining' | 'closed';

export type CloseReason = 'left' | 'joinFailed' | 'roomClosed' | 'rejoinFailed';

/** Another participant, with the producers it publishes (`paused` is its mute state). */
export type RemotePeer = PeerInfo;

/** A remote producer this session receives, and the track it plays into. */
export type RemoteTrack = {
  consumerId: string;
  producerId: string;
  peerId: string;
  source: MediaSource;
  kind: MediaKind;
  track: MediaStreamTrack;
};

export type RemoteMute = { peerId: string; producerId: string; source: MediaSource; muted: boolean };
export type AudioLevel = { peerId: string; volume: number };
export type ConsumerLayers = { consumerId: string; layers: Layers | null };
export type ConsumerScore = { consumerId: string; score: number; producerScore: number };
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

export type RoomSessionEvents = {
  connectionStateChanged: [state: ConnectionState];
  closed: [reason: CloseReason];
  peerJoined: [peer: RemotePeer];
  peerLeft: [peer: RemotePeer];
  /** A peer's state or producers (including their paused state) changed. */
  peerUpdated: [peer: RemotePeer];
  trackAdded: [track: RemoteTrack];
  trackRemoved: [track: RemoteTrack];
  remoteMuteChanged: [mute: RemoteMute];
  activeSpeaker: [peerId: string];
  audioLevels: [levels: AudioLevel[]];
  consumerLayersChanged: [change: ConsumerLayers];
  consumerScoreChanged: [change: ConsumerScore];
  published: [published: Published];
  unpublished: [source: MediaSource];
  /** Something failed in the background (a consumer, a resume attempt, a rejoin attempt, a bad frame). */
  error: [error: Error];
};
