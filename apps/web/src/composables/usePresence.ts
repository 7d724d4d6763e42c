import type { Reaction } from '@huddle/shared';
import { onScopeDispose } from 'vue';
import { actionErrorMessage } from '../meeting/humanErrors.js';
import type { RoomSession } from '@huddle/client';
import { useMeetingStore } from '../stores/meeting.js';
import { useNoticesStore } from '../stores/notices.js';
import { useReactionsStore } from '../stores/reactions.js';

/** Raised hands and emoji reactions. */
export function usePresence(session: RoomSession) {
  const meeting = useMeetingStore();
  const notices = useNoticesStore();
  const reactions = useReactionsStore();

  /** A viewer (whose hand only moderators see) may not be in the list we have. */
  const nameOf = (peerId: string): string =>
    meeting.participants.find((participant) => participant.peerId === peerId)?.name ??
    meeting.audience.find((viewer) => viewer.peerId === peerId)?.displayName ??
    (meeting.mode === 'webinar' ? 'A viewer' : 'Someone');

  const unsubscribe = [
    session.notifications.on('reactionSent', ({ peerId, reaction }) => reactions.show(peerId, reaction)),
    session.notifications.on('handRaisedChanged', ({ peerId, raised, byPeerId }) => {
      const self = session.peerId;
      if (raised && peerId !== self) notices.push(`${nameOf(peerId)} raised a hand`);
      if (!raised && peerId === self && byPeerId !== self) notices.push(`${nameOf(byPeerId)} lowered your hand`);
    }),
  ];
  onScopeDispose(() => {
    for (const stop of unsubscribe) stop();
  });

  async function attempt(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      notices.push(actionErrorMessage(error), 'error');
    }
  }

  return {
    toggleHand: () => attempt(() => session.setHandRaised(!(meeting.self?.handRaised ?? false))),
    /** A moderator lowering someone else's hand. */
    lowerHand: (peerId: string) => attempt(() => session.setHandRaised(false, peerId)),
    /** The server tells the others only: our own reaction floats over our tile once it is sent. */
    react: (reaction: Reaction) =>
      attempt(async () => {
        await session.sendReaction(reaction);
        if (session.peerId !== undefined) reactions.show(session.peerId, reaction);
      }),
  };
}

export type PresenceActions = ReturnType<typeof usePresence>;
