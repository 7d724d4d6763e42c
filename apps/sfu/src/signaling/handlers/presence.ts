import type { Handlers } from '../context.js';

export const presenceHandlers: Pick<Handlers, 'setHandRaised' | 'sendReaction'> = {
  setHandRaised(context, { raised, peerId }) {
    const { room, peer } = context.requireSession();
    const target = peerId === undefined ? peer : room.moderation.peer(peerId);
    room.moderation.setHandRaised(peer, target, raised);
    return {};
  },

  sendReaction(context, { reaction }) {
    const { room, peer } = context.requireSession();
    room.broadcast('reactionSent', { peerId: peer.id, reaction });
    return {};
  },
};
