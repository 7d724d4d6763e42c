import type { Handlers } from '../context.js';

export const presenceHandlers: Pick<Handlers, 'setHandRaised' | 'sendReaction' | 'listPeers'> = {
  async setHandRaised(context, { raised, peerId }) {
    const { room, peer } = context.requireSession();
    await room.moderation.setHandRaised(peer, peerId ?? peer.id, raised);
    return {};
  },

  /** A viewer's reaction goes to the stage only (a large audience would flood everyone else). */
  sendReaction(context, { reaction }) {
    const { room, peer } = context.requireSession();
    const everyone = room.onStage(peer);
    room.publish({ kind: 'reaction', peerId: peer.id, reaction, onStage: everyone });
    for (const member of room.members()) {
      if (member !== peer && (everyone || room.onStage(member)))
        member.notify('reactionSent', { peerId: peer.id, reaction });
    }
    return {};
  },

  listPeers(context, { after, limit, viewers }) {
    const { room, peer } = context.requireSession();
    return room.listPeers(peer, { after, limit, viewers: viewers ?? false });
  },
};
