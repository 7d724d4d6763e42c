import { onScopeDispose, shallowRef } from 'vue';
import { actionErrorMessage } from '../meeting/humanErrors.js';
import type { RecordingStatus, RoomSession } from '../sfu/index.js';
import { useNoticesStore } from '../stores/notices.js';

/** The room's recording for the meeting: the "Recording" indicator everyone sees, and start/stop for those allowed. */
export function useRecording(session: RoomSession) {
  const notices = useNoticesStore();
  const status = shallowRef<RecordingStatus>(session.recording);
  const busy = shallowRef(false);

  const stop = session.on('recordingChanged', (next) => {
    const was = status.value.recording;
    status.value = next;
    if (!was && next.recording) notices.push('This meeting is being recorded');
    if (was && !next.recording) notices.push('Recording stopped');
  });
  onScopeDispose(stop);

  async function toggle(): Promise<void> {
    busy.value = true;
    try {
      await (status.value.recording ? session.stopRecording() : session.startRecording());
    } catch (error) {
      notices.push(actionErrorMessage(error), 'error');
    } finally {
      busy.value = false;
    }
  }

  return { status, busy, toggle };
}

export type RecordingControls = ReturnType<typeof useRecording>;
