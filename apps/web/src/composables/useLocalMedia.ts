import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';

const CAMERA_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 1280 },
  height: { ideal: 720 },
  frameRate: { ideal: 24 },
};
const MIC_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

function withDevice(constraints: MediaTrackConstraints, deviceId: string | null): MediaTrackConstraints {
  return deviceId === null ? constraints : { ...constraints, deviceId: { exact: deviceId } };
}

export type CaptureFailure = { device: 'camera' | 'microphone'; error: unknown };

export type LocalMedia = {
  mic: ShallowRef<MediaStreamTrack | null>;
  camera: ShallowRef<MediaStreamTrack | null>;
  screen: ShallowRef<MediaStreamTrack | null>;
  screenAudio: ShallowRef<MediaStreamTrack | null>;
  /** Opens the devices asked for (a null id: the default one); returns those that failed, each with its error. */
  open(request: { mic: string | null | false; camera: string | null | false }): Promise<CaptureFailure[]>;
  /** Replaces the microphone with another device's; the previous track is handed back, still running. */
  switchMic(deviceId: string | null): Promise<{ track: MediaStreamTrack; previous: MediaStreamTrack | null }>;
  switchCamera(deviceId: string | null): Promise<{ track: MediaStreamTrack; previous: MediaStreamTrack | null }>;
  closeMic(): void;
  closeCamera(): void;
  openScreen(): Promise<MediaStreamTrack>;
  closeScreen(): void;
  release(): void;
};

/**
 * This page's own tracks: camera and microphone (each from its chosen device) and a shared screen. Tracks are
 * stopped when closed, replaced, or when the owning scope ends.
 */
export function useLocalMedia(): LocalMedia {
  const mic = shallowRef<MediaStreamTrack | null>(null);
  const camera = shallowRef<MediaStreamTrack | null>(null);
  const screen = shallowRef<MediaStreamTrack | null>(null);
  const screenAudio = shallowRef<MediaStreamTrack | null>(null);

  function replace(slot: ShallowRef<MediaStreamTrack | null>, track: MediaStreamTrack | null): void {
    slot.value?.stop();
    slot.value = track;
  }

  async function capture(kind: 'audio' | 'video', deviceId: string | null): Promise<MediaStreamTrack> {
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia(
        kind === 'audio'
          ? { audio: withDevice(MIC_CONSTRAINTS, deviceId) }
          : { video: withDevice(CAMERA_CONSTRAINTS, deviceId) },
      );
    } catch (error) {
      // A remembered device that is gone: fall back to the default one.
      if (deviceId !== null && error instanceof DOMException && error.name === 'OverconstrainedError') {
        return capture(kind, null);
      }
      throw error;
    }
    const [track] = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks();
    if (!track) throw new DOMException(`no ${kind} track`, 'NotFoundError');
    return track;
  }

  async function open(request: {
    mic: string | null | false;
    camera: string | null | false;
  }): Promise<CaptureFailure[]> {
    const failures: CaptureFailure[] = [];
    // One after the other: a browser asks for permission once per request, and some drivers dislike parallel opens.
    if (request.camera !== false && !camera.value) {
      try {
        replace(camera, await capture('video', request.camera));
      } catch (error) {
        failures.push({ device: 'camera', error });
      }
    }
    if (request.mic !== false && !mic.value) {
      try {
        replace(mic, await capture('audio', request.mic));
      } catch (error) {
        failures.push({ device: 'microphone', error });
      }
    }
    return failures;
  }

  async function switchTo(
    slot: ShallowRef<MediaStreamTrack | null>,
    kind: 'audio' | 'video',
    deviceId: string | null,
  ): Promise<{ track: MediaStreamTrack; previous: MediaStreamTrack | null }> {
    const previous = slot.value;
    const track = await capture(kind, deviceId);
    slot.value = track;
    return { track, previous };
  }

  async function openScreen(): Promise<MediaStreamTrack> {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: true });
    const [video] = stream.getVideoTracks();
    if (!video) throw new DOMException('no screen track', 'NotFoundError');
    replace(screen, video);
    replace(screenAudio, stream.getAudioTracks()[0] ?? null);
    return video;
  }

  function closeScreen(): void {
    replace(screen, null);
    replace(screenAudio, null);
  }

  function release(): void {
    replace(mic, null);
    replace(camera, null);
    closeScreen();
  }

  onScopeDispose(release);

  return {
    mic,
    camera,
    screen,
    screenAudio,
    open,
    switchMic: (deviceId) => switchTo(mic, 'audio', deviceId),
    switchCamera: (deviceId) => switchTo(camera, 'video', deviceId),
    closeMic: () => replace(mic, null),
    closeCamera: () => replace(camera, null),
    openScreen,
    closeScreen,
    release,
  };
}
