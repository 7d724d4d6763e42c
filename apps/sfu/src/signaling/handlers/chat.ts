import type { Handlers } from '../context.js';

export const chatHandlers: Pick<Handlers, 'sendChat' | 'getChatHistory'> = {
  sendChat(context, { text, to }) {
    const { room, peer } = context.requireSession();
    return { message: room.sendChat(peer, text, to) };
  },

  getChatHistory(context, { beforeSeq, limit }) {
    const { room, peer } = context.requireSession();
    return room.chat.history(peer.id, beforeSeq, limit);
  },
};
