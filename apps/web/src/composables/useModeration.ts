import type { MediaSource } from '@huddle/shared';
import type { PermissionsPatch, RoomSession } from '@huddle/client';
import { actionErrorMessage } from '../meeting/humanErrors.js';
import { useMeetingStore } from '../stores/meeting.js';
import { useNoticesStore } from '../stores/notices.js';

/** A grant a moderator changes live. */
export type LiveGrant = keyof PermissionsPatch;

/**
 * What a moderator does in the meeting: mute someone and answer requests to unmute; grant or revoke a
 * participant's `publish`, `screen` and `chat`; in a webinar, bring a viewer on stage (`publish`) and take them
 * off again (neither `publish` nor `screen`). The grants the SFU answers are remembered, so menus show them.
 */
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

  const setPermissions = (peerId: string, patch: PermissionsPatch): Promise<void> =>
    attempt(async () => {
      const grants = await session.setPermissions(peerId, patch);
      meeting.peerGrants = { ...meeting.peerGrants, [peerId]: grants };
    });

  return {
    mute: (peerId: string, source: MediaSource) => attempt(() => session.muteParticipant(peerId, source)),
    allowUnmute: (peerId: string, source: MediaSource) =>
      attempt(async () => {
        await session.allowUnmute(peerId, source);
        forget(peerId, source);
      }),
    dismiss: forget,
    setGrant: (peerId: string, grant: LiveGrant, allowed: boolean) => setPermissions(peerId, { [grant]: allowed }),
    /** A viewer joins the stage: it may publish (its page opens camera and mic). */
    bringOnStage: (peerId: string) => setPermissions(peerId, { publish: true }),
    /** Back to the audience: its producers close and its page lets go of its devices. */
    takeOffStage: (peerId: string) => setPermissions(peerId, { publish: false, screen: false }),
  };
}

export type ModerationActions = ReturnType<typeof useModeration>;
