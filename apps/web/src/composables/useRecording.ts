import type { RoomSession } from '@huddle/client';
import { shallowRef } from 'vue';
import { actionErrorMessage } from '../meeting/humanErrors.js';
import { useMeetingStore } from '../stores/meeting.js';
import { useNoticesStore } from '../stores/notices.js';

/** Start and stop the room's recording, for those whose grants allow it (the state is the meeting store's). */
export function useRecording(session: RoomSession) {
  const meeting = useMeetingStore();
  const notices = useNoticesStore();
  const busy = shallowRef(false);

  async function toggle(): Promise<void> {
    busy.value = true;
    try {
      if (meeting.recording) await session.stopRecording();
      else await session.startRecording();
    } catch (error) {
      notices.push(actionErrorMessage(error), 'error');
    } finally {
      busy.value = false;
    }
  }

  return { busy, toggle };
}

export type RecordingActions = ReturnType<typeof useRecording>;
