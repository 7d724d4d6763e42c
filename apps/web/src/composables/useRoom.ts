import { missingBrowserSupport, RoomSession, signalingUrl, type CloseReason, type RemoteTrack } from '@huddle/client';
import { onScopeDispose } from 'vue';
import { actionErrorMessage, closeErrorMessage, joinErrorMessage, mediaErrorMessage } from '../meeting/humanErrors.js';
import { useMeetingStore } from '../stores/meeting.js';
import { useNoticesStore } from '../stores/notices.js';
import { usePreferencesStore } from '../stores/preferences.js';
import type { JoinPlan } from '../joinPlan.js';
import type { LocalMedia } from './useLocalMedia.js';
import { useGrantChanges } from './useGrantChanges.js';

export type JoinRequest = {
  roomId: string;
  displayName: string;
  mic: boolean;
  camera: boolean;
  token?: string;
  /** What the page knows before joining: a viewer never opens a camera or microphone. */
  plan: Promise<JoinPlan>;
};

/** How this page connects: `relay` sends media only through the SFU's TURN servers (`&relay=1`). */
export type RoomOptions = { relay: boolean };

const SOURCE_NAMES = { mic: 'microphone', camera: 'camera', screen: 'screen share', 'screen-audio': 'screen sound' };

/**
 * Bridges a RoomSession to the meeting store: connection, participants (and a webinar's viewer count), remote
 * tracks, our publications (the session owns them; the store mirrors its snapshot) and indicators. Remote tracks stay here (looked up by consumer
 * id); the store only holds their description. Camera, mic and screen are released on every way out — leave, kick,
 * room closed, failed join or rejoin, the tab closing, navigating away — and the tab closing leaves the room at once.
 */
export function useRoom(local: LocalMedia, options: RoomOptions = { relay: false }) {
  const meeting = useMeetingStore();
  const notices = useNoticesStore();
  const preferences = usePreferencesStore();
  // Retry a dropped or silent socket at least every 2 s: people wait on it, and media keeps flowing meanwhile.
  const session = new RoomSession({
    url: signalingUrl(window.location),
    signaling: { connectTimeoutMs: 3_000, reconnect: { initialDelayMs: 300, maxDelayMs: 2_000 } },
    ...(options.relay ? { iceTransportPolicy: 'relay' } : {}),
  });
  const tracks = new Map<string, MediaStreamTrack>();
  const { notifications } = session;
  const grantChanges = useGrantChanges(session, local, publishDevices);

  const syncPeers = (): void => {
    meeting.peers = session.peers;
  };
  const addTrack = (track: RemoteTrack): void => {
    tracks.set(track.consumerId, track.track);
    const { consumerId, producerId, peerId, source, kind, type } = track;
    meeting.tracks = [
      ...meeting.tracks,
      { consumerId, producerId, peerId, source, kind, layered: type === 'simulcast' || type === 'svc' },
    ];
  };
  const closed = (reason: CloseReason, error: Error | undefined): void => {
    // Every way out lets go of the camera, the mic and the screen.
    local.release();
    meeting.closeReason = reason;
    meeting.closeMessage = reason === 'rejoinFailed' || reason === 'replaced' ? closeErrorMessage(reason, error) : null;
  };
  const leaveOnPagehide = (): void => {
    void session.leave();
    local.release();
  };

  const unsubscribe = [
    session.on('connectionStateChanged', (state) => {
      meeting.connection = state;
      if (state === 'connected') meeting.retry = null;
    }),
    session.on('retrying', (retry) => {
      meeting.retry = retry;
    }),
    session.on('closed', closed),
    session.on('selfUpdated', (self) => {
      const before = meeting.self;
      const promoted = before?.peerId === self.peerId && before.role !== 'moderator';
      if (promoted && self.role === 'moderator') notices.push('You are now the meeting’s moderator.');
      meeting.self = self;
      meeting.mode = session.mode;
      if (!meeting.ownPeerIds.includes(self.peerId)) meeting.ownPeerIds = [...meeting.ownPeerIds, self.peerId];
      if (before?.peerId === self.peerId) grantChanges.changed(before.grants, self.grants);
      else grantChanges.joined(self.grants);
    }),
    session.on('audienceChanged', (viewers) => {
      meeting.viewers = viewers;
    }),
    session.on('peerJoined', syncPeers),
    session.on('peerLeft', (peer) => {
      syncPeers();
      meeting.unmuteRequests = meeting.unmuteRequests.filter((request) => request.peerId !== peer.peerId);
    }),
    session.on('peerUpdated', syncPeers),
    session.on('trackAdded', addTrack),
    session.on('trackRemoved', ({ consumerId }) => {
      tracks.delete(consumerId);
      meeting.removeTrack(consumerId);
    }),
    session.on('publicationsChanged', (snapshot) => meeting.mirrorPublications(snapshot)),
    session.on('recordingChanged', (recording) => {
      if (!meeting.recording && recording) notices.push('This meeting is being recorded');
      if (meeting.recording && !recording) notices.push('Recording stopped');
      meeting.recording = recording;
    }),
    session.on('error', (error) => reportError(error)),
    notifications.on('activeSpeakerChanged', ({ peerId }) => {
      meeting.activeSpeakerId = peerId;
    }),
    // The SFU reports only voices above its audio level threshold: each one counts as speaking.
    notifications.on('audioLevelsChanged', ({ levels }) => {
      meeting.speakingIds = levels.map((level) => level.peerId);
    }),
    notifications.on('consumerScoreChanged', ({ consumerId, score, producerScore }) => {
      meeting.consumerScores = { ...meeting.consumerScores, [consumerId]: Math.min(score, producerScore) };
    }),
    // A video the SFU pauses for our bandwidth (or last-N) and resumes by itself: the tile says why.
    notifications.on('consumerSuspended', ({ consumerId, suspended, reason }) => {
      meeting.setSuspended(consumerId, suspended ? (reason ?? 'bandwidth') : null);
    }),
    notifications.on('consumerLayersChanged', ({ consumerId, layers }) => {
      meeting.setReceiving(consumerId, { currentLayer: layers?.spatialLayer ?? null });
    }),
    notifications.on('producerScoreChanged', ({ producerId, scores }) => {
      if (!meeting.producerIds.includes(producerId) || scores.length === 0) return;
      meeting.producerScores = { ...meeting.producerScores, [producerId]: Math.max(...scores) };
    }),
    notifications.on('kicked', ({ reason }) => {
      meeting.removedReason = reason;
    }),
    notifications.on('mutedByHost', ({ source }) => {
      notices.push(`Muted by host: your ${SOURCE_NAMES[source]} is off. You can ask to unmute.`);
    }),
    notifications.on('unmuteAllowed', ({ source }) => {
      notices.push(`The host allowed you to unmute your ${SOURCE_NAMES[source]}.`);
    }),
    notifications.on('unmuteRequested', (request) => {
      const known = meeting.unmuteRequests.some(
        (entry) => entry.peerId === request.peerId && entry.source === request.source,
      );
      if (!known) meeting.unmuteRequests = [...meeting.unmuteRequests, request];
    }),
  ];
  window.addEventListener('pagehide', leaveOnPagehide);

  /**
   * Opens the camera and mic asked for and publishes each the moment it is open (the session holds it until the
   * join has the media ready) — unless the SFU said meanwhile that we may not publish.
   */
  async function publishDevices(wanted: { mic: boolean; camera: boolean }): Promise<void> {
    const failures = await local.open({
      mic: wanted.mic && preferences.micId,
      camera: wanted.camera && preferences.cameraId,
    });
    for (const failure of failures) notices.push(mediaErrorMessage(failure.error, failure.device), 'error');
    if (session.state === 'closed') return;
    if (session.self && !session.self.grants.publish) {
      grantChanges.releaseDevices();
      return;
    }
    const camera = local.camera.value;
    const mic = local.mic.value;
    const results = await Promise.allSettled([
      camera && wanted.camera ? session.publishCamera(camera) : undefined,
      mic && wanted.mic ? session.publishMic(mic) : undefined,
    ]);
    for (const result of results) {
      if (result.status === 'rejected') notices.push(actionErrorMessage(result.reason), 'error');
    }
  }

  /** What the page planned decides whether there are devices to open at all (a viewer: never). */
  async function publishOpened(request: JoinRequest): Promise<void> {
    const plan = await request.plan;
    meeting.plan = plan;
    // Without WebRTC or device access the join fails and says why; opening devices would only add noise.
    if (plan.viewer || missingBrowserSupport() !== undefined) return;
    await publishDevices(request);
  }

  /** Joins while the camera and mic open (neither waits for the other), then sends them. */
  async function join(request: JoinRequest): Promise<void> {
    meeting.start(request.roomId, request.displayName);
    const publishing = publishOpened(request);
    try {
      await session.join(request.roomId, request.displayName, request.token);
    } catch (error) {
      meeting.joinError = joinErrorMessage(error);
      local.release();
      return;
    }
    await publishing;
  }

  async function leave(): Promise<void> {
    local.release();
    await session.leave();
  }

  onScopeDispose(() => {
    window.removeEventListener('pagehide', leaveOnPagehide);
    for (const stop of unsubscribe) stop();
    void session.leave();
    local.release();
  });

  return { session, join, leave, remoteTrack: (consumerId: string) => tracks.get(consumerId) };
}
