import { onScopeDispose, shallowRef, type ShallowRef } from 'vue';
import { LocalCapture, Superseded, type Captured, type DeviceSlot, type Slot } from '../devices/localCapture.js';

export type CaptureDevice = 'camera' | 'microphone';
export type CaptureFailure = { device: CaptureDevice; error: unknown };

export const DEVICE_OF: Record<DeviceSlot, CaptureDevice> = { mic: 'microphone', camera: 'camera' };

export type LocalMedia = {
  mic: ShallowRef<MediaStreamTrack | null>;
  camera: ShallowRef<MediaStreamTrack | null>;
  screen: ShallowRef<MediaStreamTrack | null>;
  screenAudio: ShallowRef<MediaStreamTrack | null>;
  /** Opens the devices asked for that are not open yet (a null id: the default one); returns those that failed. */
  open(request: { mic: string | null | false; camera: string | null | false }): Promise<CaptureFailure[]>;
  /**
   * Opens another device into a slot; `apply` puts it to use (replaceTrack) before the old track stops. Resolves
   * null when a later pick overtook this one (nothing is left running).
   */
  switchTo(
    slot: DeviceSlot,
    deviceId: string | null,
    apply?: (track: MediaStreamTrack) => Promise<void>,
  ): Promise<Captured | null>;
  close(slot: Slot): void;
  openScreen(): Promise<MediaStreamTrack>;
  closeScreen(): void;
  /** Stops every track: camera, mic and screen (also those still being opened). */
  release(): void;
  /** Calls `listener` when a track ends by itself (device unplugged, sharing stopped by the browser). */
  onEnded(listener: (slot: Slot) => void): () => void;
};

/**
 * This page's own tracks (see LocalCapture), mirrored into refs for the UI. Everything is stopped when the owning
 * scope ends (leaving the room page).
 */
export function useLocalMedia(): LocalMedia {
  const capture = new LocalCapture();
  const refs: Record<Slot, ShallowRef<MediaStreamTrack | null>> = {
    mic: shallowRef(null),
    camera: shallowRef(null),
    screen: shallowRef(null),
    screenAudio: shallowRef(null),
  };
  capture.on('changed', (slot, track) => {
    refs[slot].value = track;
  });

  async function switchTo(
    slot: DeviceSlot,
    deviceId: string | null,
    apply?: (track: MediaStreamTrack) => Promise<void>,
  ): Promise<Captured | null> {
    try {
      return await capture.open(slot, deviceId, apply);
    } catch (error) {
      if (error instanceof Superseded) return null;
      throw error;
    }
  }

  async function open(request: {
    mic: string | null | false;
    camera: string | null | false;
  }): Promise<CaptureFailure[]> {
    const failures: CaptureFailure[] = [];
    const epoch = capture.epoch;
    // One after the other: a browser asks for permission once per request, and some drivers dislike parallel opens.
    // Released meanwhile (a failed join, leaving): nothing more is opened.
    for (const slot of ['camera', 'mic'] as const) {
      const deviceId = request[slot];
      if (capture.epoch !== epoch) break;
      if (deviceId === false || capture.track(slot)) continue;
      try {
        await switchTo(slot, deviceId);
      } catch (error) {
        failures.push({ device: DEVICE_OF[slot], error });
      }
    }
    return failures;
  }

  const release = (): void => capture.release();
  onScopeDispose(release);

  return {
    mic: refs.mic,
    camera: refs.camera,
    screen: refs.screen,
    screenAudio: refs.screenAudio,
    open,
    switchTo,
    close: (slot) => capture.close(slot),
    openScreen: () => capture.openScreen(),
    closeScreen: () => {
      capture.close('screen');
      capture.close('screenAudio');
    },
    release,
    onEnded: (listener) => capture.on('ended', listener),
  };
}
