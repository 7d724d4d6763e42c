import type { MediaSource } from '@huddle/shared';
import { onScopeDispose, ref, shallowRef } from 'vue';
import { RoomSession, signalingUrl, type ConnectionState, type RemotePeer, type RemoteTrack } from '../sfu/index.js';
import { useLocalMedia, type LocalMediaRequest } from './useLocalMedia.js';

export type JoinRequest = LocalMediaRequest & { roomId: string; displayName: string };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Bridges a RoomSession to Vue: its state as refs (tracks in shallow refs: never make a MediaStreamTrack
 * reactive), and the meeting's actions. The session is left and the local tracks stopped on dispose.
 */
export function useRoom() {
  const session = new RoomSession({ url: signalingUrl(window.location) });
  const local = useLocalMedia();
  const connectionState = ref<ConnectionState>(session.state);
  const peerId = ref<string | null>(null);
  const peers = shallowRef<readonly RemotePeer[]>([]);
  const tracks = shallowRef<readonly RemoteTrack[]>([]);
  const published = shallowRef<ReadonlySet<MediaSource>>(new Set());
  const muted = shallowRef<ReadonlySet<MediaSource>>(new Set());
  const activeSpeakerId = ref<string | null>(null);
  const lastError = ref<string | null>(null);

  const syncPeers = (): void => {
    peers.value = session.peers;
  };
  const syncTracks = (): void => {
    tracks.value = session.remoteTracks;
  };
  const withSource = (set: ReadonlySet<MediaSource>, source: MediaSource, present: boolean): Set<MediaSource> => {
    const next = new Set(set);
    if (present) next.add(source);
    else next.delete(source);
    return next;
  };

  const unsubscribe = [
    session.on('connectionStateChanged', (state) => {
      connectionState.value = state;
      peerId.value = session.peerId ?? null;
    }),
    session.on('peerJoined', syncPeers),
    session.on('peerLeft', syncPeers),
    session.on('peerUpdated', syncPeers),
    session.on('trackAdded', syncTracks),
    session.on('trackRemoved', syncTracks),
    session.on('activeSpeaker', (id) => {
      activeSpeakerId.value = id;
    }),
    session.on('published', ({ source }) => {
      published.value = withSource(published.value, source, true);
    }),
    session.on('unpublished', (source) => {
      published.value = withSource(published.value, source, false);
      muted.value = withSource(muted.value, source, false);
      if (source === 'screen') local.releaseScreen();
    }),
    session.on('error', (error) => {
      lastError.value = error.message;
    }),
  ];

  /** Joins with the default devices and publishes them (camera with simulcast). Errors land in `lastError`. */
  async function join(request: JoinRequest): Promise<void> {
    try {
      await local.acquire(request);
    } catch (error) {
      lastError.value = `could not open camera/microphone: ${describe(error)}`;
    }
    try {
      await session.join(request.roomId, request.displayName);
    } catch (error) {
      lastError.value = describe(error);
      return;
    }
    const camera = local.camera.value;
    const mic = local.mic.value;
    const results = await Promise.allSettled([camera && session.publishCamera(camera), mic && session.publishMic(mic)]);
    for (const result of results) {
      if (result.status === 'rejected') lastError.value = describe(result.reason);
    }
  }

  async function setMuted(source: MediaSource, mute: boolean): Promise<void> {
    await session.setMuted(source, mute);
    muted.value = withSource(muted.value, source, mute);
  }

  async function shareScreen(): Promise<void> {
    await local.acquireScreen();
    if (!local.screen.value) throw new Error('screen capture gave no video track');
    await session.publishScreen(local.screen.value, local.screenAudio.value ?? undefined);
  }

  async function stopScreen(): Promise<void> {
    await session.unpublish('screen-audio');
    await session.unpublish('screen');
    local.releaseScreen();
  }

  async function leave(): Promise<void> {
    await session.leave();
    local.release();
  }

  onScopeDispose(() => {
    for (const stop of unsubscribe) stop();
    void session.leave();
  });

  return {
    session,
    connectionState,
    peerId,
    peers,
    tracks,
    published,
    muted,
    activeSpeakerId,
    lastError,
    localCamera: local.camera,
    join,
    setMuted,
    shareScreen,
    stopScreen,
    leave,
  };
}
