import { onScopeDispose } from 'vue';
import { actionErrorMessage, joinErrorMessage, mediaErrorMessage } from '../meeting/humanErrors.js';
import { RoomSession, signalingUrl, type RemoteTrack } from '../sfu/index.js';
import { useMeetingStore } from '../stores/meeting.js';
import { useNoticesStore } from '../stores/notices.js';
import { usePreferencesStore } from '../stores/preferences.js';
import type { LocalMedia } from './useLocalMedia.js';

export type JoinRequest = { roomId: string; displayName: string; mic: boolean; camera: boolean; token?: string };

/**
 * Bridges a RoomSession to the meeting store: connection, participants, remote tracks and indicators. Remote tracks
 * stay here (looked up by consumer id); the store only holds their description. Left on scope dispose.
 */
export function useRoom(local: LocalMedia) {
  const meeting = useMeetingStore();
  const notices = useNoticesStore();
  const preferences = usePreferencesStore();
  // Retry a dropped signaling socket at least every 4 s: people wait on it, and media keeps flowing meanwhile.
  const session = new RoomSession({
    url: signalingUrl(window.location),
    signaling: { reconnect: { initialDelayMs: 300, maxDelayMs: 4000 } },
  });
  const tracks = new Map<string, MediaStreamTrack>();

  const syncPeers = (): void => {
    meeting.peers = session.peers;
  };
  const addTrack = (track: RemoteTrack): void => {
    tracks.set(track.consumerId, track.track);
    const { consumerId, producerId, peerId, source, kind, type } = track;
    meeting.tracks = [
      ...meeting.tracks,
      { consumerId, producerId, peerId, source, kind, simulcast: type === 'simulcast' },
    ];
  };

  const unsubscribe = [
    session.on('connectionStateChanged', (state) => {
      meeting.connection = state;
    }),
    session.on('closed', (reason) => {
      meeting.closeReason = reason;
    }),
    session.on('selfUpdated', (self) => {
      const promoted = meeting.self?.peerId === self.peerId && meeting.self.role !== 'moderator';
      if (promoted && self.role === 'moderator') notices.push('You are now the meeting’s moderator.');
      meeting.self = self;
    }),
    session.on('peerJoined', syncPeers),
    session.on('peerLeft', syncPeers),
    session.on('peerUpdated', syncPeers),
    session.on('trackAdded', addTrack),
    session.on('trackRemoved', ({ consumerId }) => {
      tracks.delete(consumerId);
      meeting.removeTrack(consumerId);
    }),
    session.on('activeSpeaker', (peerId) => {
      meeting.activeSpeakerId = peerId;
    }),
    // The SFU reports only voices above its audio level threshold: each one counts as speaking.
    session.on('audioLevels', (levels) => {
      meeting.speakingIds = levels.map((level) => level.peerId);
    }),
    session.on('consumerScoreChanged', ({ consumerId, score, producerScore }) => {
      meeting.consumerScores = { ...meeting.consumerScores, [consumerId]: Math.min(score, producerScore) };
    }),
    session.on('consumerLayersChanged', ({ consumerId, layers }) => {
      meeting.setReceiving(consumerId, { currentLayer: layers?.spatialLayer ?? null });
    }),
    session.on('producerScoreChanged', ({ producerId, scores }) => {
      if (!Object.values(meeting.producerIds).includes(producerId) || scores.length === 0) return;
      meeting.producerScores = { ...meeting.producerScores, [producerId]: Math.max(...scores) };
    }),
    session.on('kicked', (reason) => {
      meeting.removedReason = reason;
    }),
    session.on('mutedByHost', (source) => {
      meeting.setMuted(source, true);
      notices.push(`Muted by host: your ${source === 'mic' ? 'microphone' : source} is off.`);
    }),
    session.on('published', ({ source, producerId }) => meeting.setPublished(source, producerId)),
    session.on('unpublished', (source) => {
      meeting.setPublished(source, null);
      // The browser ended a track (its "stop sharing" button, a camera unplugged): let go of it too.
      if (source === 'screen') local.closeScreen();
      if (source === 'camera') local.closeCamera();
    }),
    session.on('error', (error) => reportError(error)),
  ];

  /** Opens what was asked for (unless the pre-join screen did), joins, and publishes camera and mic. */
  async function join(request: JoinRequest): Promise<void> {
    meeting.start(request.roomId, request.displayName);
    const failures = await local.open({
      mic: request.mic && preferences.micId,
      camera: request.camera && preferences.cameraId,
    });
    for (const failure of failures) notices.push(mediaErrorMessage(failure.error, failure.device), 'error');
    try {
      await session.join(request.roomId, request.displayName, request.token);
    } catch (error) {
      meeting.joinError = joinErrorMessage(error);
      return;
    }
    const camera = local.camera.value;
    const mic = local.mic.value;
    const results = await Promise.allSettled([
      camera && request.camera ? session.publishCamera(camera) : undefined,
      mic && request.mic ? session.publishMic(mic) : undefined,
    ]);
    for (const result of results) {
      if (result.status === 'rejected') notices.push(actionErrorMessage(result.reason), 'error');
    }
  }

  async function leave(): Promise<void> {
    await session.leave();
    local.release();
  }

  onScopeDispose(() => {
    for (const stop of unsubscribe) stop();
    void session.leave();
  });

  return { session, join, leave, remoteTrack: (consumerId: string) => tracks.get(consumerId) };
}
