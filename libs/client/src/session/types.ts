import type { ErrorCode, Grants, MediaSource, PeerInfo, PeerRole, RoomRecording } from '@huddle/shared';
import type { RemoteTrack } from '../media/peerMedia.js';

/**
 * - `connecting`: the first join is under way.
 * - `lobby`: the room has a lobby and our join waits for a moderator (no client timeout: the server's applies).
 * - `reconnecting`: the signaling socket dropped or went silent; media keeps flowing while it comes back and resumes.
 * - `rejoining`: the server-side peer is gone (room closed, or resume refused); joining again as a new peer.
 * - `closed`: left, or gave up; see the `closed` event's reason.
 */
export type ConnectionState = 'new' | 'connecting' | 'lobby' | 'connected' | 'reconnecting' | 'rejoining' | 'closed';

/**
 * Why the session ended: we left; the first join failed; the room was closed for good; rejoining failed; a
 * moderator removed us; or another socket (another tab) resumed this session.
 */
export type CloseReason = 'left' | 'joinFailed' | 'roomClosed' | 'rejoinFailed' | 'kicked' | 'replaced';

/** Another participant, with the producers it publishes (`paused` is its mute state). */
export type RemotePeer = PeerInfo;

/** This participant, as the server sees it; `grants` say what it may do. */
export type SelfPeer = { peerId: string; role: PeerRole; handRaised: boolean; grants: Grants };

/** What a moderator may grant or revoke live (omitted: unchanged). */
export type PermissionsPatch = Partial<Pick<Grants, 'publish' | 'screen' | 'chat'>>;

/** One of our published sources: what is sent, whether it is paused (muted), and its producer on the server. */
export type PublicationState = {
  source: MediaSource;
  track: MediaStreamTrack;
  paused: boolean;
  /** The server's producer; null while it is being made (or while the connection is down). */
  producerId: string | null;
  /** The track ended by itself (device unplugged): replace it to send again. */
  trackEnded: boolean;
};

/** Everything we publish, as one value: every change emits a new one (`publicationsChanged`). */
export type PublicationsSnapshot = {
  publications: PublicationState[];
  /** Sources a moderator muted and has not allowed again: unmuting them fails with MUTED_BY_HOST. */
  hostMuted: MediaSource[];
};

/** A join (or rejoin) attempt failed for a passing reason; the next one starts in `delayMs`. */
export type JoinRetry = { code: ErrorCode; attempt: number; delayMs: number };

export type CameraOptions = {
  /** Three VP8 layers (¼, ½ and full resolution); true by default. */
  simulcast?: boolean;
};

export type RoomSessionEvents = {
  connectionStateChanged: [state: ConnectionState];
  /** The session ended; `error` says why when it failed (the join's error, the last rejoin's). */
  closed: [reason: CloseReason, error: Error | undefined];
  retrying: [retry: JoinRetry];
  peerJoined: [peer: RemotePeer];
  peerLeft: [peer: RemotePeer];
  /** A peer's state, role, raised hand or producers (including their paused state) changed. */
  peerUpdated: [peer: RemotePeer];
  /** Our own role, raised hand or grants changed (or we joined, as a new peer). */
  selfUpdated: [self: SelfPeer];
  /** How many viewers watch a webinar changed (`RoomSession.viewers`). */
  audienceChanged: [viewers: number];
  trackAdded: [track: RemoteTrack];
  trackRemoved: [track: RemoteTrack];
  publicationsChanged: [snapshot: PublicationsSnapshot];
  /**
   * A published mic or camera track ended by itself (device gone): it stays published with `trackEnded`, so
   * the app can open another device and `replaceTrack`. (An ended screen share is unpublished, with its audio.)
   */
  localTrackEnded: [source: MediaSource];
  /** The room's recording started or stopped (or a join or resume found it changed): null when none runs. */
  recordingChanged: [recording: RoomRecording | null];
  /** Something failed in the background (a consumer, a resume attempt, a rejoin attempt, a bad frame). */
  error: [error: Error];
};
