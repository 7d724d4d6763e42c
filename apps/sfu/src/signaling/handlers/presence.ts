import { notFound } from '../../errors.js';
import type { Handlers } from '../context.js';

export const presenceHandlers: Pick<Handlers, 'setHandRaised' | 'sendReaction'> = {
  setHandRaised(context, { raised, peerId }) {
    const { room, peer } = context.requireSession();
    const target = peerId === undefined ? peer : room.peers.get(peerId);
    if (!target) throw notFound('participant', peerId ?? '');
    room.setHandRaised(peer, target, raised);
    return {};
  },

  sendReaction(context, { reaction }) {
    const { room, peer } = context.requireSession();
    room.broadcast('reactionSent', { peerId: peer.id, reaction });
    return {};
  },
};
