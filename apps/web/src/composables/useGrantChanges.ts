import type { RoomSession } from '@huddle/client';
import type { Grants, MediaSource } from '@huddle/shared';
import { useMeetingStore } from '../stores/meeting.js';
import { useNoticesStore } from '../stores/notices.js';
import type { LocalMedia } from './useLocalMedia.js';

type PublishDevices = (wanted: { mic: boolean; camera: boolean }) => Promise<void>;

/**
 * What our grants mean for this page's devices. Joined without `publish` (a viewer, or a token without it): no
 * camera or mic — any the pre-join opened are let go. A moderator revoking `publish` (the server closed those
 * producers) or `screen`: the devices are let go too. Granting `publish` in a webinar brings us on stage: camera
 * and mic open and are published; in a meeting the controls just come back. Each change is told in a notice.
 */
export function useGrantChanges(session: RoomSession, local: LocalMedia, publishDevices: PublishDevices) {
  const meeting = useMeetingStore();
  const notices = useNoticesStore();

  const publishing = (source: MediaSource): boolean =>
    session.publications.publications.some((publication) => publication.source === source);

  /** Stops the camera and mic; returns whether either was open. */
  function releaseDevices(): boolean {
    const open = local.mic.value !== null || local.camera.value !== null;
    local.close('mic');
    local.close('camera');
    return open;
  }

  /** Unpublishes what this peer may not send (published before the join said so) and lets go of the devices. */
  function withdraw(sources: readonly MediaSource[]): void {
    for (const source of sources) {
      if (publishing(source)) session.unpublish(source).catch(() => undefined);
    }
  }

  /** A new peer (a join or a rejoin) with these grants. */
  function joined(grants: Grants): void {
    if (!grants.publish) {
      withdraw(['mic', 'camera']);
      if (releaseDevices()) notices.push('You joined to watch: your camera and microphone stay off.');
    }
    if (!grants.screen && local.screen.value) {
      withdraw(['screen-audio', 'screen']);
      local.closeScreen();
    }
  }

  /** A moderator changed our grants (the session has dropped what the server closed). */
  function changed(before: Grants, after: Grants): void {
    const webinar = meeting.mode === 'webinar';
    if (before.publish && !after.publish) {
      releaseDevices();
      notices.push(
        webinar
          ? 'The host moved you back to the audience: your camera and microphone are off.'
          : 'The host turned off your microphone and camera for this meeting.',
      );
    }
    if (!before.publish && after.publish) {
      if (webinar) {
        notices.push('The host brought you on stage: your camera and microphone are turning on.');
        void publishDevices({ mic: true, camera: true });
      } else {
        notices.push('The host allowed you to use your microphone and camera.');
      }
    }
    if (before.screen && !after.screen && local.screen.value) {
      local.closeScreen();
      notices.push('The host stopped your screen share.');
    }
    if (before.chat !== after.chat) {
      notices.push(after.chat ? 'The host turned chat back on for you.' : 'The host turned off chat for you.');
    }
  }

  return { joined, changed, releaseDevices };
}
