import type { MediaSource } from '@huddle/shared';
import type { RoomSession } from '@huddle/client';
import { actionErrorMessage } from '../meeting/humanErrors.js';
import { useMeetingStore } from '../stores/meeting.js';
import { useNoticesStore } from '../stores/notices.js';

/** What a moderator does in the meeting: mute someone, and answer requests to unmute. */
export function useModeration(session: RoomSession) {
  const meeting = useMeetingStore();
  const notices = useNoticesStore();

  async function attempt(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      notices.push(actionErrorMessage(error), 'error');
    }
  }

  const forget = (peerId: string, source: MediaSource): void => {
    meeting.unmuteRequests = meeting.unmuteRequests.filter(
      (request) => request.peerId !== peerId || request.source !== source,
    );
  };

  return {
    mute: (peerId: string, source: MediaSource) => attempt(() => session.muteParticipant(peerId, source)),
    allowUnmute: (peerId: string, source: MediaSource) =>
      attempt(async () => {
        await session.allowUnmute(peerId, source);
        forget(peerId, source);
      }),
    dismiss: forget,
  };
}

export type ModerationActions = ReturnType<typeof useModeration>;
