import { onScopeDispose, shallowRef } from 'vue';

export type LocalMediaRequest = { mic: boolean; camera: boolean };

function stopTrack(track: MediaStreamTrack | null): void {
  track?.stop();
}

/** This page's own tracks: camera and mic from getUserMedia, the screen from getDisplayMedia. Stopped on dispose. */
export function useLocalMedia() {
  const mic = shallowRef<MediaStreamTrack | null>(null);
  const camera = shallowRef<MediaStreamTrack | null>(null);
  const screen = shallowRef<MediaStreamTrack | null>(null);
  const screenAudio = shallowRef<MediaStreamTrack | null>(null);

  async function acquire(request: LocalMediaRequest): Promise<void> {
    if (!request.mic && !request.camera) return;
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: request.mic,
      video: request.camera ? { width: { ideal: 1280 }, height: { ideal: 720 } } : false,
    });
    mic.value = stream.getAudioTracks()[0] ?? null;
    camera.value = stream.getVideoTracks()[0] ?? null;
  }

  async function acquireScreen(): Promise<void> {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true });
    screen.value = stream.getVideoTracks()[0] ?? null;
    screenAudio.value = stream.getAudioTracks()[0] ?? null;
  }

  function releaseScreen(): void {
    stopTrack(screen.value);
    stopTrack(screenAudio.value);
    screen.value = null;
    screenAudio.value = null;
  }

  function release(): void {
    stopTrack(mic.value);
    stopTrack(camera.value);
    mic.value = null;
    camera.value = null;
    releaseScreen();
  }

  onScopeDispose(release);

  return { mic, camera, screen, screenAudio, acquire, acquireScreen, releaseScreen, release };
}
