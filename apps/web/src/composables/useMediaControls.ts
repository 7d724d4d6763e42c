import type { MediaSource } from '@huddle/shared';
import type { RoomSession } from '@huddle/client';
import { onScopeDispose, ref } from 'vue';
import type { DeviceSlot, Slot } from '../devices/localCapture.js';
import { actionErrorMessage, mediaErrorMessage, screenShareErrorMessage } from '../meeting/humanErrors.js';
import { useMeetingStore, type PublicationInfo } from '../stores/meeting.js';
import { useNoticesStore } from '../stores/notices.js';
import { usePreferencesStore } from '../stores/preferences.js';
import { DEVICE_OF, type LocalMedia } from './useLocalMedia.js';

type Control = 'mic' | 'camera' | 'screen';

/**
 * Mic, camera and screen during the meeting. The mic mutes by pausing its producer (instant, and others see the
 * muted icon); the camera turns off by unpublishing and releasing the device (its light goes off). Switching
 * device replaces the track under the same producer; a device that disappears is replaced by the default one
 * (and the person told). A host mute turns "unmute" into "ask to unmute". Failures become notices.
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
    } catch (error) {
      notices.push(actionErrorMessage(error), 'error');
    } finally {
      busy.value = busy.value.filter((entry) => entry !== control);
    }
  }

  const publication = (source: MediaSource): PublicationInfo | undefined =>
    meeting.publications.find((entry) => entry.source === source);
  const preferred = (slot: DeviceSlot): string | null => (slot === 'mic' ? preferences.micId : preferences.cameraId);

  function setMuted(source: MediaSource, muted: boolean): Promise<void> {
    return session.setMuted(source, muted);
  }

  /** Opens the device into its slot (a notice says why it could not) and returns its track. */
  async function openDevice(slot: DeviceSlot): Promise<MediaStreamTrack | null> {
    const [failure] = await local.open(
      slot === 'camera' ? { mic: false, camera: preferences.cameraId } : { mic: preferences.micId, camera: false },
    );
    if (failure) notices.push(mediaErrorMessage(failure.error, failure.device), 'error');
    return local[slot].value;
  }

  /** A new track for a published source whose device was closed or ended; false when none could be opened. */
  async function reopen(slot: DeviceSlot): Promise<boolean> {
    try {
      const captured = await local.switchTo(slot, preferred(slot), (track) => session.replaceTrack(slot, track));
      return captured !== null;
    } catch (error) {
      notices.push(mediaErrorMessage(error, DEVICE_OF[slot]), 'error');
      return false;
    }
  }

  async function askToUnmute(source: MediaSource): Promise<void> {
    await session.requestUnmute(source);
    if (!meeting.unmuteAsked.includes(source)) meeting.unmuteAsked = [...meeting.unmuteAsked, source];
    notices.push('You asked the host to let you unmute.');
  }

  function toggleMic(): Promise<void> {
    return exclusive('mic', async () => {
      const mic = publication('mic');
      if (!mic) {
        const track = await openDevice('mic');
        if (track) await session.publishMic(track);
        return;
      }
      if (!mic.paused) {
        await setMuted('mic', true);
        return;
      }
      if (meeting.hostMuted.includes('mic')) {
        await askToUnmute('mic');
        return;
      }
      // An unplugged mic recovers here: unmuting opens a new track.
      if ((mic.trackEnded || !local.mic.value) && !(await reopen('mic'))) return;
      await setMuted('mic', false);
    });
  }

  function toggleCamera(): Promise<void> {
    return exclusive('camera', async () => {
      const camera = publication('camera');
      if (camera && meeting.hostMuted.includes('camera')) {
        await askToUnmute('camera');
        return;
      }
      if (camera?.paused && !camera.trackEnded) {
        // Paused by a moderator who has allowed it again: resume.
        await setMuted('camera', false);
        return;
      }
      if (camera) {
        await session.unpublish('camera');
        local.close('camera');
        if (!camera.trackEnded) return;
      }
      const track = await openDevice('camera');
      if (track) await session.publishCamera(track);
    });
  }

  /** Uses another device from now on; mid-call, the new track replaces the old one in the same producer. */
  function select(slot: DeviceSlot, deviceId: string): Promise<void> {
    if (slot === 'mic') preferences.micId = deviceId;
    else preferences.cameraId = deviceId;
    if (!local[slot].value) return Promise.resolve();
    return exclusive(slot, async () => {
      const published = publication(slot) !== undefined;
      try {
        const captured = await local.switchTo(
          slot,
          deviceId,
          published ? (track) => session.replaceTrack(slot, track) : undefined,
        );
        if (captured?.fellBack) notices.push(`That ${DEVICE_OF[slot]} is not available: using the default one.`);
      } catch (error) {
        notices.push(mediaErrorMessage(error, DEVICE_OF[slot]), 'error');
      }
    });
  }

  /** A device went away mid-call: carry on with the default one if there is one, and say what happened. */
  async function deviceEnded(slot: DeviceSlot): Promise<void> {
    const device = DEVICE_OF[slot];
    if (!publication(slot)) {
      local.close(slot);
      return;
    }
    try {
      const captured = await local.switchTo(slot, null, (track) => session.replaceTrack(slot, track));
      if (captured) notices.push(`Your ${device} stopped; now using ${captured.track.label || 'the default one'}.`);
    } catch {
      local.close(slot);
      if (slot === 'mic') await session.setMuted('mic', true);
      else await session.unpublish('camera');
      notices.push(`Your ${device} was disconnected. Connect one, then turn it back on.`, 'error');
    }
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
        if (publication('screen')) await stopScreen();
        else await shareScreen();
      } catch (error) {
        local.closeScreen();
        const message = screenShareErrorMessage(error);
        if (message) notices.push(message, 'error');
      }
    });
  }

  const stopWatching = local.onEnded((slot: Slot) => {
    if (slot === 'mic' || slot === 'camera') void exclusive(slot, () => deviceEnded(slot));
    // The session unpublishes an ended screen share (with its sound); let go of the capture too.
    else local.closeScreen();
  });
  onScopeDispose(stopWatching);

  return {
    busy,
    setMuted,
    toggleMic,
    toggleCamera,
    selectMic: (deviceId: string) => select('mic', deviceId),
    selectCamera: (deviceId: string) => select('camera', deviceId),
    toggleScreen,
    shareScreen,
    stopScreen,
  };
}

export type MediaControls = ReturnType<typeof useMediaControls>;
