import type { MediaSource } from '@huddle/shared';
import { ref } from 'vue';
import { actionErrorMessage, mediaErrorMessage, screenShareErrorMessage } from '../meeting/humanErrors.js';
import type { RoomSession } from '../sfu/index.js';
import { useMeetingStore } from '../stores/meeting.js';
import { useNoticesStore } from '../stores/notices.js';
import { usePreferencesStore } from '../stores/preferences.js';
import type { LocalMedia } from './useLocalMedia.js';

type Control = 'mic' | 'camera' | 'screen';

/**
 * Mic, camera and screen during the meeting. The mic mutes by pausing its producer (instant, and others see the
 * muted icon); the camera turns off by unpublishing and releasing the device (its light goes off). Switching
 * device replaces the track under the same producer. Failures become notices.
 */
export function useMediaControls(session: RoomSession, local: LocalMedia) {
  const meeting = useMeetingStore();
  const notices = useNoticesStore();
  const preferences = usePreferencesStore();
  /** Controls with a change under way: a second click waits for the first to finish. */
  const busy = ref<Control[]>([]);

  async function exclusive(control: Control, action: () => Promise<void>): Promise<void> {
    if (busy.value.includes(control)) return;
    busy.value = [...busy.value, control];
    try {
      await action();
    } finally {
      busy.value = busy.value.filter((entry) => entry !== control);
    }
  }

  async function setMuted(source: MediaSource, muted: boolean): Promise<void> {
    await session.setMuted(source, muted);
    meeting.setMuted(source, muted);
  }

  /** Opens the device (a notice says why it could not) and returns its track. */
  async function open(device: 'camera' | 'microphone'): Promise<MediaStreamTrack | null> {
    const [failure] = await local.open(
      device === 'camera' ? { mic: false, camera: preferences.cameraId } : { mic: preferences.micId, camera: false },
    );
    if (failure) notices.push(mediaErrorMessage(failure.error, device), 'error');
    return device === 'camera' ? local.camera.value : local.mic.value;
  }

  function report(error: unknown): void {
    notices.push(actionErrorMessage(error), 'error');
  }

  function toggleMic(): Promise<void> {
    return exclusive('mic', async () => {
      try {
        if (meeting.published.includes('mic')) {
          await setMuted('mic', !meeting.muted.includes('mic'));
          return;
        }
        const track = await open('microphone');
        if (track) await session.publishMic(track);
      } catch (error) {
        report(error);
      }
    });
  }

  function toggleCamera(): Promise<void> {
    return exclusive('camera', async () => {
      try {
        if (meeting.published.includes('camera')) {
          // Paused (a moderator muted it): resume. Sending: turn it off and let go of the device.
          if (meeting.muted.includes('camera')) {
            await setMuted('camera', false);
            return;
          }
          await session.unpublish('camera');
          local.closeCamera();
          return;
        }
        const track = await open('camera');
        if (track) await session.publishCamera(track);
      } catch (error) {
        report(error);
      }
    });
  }

  /** Uses another microphone from now on; mid-call, the new track replaces the old one in the same producer. */
  function selectMic(deviceId: string): Promise<void> {
    preferences.micId = deviceId;
    if (!local.mic.value) return Promise.resolve();
    return exclusive('mic', async () => {
      try {
        const { track, previous } = await local.switchMic(deviceId);
        if (meeting.published.includes('mic')) await session.replaceTrack('mic', track);
        previous?.stop();
      } catch (error) {
        notices.push(mediaErrorMessage(error, 'microphone'), 'error');
      }
    });
  }

  function selectCamera(deviceId: string): Promise<void> {
    preferences.cameraId = deviceId;
    if (!local.camera.value) return Promise.resolve();
    return exclusive('camera', async () => {
      try {
        const { track, previous } = await local.switchCamera(deviceId);
        if (meeting.published.includes('camera')) await session.replaceTrack('camera', track);
        previous?.stop();
      } catch (error) {
        notices.push(mediaErrorMessage(error, 'camera'), 'error');
      }
    });
  }

  async function shareScreen(): Promise<void> {
    const track = await local.openScreen();
    await session.publishScreen(track, local.screenAudio.value ?? undefined);
  }

  async function stopScreen(): Promise<void> {
    await session.unpublish('screen-audio');
    await session.unpublish('screen');
    local.closeScreen();
  }

  function toggleScreen(): Promise<void> {
    return exclusive('screen', async () => {
      try {
        if (meeting.published.includes('screen')) await stopScreen();
        else await shareScreen();
      } catch (error) {
        local.closeScreen();
        const message = screenShareErrorMessage(error);
        if (message) notices.push(message, 'error');
      }
    });
  }

  return { busy, setMuted, toggleMic, toggleCamera, selectMic, selectCamera, toggleScreen, shareScreen, stopScreen };
}

export type MediaControls = ReturnType<typeof useMediaControls>;
